import { memo } from 'react';
import type { Bin } from '../../core/scoreView';
import { formatScore } from '../format';
import { useElementWidth } from '../charts/useElementWidth';
import { COLORS, YGrid } from '../charts/kit';

const HEIGHT = 150;
const PAD = { left: 40, right: 8, top: 6, bottom: 22 };

/**
 * Where the rows' current scores fall, with the bins holding the open round's candidates marked.
 * Plain SVG: 40 bars need no chart library, and redraw in well under a millisecond.
 */
export const ScoreHistogram = memo(function ScoreHistogram({ bins, round }: { bins: Bin[]; round: number | null }) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const rows = bins.reduce((n, b) => n + b.rows, 0);
  const candidates = bins.reduce((n, b) => n + b.candidates, 0);
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
            aria-label={`Histogram of ${rows} scores in ${bins.length} bins${marked ? `; ${candidates} query candidates marked` : ''}`}
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
          {candidates > 0 && (
            <span className="legend-item">
              <span className="swatch" style={{ background: COLORS.candidate }} aria-hidden="true" /> bins holding round {round}
              &apos;s {candidates} candidates
            </span>
          )}
          <span className="legend-item">higher score = more outlying</span>
        </p>
      )}
    </figure>
  );
});
