import { memo, useMemo } from 'react';
import type { RunDone } from '../../worker/api';
import { formatFixed } from '../format';
import { thinPoints, type ProgressPoint } from '../../core/progressSeries';
import { useElementWidth } from '../charts/useElementWidth';
import { COLORS, MAX_DRAWN, YGrid } from '../charts/kit';

const HEIGHT = 130;
const PAD = { left: 30, right: 10, top: 8, bottom: 20 };

/**
 * AUC and AP against the ground truth over updates; the final AUC over all rows once the run ends.
 * Plain SVG (two polylines on a fixed [0, 1] scale), so it costs nothing to redraw during training.
 */
export const QualityChart = memo(function QualityChart({
  points,
  totalUpdates,
  hasTruth,
  result,
}: {
  points: ProgressPoint[];
  totalUpdates: number;
  hasTruth: boolean;
  result: RunDone | null;
}) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const data = useMemo(
    () =>
      thinPoints(
        points.filter((p) => p.auc != null),
        MAX_DRAWN,
      ),
    [points],
  );
  const latest = data.length ? data[data.length - 1] : null;
  const auc = result ? result.auc : (latest?.auc ?? null);
  const ap = result ? result.ap : (latest?.ap ?? null);
  const plotW = Math.max(0, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const xMax = Math.max(1, totalUpdates, latest?.update ?? 0);
  const x = (u: number) => PAD.left + (u / xMax) * plotW;
  const y = (v: number) => PAD.top + (1 - v) * plotH;
  const line = (key: 'auc' | 'ap') =>
    data
      .filter((p) => p[key] != null)
      .map((p) => `${x(p.update).toFixed(1)},${y(p[key] as number).toFixed(1)}`)
      .join(' ');
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * xMax));
  return (
    <figure className="chart" data-testid="quality-chart">
      <figcaption>
        <strong>Ranking quality</strong> <span className="muted">against the ground truth</span>
      </figcaption>
      {!hasTruth ? (
        <p className="chart-empty muted">Choose a ground-truth label column to measure AUC and AP.</p>
      ) : (
        <>
          <p className="metrics">
            <span>
              AUC <strong data-testid="auc-value">{formatFixed(auc, 3)}</strong>
            </span>
            <span>
              AP <strong data-testid="ap-value">{formatFixed(ap, 3)}</strong>
            </span>
            <span className="muted small">{result ? 'final, all rows' : auc != null ? 'live' : ''}</span>
          </p>
          <div className="chart-frame" ref={ref}>
            {data.length === 0 ? (
              <p className="chart-empty muted" style={{ height: HEIGHT }}>
                AUC and AP appear once training scores the rows.
              </p>
            ) : (
              <svg
                width={width}
                height={HEIGHT}
                role="img"
                aria-label={`AUC and AP over ${xMax} updates; latest AUC ${formatFixed(auc, 3)}, AP ${formatFixed(ap, 3)}`}
              >
                <YGrid ticks={[0, 0.5, 1]} y={y} left={PAD.left} width={plotW} />
                {xTicks.map((u, i) => (
                  <text
                    key={i}
                    x={x(u)}
                    y={HEIGHT - 5}
                    textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
                    fontSize={11}
                    fill={COLORS.tick}
                  >
                    {u}
                  </text>
                ))}
                <polyline points={line('ap')} fill="none" stroke={COLORS.ap} strokeWidth={2} />
                <polyline points={line('auc')} fill="none" stroke={COLORS.auc} strokeWidth={2} />
                {/* The latest values as dots: visible from the very first point. */}
                {latest?.ap != null && <circle cx={x(latest.update)} cy={y(latest.ap)} r={3} fill={COLORS.ap} />}
                {latest?.auc != null && <circle cx={x(latest.update)} cy={y(latest.auc)} r={3} fill={COLORS.auc} />}
              </svg>
            )}
          </div>
          <p className="small muted legend-line">
            <span className="legend-item">
              <span className="swatch" style={{ background: COLORS.auc }} aria-hidden="true" /> AUC
            </span>
            <span className="legend-item">
              <span className="swatch" style={{ background: COLORS.ap }} aria-hidden="true" /> AP (average precision)
            </span>
            <span className="legend-item">by update</span>
          </p>
        </>
      )}
    </figure>
  );
});
