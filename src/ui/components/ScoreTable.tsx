import { memo, useId, useRef, useState } from 'react';
import type { LabelFilter, SortKey } from '../../core/scoreView';
import { formatFixed, formatInt, formatScore } from '../format';
import { hasScores, NONE, useLab } from '../store';
import { COLUMN_PAGE, extraColumnChoices } from '../columnWindow';
import { useRowPages } from '../useRowPages';
import { useScorePage } from '../useScoreView';
import { useThrottled } from '../useThrottled';

const ROW_HEIGHT = 28;
const VIEW_HEIGHT = 336;
const OVERSCAN = 6;

type Key = 'rank' | 'score' | 'row';
/** Each key's first click puts the most outlying rows (or the first row) on top. */
const FIRST_SORT: Record<Key, SortKey> = { rank: 'rank-asc', score: 'score-desc', row: 'row-asc' };

/**
 * Every row with its final rank (the analyst's outliers first, inliers last), the model's score and rank, posterior
 * and label; only the rows on screen are in the DOM.
 */
export const ScoreTable = memo(function ScoreTable() {
  const headingId = useId();
  const filterId = useId();
  const columnId = useId();
  const table = useLab((s) => s.table);
  // The worker ranks every row again for each new score vector: once a second is plenty while training.
  const version = useThrottled(
    useLab((s) => s.scoreVersion),
    1000,
  );
  const scored = useLab(hasScores);
  const labels = useLab((s) => s.labels);
  const labelColumn = useLab((s) => s.labelColumn);
  const final = useLab((s) => s.result != null);
  // The final ranking first: the answers are facts (core/scoreIndex.ts, answerRanks); Score sorts by the model alone.
  const [sort, setSort] = useState<SortKey>('rank-asc');
  const [filter, setFilter] = useState<LabelFilter>('all');
  const [extra, setExtra] = useState<number | 'label' | 'none'>('label');
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);
  const bodyRef = useRef<HTMLDivElement>(null);
  /** A new order starts at its top. */
  const toTop = () => {
    if (bodyRef.current) bodyRef.current.scrollTop = 0;
    setScrollTop(0);
  };

  // Only the window on screen comes from the worker, which sorts and filters every row.
  const wantFirst = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const wantLast = Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN;
  const page = useScorePage(`${table?.fileName}:${table?.rows}:${version}`, sort, filter, labels, wantFirst, wantLast);
  const total = page?.total ?? table?.rows ?? 0;
  const first = Math.min(wantFirst, total);
  const last = Math.min(total, wantLast);
  const at = (i: number) => (page && i >= page.start && i < page.start + page.rows.length ? i - page.start : -1);
  const onScreen = Int32Array.from({ length: last - first }, (_, i) => {
    const j = at(first + i);
    return j >= 0 ? page!.rows[j] : -1;
  }).filter((r) => r >= 0);

  const rawColumn = extra === 'label' ? labelColumn : extra === 'none' ? null : extra;
  const cellsOf = useRowPages(table ? `${table.fileName}:${table.rows}` : null, onScreen, rawColumn != null);

  const toggleSort = (key: Key) => {
    setSort((s) => (s.startsWith(key) ? (s.endsWith('desc') ? `${key}-asc` : `${key}-desc`) : FIRST_SORT[key]) as SortKey);
    toTop();
  };
  const ariaSort = (key: Key) => (sort.startsWith(key) ? (sort.endsWith('desc') ? 'descending' : 'ascending') : 'none');
  const arrow = (key: Key) => (sort.startsWith(key) ? (sort.endsWith('desc') ? ' ▼' : ' ▲') : '');

  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="table-head">
        <h2 id={headingId}>
          Scores{' '}
          <span className="muted small">
            {scored
              ? `${final ? 'final' : 'live'} · higher = more outlying · rank: your outliers first, your inliers last`
              : 'not scored yet: start a run'}
          </span>
        </h2>
        {table && (
          <div className="table-controls">
            <label htmlFor={filterId}>Show</label>
            <select
              id={filterId}
              data-testid="score-filter"
              value={filter}
              onChange={(e) => {
                setFilter(e.currentTarget.value as LabelFilter);
                toTop();
              }}
            >
              <option value="all">all rows</option>
              <option value="outlier">labeled outlier</option>
              <option value="inlier">labeled inlier</option>
              <option value="unlabeled">unlabeled</option>
            </select>
            <label htmlFor={columnId}>Extra column</label>
            <select
              id={columnId}
              value={String(extra)}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setExtra(v === 'label' || v === 'none' ? v : Number(v));
              }}
            >
              <option value="none">none</option>
              <option value="label">ground truth{labelColumn == null ? ' (none chosen)' : ''}</option>
              {extraColumnChoices(table?.header ?? NONE, typeof extra === 'number' ? extra : null).map((c) => (
                <option key={c.index} value={String(c.index)}>
                  {c.name}
                </option>
              ))}
              {table && table.header.length > COLUMN_PAGE && (
                <option disabled value="more">
                  (the first {COLUMN_PAGE} of {formatInt(table.header.length)} columns)
                </option>
              )}
            </select>
          </div>
        )}
      </div>
      {!table ? (
        <p className="muted">Load a table first.</p>
      ) : (
        <div
          className="score-table"
          role="table"
          aria-label="Score of every row"
          aria-rowcount={total + 1}
          data-testid="score-table"
          data-rows={total}
        >
          <div role="rowgroup">
            <div role="row" aria-rowindex={1} className="st-row st-header">
              <div role="columnheader" aria-sort={ariaSort('row')}>
                <button type="button" className="sort-button" onClick={() => toggleSort('row')}>
                  Row{arrow('row')}
                </button>
              </div>
              <div role="columnheader" aria-sort={ariaSort('score')} className="num">
                <button type="button" className="sort-button" onClick={() => toggleSort('score')}>
                  Score{arrow('score')}
                </button>
              </div>
              <div role="columnheader" aria-sort={ariaSort('rank')} className="num">
                <button
                  type="button"
                  className="sort-button"
                  title="The final ranking: rows you answered outlier first, rows you answered inlier last, the model's order otherwise"
                  onClick={() => toggleSort('rank')}
                >
                  Rank{arrow('rank')}
                </button>
              </div>
              <div role="columnheader" className="num" title="The model's own rank, from its score alone">
                Model rank
              </div>
              <div role="columnheader" className="num">
                Inlier posterior
              </div>
              <div role="columnheader">Label</div>
              <div role="columnheader">Source</div>
              <div role="columnheader">{rawColumn != null ? `${table?.header[rawColumn]} (file)` : ''}</div>
            </div>
          </div>
          <div
            ref={bodyRef}
            className="st-body"
            role="rowgroup"
            tabIndex={0}
            aria-label="Rows (scroll)"
            style={{ height: VIEW_HEIGHT }}
            onScroll={(e) => {
              const top = e.currentTarget.scrollTop;
              cancelAnimationFrame(frame.current);
              frame.current = requestAnimationFrame(() => setScrollTop(top));
            }}
          >
            <div style={{ height: total * ROW_HEIGHT, position: 'relative' }}>
              <div style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
                {Array.from({ length: last - first }, (_, i) => {
                  const j = at(first + i);
                  if (j < 0)
                    return (
                      <div
                        role="row"
                        aria-rowindex={first + i + 2}
                        key={`loading-${first + i}`}
                        className="st-row"
                        style={{ height: ROW_HEIGHT }}
                      >
                        <div role="cell" className="muted">
                          …
                        </div>
                      </div>
                    );
                  const row = page!.rows[j];
                  const l = labels.get(row);
                  const raw = rawColumn != null ? cellsOf(row)?.[rawColumn] : undefined;
                  return (
                    <div
                      role="row"
                      aria-rowindex={first + i + 2}
                      key={row}
                      className="st-row"
                      data-row-index={row}
                      style={{ height: ROW_HEIGHT }}
                    >
                      <div role="cell">{formatInt(row + 1)}</div>
                      <div role="cell" className="num">
                        {page!.scores.length ? formatScore(page!.scores[j]) : '—'}
                      </div>
                      <div role="cell" className="num">
                        {page!.ranks.length ? formatInt(page!.ranks[j]) : ''}
                      </div>
                      <div role="cell" className="num">
                        {page!.modelRanks.length ? formatInt(page!.modelRanks[j]) : ''}
                      </div>
                      <div role="cell" className="num">
                        {page!.posteriors ? formatFixed(page!.posteriors[j], 3) : '—'}
                      </div>
                      <div role="cell">
                        {l ? <span className={`tag ${l.label ? 'tag-outlier' : 'tag-inlier'}`}>{l.label ? 'outlier' : 'inlier'}</span> : ''}
                      </div>
                      <div role="cell" className="muted">
                        {l?.source ?? ''}
                      </div>
                      <div role="cell" className="raw" title={raw}>
                        {rawColumn == null ? '' : (raw ?? '…')}
                      </div>
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
          {total === 0 && <p className="muted small">No row matches this filter.</p>}
        </div>
      )}
    </section>
  );
});
