import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { plainTick } from '../ui/charts/kit';
import { COLORS } from '../ui/charts/palette';
import { formatSymlogTick, symexp, symlog, symlogTicks } from './chartScale';
import { formatAuc, formatLoss } from './format';
import type { PhaseMarker, TracePoint } from './runState';

/** Plain-text ticks at fixed intervals, as in the app's charts: recharts' own ticks measure every word each render. */
const updateTick = plainTick();
const symlogTick = plainTick((v) => formatSymlogTick(Number(v)));

const AREA_FILL: Record<PhaseArea['kind'], string> = { plain: '#e9ebee', trimmed: '#e3edf8', polarization: '#f8e6ef', model: '#eef1f5' };

interface PhaseArea {
  kind: 'plain' | 'trimmed' | 'polarization' | 'model';
  from: number;
  to: number;
  label: string;
}

/** Background bands for the phases seen so far; the last one reaches the current update. */
export function phaseAreas(markers: PhaseMarker[], upTo: number): PhaseArea[] {
  const starts = markers.filter((m) => m.kind !== 'round' && m.kind !== 'kept');
  if (upTo <= 0) return [];
  const first: PhaseArea = starts.some((m) => m.kind === 'model')
    ? { kind: 'model', from: 0, to: upTo, label: 'M1' }
    : { kind: 'plain', from: 0, to: upTo, label: 'plain' };
  const areas = [first];
  for (const m of starts) {
    areas[areas.length - 1].to = m.update;
    const kind = m.kind === 'trimming' ? 'trimmed' : m.kind === 'polarization' ? 'polarization' : 'model';
    const label = kind === 'trimmed' ? 'trimmed warm-up' : kind === 'polarization' ? 'polarization' : m.label;
    areas.push({ kind, from: m.update, to: upTo, label });
  }
  return areas.filter((a) => a.to > a.from);
}

function phaseBands(markers: PhaseMarker[], upTo: number, withLabels: boolean) {
  const bands = phaseAreas(markers, upTo).map((a) => (
    <ReferenceArea
      key={`${a.kind}-${a.from}`}
      x1={a.from}
      x2={a.to}
      fill={AREA_FILL[a.kind]}
      fillOpacity={1}
      ifOverflow="hidden"
      label={withLabels ? { value: a.label, position: 'insideTopLeft', fontSize: 10, fill: COLORS.learnMarker } : undefined}
    />
  ));
  const rounds = markers
    .filter((m) => m.kind === 'round' || m.kind === 'kept')
    .map((m) => (
      <ReferenceLine
        key={`round-${m.label}`}
        x={m.update}
        stroke={COLORS.round}
        strokeDasharray="2 3"
        label={withLabels ? { value: m.label, position: 'insideBottomRight', fontSize: 10, fill: COLORS.round } : undefined}
      />
    ));
  return [...bands, ...rounds];
}

export interface RiskChartProps {
  trace: TracePoint[];
  /** Updates done so far: the last phase band ends here. */
  upTo: number;
  markers: PhaseMarker[];
  totalUpdates: number;
  warmup: { inlier: number; outlier: number } | null;
  testId: string;
}

/** Mean loss of the true inliers and the true outliers per epoch (the papers' inlier and outlier risk). */
export const RiskChart = memo(function RiskChart({ trace, upTo, markers, totalUpdates, warmup, testId }: RiskChartProps) {
  const data = useMemo(
    () =>
      trace
        .filter((p) => p.trueInlier != null && p.trueOutlier != null)
        .map((p) => ({ update: p.update, inlier: symlog(p.trueInlier!), outlier: symlog(p.trueOutlier!) })),
    [trace],
  );
  const ticks = useMemo(() => {
    if (!data.length) return [symlog(-10), 0, symlog(10)];
    const ys = data.flatMap((d) => [symexp(d.inlier), symexp(d.outlier)]);
    return symlogTicks(Math.min(...ys), Math.max(...ys));
  }, [data]);
  return (
    <figure
      className="learn-chart"
      data-testid={testId}
      data-points={data.length}
      data-warmup-inlier-risk={warmup ? warmup.inlier.toFixed(4) : ''}
      data-warmup-outlier-risk={warmup ? warmup.outlier.toFixed(4) : ''}
    >
      <figcaption>
        <strong>Inlier vs outlier risk</strong>{' '}
        <span className="learn-muted">mean loss of the true inliers (blue) and true outliers (red); higher red = easier to spot</span>
      </figcaption>
      <LineChart
        responsive
        style={{ width: '100%', height: 200 }}
        data={data}
        margin={{ top: 14, right: 12, bottom: 2, left: 0 }}
        accessibilityLayer={false}
      >
        {phaseBands(markers, upTo, true)}
        <CartesianGrid stroke="#dfe3e8" vertical={false} />
        <XAxis
          dataKey="update"
          type="number"
          interval={0}
          domain={[0, Math.max(totalUpdates, 1)]}
          tick={updateTick}
          allowDecimals={false}
        />
        <YAxis type="number" interval={0} domain={[ticks[0], ticks[ticks.length - 1]]} ticks={ticks} tick={symlogTick} width={40} />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(u) => `update ${String(u)}`}
          formatter={(v) => (typeof v === 'number' ? formatLoss(symexp(v)) : String(v))}
        />
        <Line name="inlier risk" dataKey="inlier" stroke={COLORS.learnInlier} strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line name="outlier risk" dataKey="outlier" stroke={COLORS.learnOutlier} strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
      <p className="learn-legend learn-muted">signed log scale · shaded: phases · dotted magenta: query rounds (R1…)</p>
    </figure>
  );
});

export interface AucChartProps {
  trace: TracePoint[];
  upTo: number;
  markers: PhaseMarker[];
  totalUpdates: number;
  finalAuc: number | null;
  testId: string;
}

/** Ranking quality of the current losses (AUC; 0.5 = a coin flip, below = upside down). */
export const AucChart = memo(function AucChart({ trace, upTo, markers, totalUpdates, finalAuc, testId }: AucChartProps) {
  const data = useMemo(() => trace.filter((p) => p.auc != null).map((p) => ({ update: p.update, auc: p.auc })), [trace]);
  return (
    <figure className="learn-chart" data-testid={testId} data-points={data.length} data-aucs={data.map((p) => p.auc!.toFixed(3)).join(',')}>
      <figcaption>
        <strong>AUC over training</strong>{' '}
        <span className="learn-muted">
          1 = every outlier ranked above every inlier, 0.5 = coin flip{finalAuc != null ? ` · final ${formatAuc(finalAuc)}` : ''}
        </span>
      </figcaption>
      <LineChart
        responsive
        style={{ width: '100%', height: 150 }}
        data={data}
        margin={{ top: 14, right: 12, bottom: 2, left: 0 }}
        accessibilityLayer={false}
      >
        {phaseBands(markers, upTo, false)}
        <CartesianGrid stroke="#dfe3e8" vertical={false} />
        <XAxis
          dataKey="update"
          type="number"
          interval={0}
          domain={[0, Math.max(totalUpdates, 1)]}
          tick={updateTick}
          allowDecimals={false}
        />
        <YAxis type="number" interval={0} domain={[0, 1]} ticks={[0, 0.5, 1]} tick={updateTick} width={40} />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(u) => `update ${String(u)}`}
          formatter={(v) => (typeof v === 'number' ? formatAuc(v) : String(v))}
        />
        <ReferenceLine y={0.5} stroke="#9aa1ab" strokeDasharray="3 3" />
        <Line name="AUC" dataKey="auc" stroke="#2e7d4f" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </figure>
  );
});
