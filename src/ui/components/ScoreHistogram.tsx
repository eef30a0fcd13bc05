import { memo, useMemo } from 'react';
import type { RoundView } from '../../worker/api';
import { formatScore } from '../format';
import { useElementWidth } from '../charts/useElementWidth';
import { equalBins, finiteRange } from '../charts/bins';
import { COLORS, YGrid } from '../charts/kit';

const BINS = 40;
const HEIGHT = 150;
const PAD = { left: 40, right: 8, top: 6, bottom: 22 };

export interface Bin {
  from: number;
  to: number;
  rows: number;
  candidates: number;
}

/** Equal-width bins over the current scores; one linear pass, fine for 100k rows. */
export function histogram(scores: Float32Array, candidates: number[]): Bin[] {
  const range = finiteRange(scores);
  if (!range) return [];
  const { lo, width, index: binOf } = equalBins(range.min, range.max, BINS);
  const bins: Bin[] = Array.from({ length: BINS }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, rows: 0, candidates: 0 }));
  for (const v of scores) if (Number.isFinite(v)) bins[binOf(v)].rows++;
  for (const r of candidates) if (r < scores.length && Number.isFinite(scores[r])) bins[binOf(scores[r])].candidates++;
  return bins;
}

/**
 * Where the rows' current scores fall, with the bins holding the open round's candidates marked.
 * Plain SVG: 40 bars need no chart library, and redraw in well under a millisecond.
 */
export const ScoreHistogram = memo(function ScoreHistogram({ scores, round }: { scores: Float32Array | null; round: RoundView | null }) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const candidates = useMemo(() => round?.candidates.map((c) => c.row) ?? [], [round]);
  const bins = useMemo(() => (scores ? histogram(scores, candidates) : []), [scores, candidates]);
  const max = bins.reduce((m, b) => Math.max(m, b.rows), 0);
  const plotW = Math.max(0, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  // Square-root scale: the few outlying rows stay visible next to bins of hundreds.
  const y = (v: number) => PAD.top + plotH - (max ? Math.sqrt(v / max) * plotH : 0);
  const barW = bins.length ? plotW / bins.length : 0;
  const yTicks = max ? [0, Math.round(max / 4), max].filter((v, i, a) => a.indexOf(v) === i) : [];
  const xTicks = bins.length
    ? [0, 10, 20, 30, 40].map((i) => ({ x: PAD.left + i * barW, v: i < bins.length ? bins[i].from : bins[bins.length - 1].to }))
    : [];
  const marked = bins.filter((b) => b.candidates > 0).length;
  return (
    <figure className="chart" data-testid="score-histogram">
      <figcaption>
        <strong>Score distribution</strong> <span className="muted">rows per score bin (square-root scale)</span>
      </figcaption>
      <div className="chart-frame" ref={ref}>
        {bins.length === 0 ? (
          <p className="chart-empty muted" style={{ height: HEIGHT }}>
            Appears once training scores the rows.
          </p>
        ) : (
          <svg
            width={width}
            height={HEIGHT}
            role="img"
            aria-label={`Histogram of ${scores?.length ?? 0} scores in ${bins.length} bins${marked ? `; ${candidates.length} query candidates marked` : ''}`}
          >
            <YGrid ticks={yTicks} y={y} left={PAD.left} width={plotW} />
            {bins.map((b, i) =>
              b.rows ? (
                <rect
                  key={i}
                  x={PAD.left + i * barW + 0.5}
                  width={Math.max(1, barW - 1)}
                  y={y(b.rows)}
                  height={PAD.top + plotH - y(b.rows)}
                  fill={b.candidates ? COLORS.candidate : COLORS.bar}
                >
                  <title>{`${formatScore(b.from)} to ${formatScore(b.to)}: ${b.rows} rows${b.candidates ? `, ${b.candidates} candidate(s)` : ''}`}</title>
                </rect>
              ) : null,
            )}
            <line x1={PAD.left} x2={PAD.left + plotW} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke={COLORS.axis} />
            {xTicks.map((t, i) => (
              <text
                key={i}
                x={t.x}
                y={HEIGHT - 6}
                textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
                fontSize={11}
                fill={COLORS.tick}
              >
                {formatScore(t.v)}
              </text>
            ))}
          </svg>
        )}
      </div>
      {bins.length > 0 && (
        <p className="small muted legend-line">
          <span className="legend-item">
            <span className="swatch" style={{ background: COLORS.bar }} aria-hidden="true" /> rows
          </span>
          {candidates.length > 0 && (
            <span className="legend-item">
              <span className="swatch" style={{ background: COLORS.candidate }} aria-hidden="true" /> bins holding round {round?.round}
              &apos;s {candidates.length} candidates
            </span>
          )}
          <span className="legend-item">higher score = more outlying</span>
        </p>
      )}
    </figure>
  );
});
