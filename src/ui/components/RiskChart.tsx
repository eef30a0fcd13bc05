import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatScore } from '../format';
import { thinPoints, type PhaseMarker, type ProgressPoint } from '../../core/progressSeries';
import { COLORS, MAX_DRAWN, markerLabel, plainTick } from '../charts/kit';
import { useElementWidth } from '../charts/useElementWidth';
import { useStaged } from '../useStaged';

const scoreTick = plainTick((v) => formatScore(Number(v)));
const updateTick = plainTick();
const HEIGHT = 230;
/** The four risk lines: mean loss of the true classes (hidden without ground truth) and of the analyst's labels. */
const RISK_LINES = [
  { name: 'inlier (truth)', dataKey: 'trueInlier', color: COLORS.inlier, truth: true },
  { name: 'outlier (truth)', dataKey: 'trueOutlier', color: COLORS.outlier, truth: true },
  { name: 'inlier (your labels)', dataKey: 'estInlier', color: COLORS.inlier, truth: false },
  { name: 'outlier (your labels)', dataKey: 'estOutlier', color: COLORS.outlier, truth: false },
] as const;

/**
 * Inlier and outlier risk (mean score) over updates: estimated from the analyst's labels, and true
 * from the ground truth when there is one. Vertical lines mark the phase changes and query rounds.
 */
export const RiskChart = memo(function RiskChart({
  points,
  markers,
  totalUpdates: total,
  hasTruth,
}: {
  points: ProgressPoint[];
  markers: PhaseMarker[];
  totalUpdates: number;
  hasTruth: boolean;
}) {
  const data = useMemo(() => thinPoints(points, MAX_DRAWN), [points]);
  // Sized by the kit's observer, not recharts' `responsive` (which measures in the commit and renders the chart
  // again at once): the chart's mount is a task of its own, after the frame that placed it.
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const stage = useStaged(2, width > 0);
  return (
    <figure className="chart" data-testid="risk-chart">
      <figcaption>
        <strong>Risk over training</strong>{' '}
        <span className="muted">mean score of inliers and outliers by update; a growing gap means a sharper split</span>
      </figcaption>
      {/* Mounted before any data: a chart's first mount is its costliest render, keep it out of training. */}
      <div className="chart-frame" ref={ref} style={{ height: HEIGHT }}>
        {points.length === 0 && <p className="chart-empty chart-overlay muted">The curves appear once training scores the rows.</p>}
        {width > 0 && (
          <LineChart
            width={width}
            height={HEIGHT}
            data={data}
            margin={{ top: 18, right: 16, bottom: 4, left: 4 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis dataKey="update" type="number" interval={0} domain={[0, Math.max(total, 1)]} tick={updateTick} allowDecimals={false} />
            <YAxis interval={0} tick={scoreTick} width={52} domain={['auto', 'auto']} />
            {/* Mounted a task after the axes: each child registers in recharts' store and re-renders the chart. */}
            {stage >= 2 && (
              <>
                <Tooltip
                  formatter={(v) => (typeof v === 'number' ? formatScore(v) : String(v))}
                  labelFormatter={(u) => `update ${String(u)}`}
                  isAnimationActive={false}
                />
                {markers.map((m) => (
                  <ReferenceLine
                    key={`${m.kind}-${m.label}`}
                    x={m.update}
                    stroke={m.kind === 'round' ? COLORS.outlier : m.kind === 'guard' ? COLORS.inlier : COLORS.marker}
                    strokeDasharray={m.kind === 'round' ? '2 3' : m.kind === 'guard' ? undefined : '5 4'}
                    strokeWidth={m.kind === 'guard' ? 2 : 1}
                    label={markerLabel(m.label, m.kind === 'round' ? 0 : m.kind === 'polarization' ? 1 : m.kind === 'guard' ? 3 : 2)}
                  />
                ))}
                {/* Lines stay mounted (a line's mount is costly mid-run); without ground truth its lines hide. */}
                {RISK_LINES.map((l) => {
                  const hidden = l.truth && !hasTruth;
                  return (
                    <Line
                      key={l.dataKey}
                      name={l.name}
                      dataKey={l.dataKey}
                      stroke={l.color}
                      strokeDasharray={l.truth ? undefined : '6 3'}
                      strokeWidth={l.truth ? 2 : 1.5}
                      dot={false}
                      isAnimationActive={false}
                      connectNulls
                      hide={hidden}
                      legendType={hidden ? 'none' : 'line'}
                    />
                  );
                })}
              </>
            )}
          </LineChart>
        )}
      </div>
      {/* An HTML legend: recharts' own one re-renders through its store on every update. */}
      <p className="small muted legend-line">
        {hasTruth && (
          <span className="legend-item">
            <LineSwatch color={COLORS.inlier} /> inlier / <LineSwatch color={COLORS.outlier} /> outlier, ground truth
          </span>
        )}
        <span className="legend-item">
          <LineSwatch color={COLORS.inlier} dashed /> inlier / <LineSwatch color={COLORS.outlier} dashed /> outlier, your labels
        </span>
        <span className="legend-item">dotted lines: phase changes and query rounds (R1…)</span>
        {markers.some((m) => m.kind === 'guard') && (
          <span className="legend-item" data-testid="risk-chart-guard">
            solid line: the guard rolled back to the warm-up's ranking (its scores at this point)
          </span>
        )}
      </p>
    </figure>
  );
});

function LineSwatch({ color, dashed }: { color: string; dashed?: boolean }) {
  return (
    <svg width="22" height="8" aria-hidden="true">
      <line x1="1" x2="21" y1="4" y2="4" stroke={color} strokeWidth="2.5" strokeDasharray={dashed ? '5 3' : undefined} />
    </svg>
  );
}
