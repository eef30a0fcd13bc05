import { memo, useMemo } from 'react';
import type { ProgressPoint } from '../../core/progressSeries';
import { formatFixed } from '../format';
import { useElementWidth } from '../charts/useElementWidth';
import { COLORS, YGrid } from '../charts/kit';

const HEIGHT = 150;
const PAD = { left: 40, right: 34, top: 10, bottom: 20 };

/**
 * GradStop's two signals by epoch: the cohesion difference of the small- and large-gradient groups (left scale) and
 * the angle between their summed gradients (right scale, 0 to pi, with the early-divergence threshold), and the
 * epoch the rule keeps, marked, with whether it stopped there or returned the first epoch.
 */
export const GradStopChart = memo(function GradStopChart({
  points,
  totalEpochs,
  threshold,
  warmup = false,
  averaged = false,
}: {
  points: ProgressPoint[];
  totalEpochs: number;
  threshold: number | null;
  /** The rule ends IMBoost's warm-up (not the whole training). */
  warmup?: boolean;
  /** ALTBI: the final score averages the snapshots up to the kept epoch. */
  averaged?: boolean;
}) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const data = useMemo(() => points.filter((p) => p.gradstop), [points]);
  const latest = data.length ? data[data.length - 1].gradstop! : null;
  const plotW = Math.max(0, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const xMax = Math.max(1, totalEpochs - 1, data.length ? data[data.length - 1].epoch : 0);
  const cds = data.map((p) => p.gradstop!.cohesionDiff);
  const lo = Math.min(0, ...cds);
  const hi = Math.max(lo + 1e-3, ...cds);
  const x = (e: number) => PAD.left + (e / xMax) * plotW;
  const yC = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const yD = (v: number) => PAD.top + (1 - v / Math.PI) * plotH;
  const line = (pick: (p: ProgressPoint) => number, y: (v: number) => number) =>
    data.map((p) => `${x(p.epoch).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  const status = !latest
    ? ''
    : latest.initialReturned
      ? `Early divergence: the first epoch's model is kept (stopped at epoch ${data[data.length - 1].epoch + 1}).`
      : latest.stopped
        ? warmup
          ? `${data[data.length - 1].epoch + 1 >= totalEpochs ? `Warm-up ran its full ${totalEpochs} epochs` : `Warm-up stopped at epoch ${data[data.length - 1].epoch + 1}`}; the rounds start from epoch ${latest.bestEpoch + 1}'s model.`
          : `${averaged && data[data.length - 1].epoch + 1 >= totalEpochs ? `Ran its full ${totalEpochs} epochs` : `Stopped at epoch ${data[data.length - 1].epoch + 1}`}; keeps epoch ${latest.bestEpoch + 1}${averaged ? ', the scores average the snapshots up to it' : ''}.`
        : `Best so far: epoch ${latest.bestEpoch + 1}.`;
  const ticks = [lo, (lo + hi) / 2, hi].map((v) => Number(v.toPrecision(2)));
  return (
    <figure className="chart" data-testid="gradstop-chart">
      <figcaption>
        <strong>GradStop</strong> <span className="muted">cohesion gap and divergence by {warmup ? 'warm-up ' : ''}epoch</span>
      </figcaption>
      <p className="metrics small" data-testid="gradstop-status">
        {status || 'The rule reports from the first epoch.'}
      </p>
      <div className="chart-frame" ref={ref}>
        {data.length > 0 && (
          <svg width={width} height={HEIGHT} role="img" aria-label={`Cohesion gap and divergence over ${data.length} epochs. ${status}`}>
            <YGrid ticks={ticks} y={yC} left={PAD.left} width={plotW} />
            {[0, Math.PI / 2, Math.PI].map((v, i) => (
              <text key={i} x={PAD.left + plotW + 4} y={yD(v)} dy="0.35em" fontSize={11} fill={COLORS.tick}>
                {formatFixed(v, 2)}
              </text>
            ))}
            {threshold != null && (
              <line x1={PAD.left} x2={PAD.left + plotW} y1={yD(threshold)} y2={yD(threshold)} stroke={COLORS.ap} strokeDasharray="2 4" />
            )}
            <polyline points={line((p) => p.gradstop!.divergence, yD)} fill="none" stroke={COLORS.ap} strokeWidth={1.5} />
            <polyline points={line((p) => p.gradstop!.cohesionDiff, yC)} fill="none" stroke={COLORS.inlier} strokeWidth={2} />
            {latest && (
              <g data-testid="gradstop-kept-marker">
                <line
                  x1={x(latest.bestEpoch)}
                  x2={x(latest.bestEpoch)}
                  y1={PAD.top}
                  y2={PAD.top + plotH}
                  stroke={COLORS.round}
                  strokeWidth={1.5}
                />
                {/* Past the middle the label sits left of the line, so a late kept epoch's stays inside the plot. */}
                <text
                  x={x(latest.bestEpoch) + (latest.bestEpoch > xMax / 2 ? -3 : 3)}
                  y={PAD.top + 10}
                  fontSize={10}
                  fill={COLORS.tick}
                  textAnchor={latest.bestEpoch > xMax / 2 ? 'end' : 'start'}
                >
                  kept: epoch {latest.bestEpoch + 1}
                </text>
              </g>
            )}
            <text x={PAD.left} y={HEIGHT - 5} fontSize={11} fill={COLORS.tick}>
              1
            </text>
            <text x={PAD.left + plotW} y={HEIGHT - 5} textAnchor="end" fontSize={11} fill={COLORS.tick}>
              {xMax + 1}
            </text>
          </svg>
        )}
      </div>
      <p className="small muted legend-line">
        <span className="legend-item">
          <span className="swatch" style={{ background: COLORS.inlier }} aria-hidden="true" /> cohesion gap C(last) − C(top), left
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: COLORS.ap }} aria-hidden="true" /> divergence (radians), right
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: COLORS.round }} aria-hidden="true" /> kept epoch
        </span>
      </p>
    </figure>
  );
});
