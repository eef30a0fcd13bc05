import { memo, useMemo } from 'react';
import { buildHistogram } from './histogram';
import { useElementWidth } from '../ui/charts/useElementWidth';
import { formatSymlogTick, symlogTicks } from './chartScale';
import { formatLoss } from './format';
import { linearTicks } from './histogram';

const HEIGHT = 170;
const M = { top: 10, right: 10, bottom: 30, left: 40 };

export interface LossHistogramProps {
  scores: Float32Array | null;
  truth: Uint8Array;
  alpha: number;
  /** Draw the alpha cut: only IMBoost queries, so only its runs have one. */
  showCut: boolean;
  testId: string;
}

/**
 * Per-sample losses by true class (outliers red at the foot of each bar, inliers blue above), the
 * 2-component GMM fitted to all losses, and the alpha cut where IMBoost picks its queries.
 */
export const LossHistogram = memo(function LossHistogram({ scores, truth, alpha, showCut, testId }: LossHistogramProps) {
  const [frameRef, width] = useElementWidth<HTMLDivElement>(360);
  const h = useMemo(() => (scores && scores.length === truth.length ? buildHistogram(scores, truth, alpha) : null), [scores, truth, alpha]);
  const innerW = Math.max(10, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;

  if (!h) {
    return (
      <div className="learn-hist" ref={frameRef} data-testid={testId}>
        <p className="learn-muted learn-empty">The loss histogram appears once training scores the points.</p>
      </div>
    );
  }
  // x positions are in axis units; raw losses go through the histogram's scale first.
  const x = (v: number) => M.left + ((v - h.lo) / (h.hi - h.lo)) * innerW;
  const xRaw = (loss: number) => x(h.scale.fwd(loss));
  // Square-root counts: a handful of outliers next to hundreds of inliers stays visible.
  // The curve may peak above the bars (a narrow component): the bars set the scale, the curve is clipped.
  const top = Math.sqrt(h.maxCount) * 1.08;
  const y = (c: number) => M.top + innerH - (Math.min(Math.sqrt(Math.max(c, 0)), top) / top) * innerH;
  const curvePath = h.curve.map((c, i) => `${i ? 'L' : 'M'}${x(c.y).toFixed(1)},${y(c.count).toFixed(1)}`).join('');
  const ticks =
    h.scale.kind === 'symlog'
      ? symlogTicks(h.scale.inv(h.lo), h.scale.inv(h.hi)).filter((t) => t >= h.lo - 1e-9 && t <= h.hi + 1e-9)
      : linearTicks(h.lo, h.hi, 8);
  const tickText = (t: number) => (h.scale.kind === 'symlog' ? formatSymlogTick(t) : Number.isInteger(t) ? String(t) : formatLoss(t));
  const countTicks = [1, 10, 100, 1000].filter((c) => Math.sqrt(c) <= top);
  return (
    <div className="learn-hist" ref={frameRef} data-testid={testId} data-cuts={h.cuts.map((c) => c.toFixed(3)).join(',')}>
      <svg width={width} height={HEIGHT} role="img" aria-label="Histogram of per-point losses, split by true class">
        {h.bins.map((b, i) => {
          const x0 = x(b.y0) + 0.5;
          const w = Math.max(0.5, x(b.y1) - x(b.y0) - 1);
          return (
            <g key={i}>
              <rect x={x0} y={y(b.outliers)} width={w} height={y(0) - y(b.outliers)} className="learn-hist-outlier" />
              <rect
                x={x0}
                y={y(b.outliers + b.inliers)}
                width={w}
                height={y(b.outliers) - y(b.outliers + b.inliers)}
                className="learn-hist-inlier"
              />
            </g>
          );
        })}
        {h.gmm && <path d={curvePath} className="learn-hist-gmm" />}
        {showCut &&
          h.cuts.map((c, i) => (
            <g key={c}>
              <line x1={xRaw(c)} x2={xRaw(c)} y1={M.top} y2={M.top + innerH} className="learn-hist-cut" />
              {/* The cuts come in a close pair around the boundary: one label is enough. */}
              {i === h.cuts.length - 1 && (
                <text x={xRaw(c) + 3} y={M.top + 10} className="learn-hist-cut-label">
                  α = {alpha}: queries here
                </text>
              )}
            </g>
          ))}
        <line x1={M.left} x2={M.left + innerW} y1={y(0)} y2={y(0)} className="learn-axis" />
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={y(0)} y2={y(0) + 3} className="learn-axis" />
            <text x={x(t)} y={HEIGHT - 14} textAnchor="middle" className="learn-tick">
              {tickText(t)}
            </text>
          </g>
        ))}
        <text x={M.left + innerW / 2} y={HEIGHT - 2} textAnchor="middle" className="learn-tick">
          loss per point{h.scale.kind === 'symlog' ? ', signed log scale' : ''} →
        </text>
        {countTicks.map((c) => (
          <text key={c} x={M.left - 4} y={y(c) + 3} textAnchor="end" className="learn-tick">
            {c}
          </text>
        ))}
        <text x={4} y={M.top + innerH / 2} className="learn-tick" transform={`rotate(-90 8 ${M.top + innerH / 2})`} textAnchor="middle">
          points (√ scale)
        </text>
      </svg>
    </div>
  );
});
