import type { GradStopView, Phase, ProgressEvent } from './train/progress';

/** One plotted point per progress event (scores stripped: they are kept once, separately). */
export interface ProgressPoint {
  update: number;
  epoch: number;
  phase: Phase;
  loss: number | null;
  estInlier: number | null;
  estOutlier: number | null;
  trueInlier: number | null;
  trueOutlier: number | null;
  auc: number | null;
  ap: number | null;
  /** GradStop: the epoch's cohesion difference and divergence, and the rule's state (see ProgressEvent.gradstop). */
  gradstop?: GradStopView;
}

export interface PhaseMarker {
  update: number;
  kind: 'trimming' | 'polarization' | 'round' | 'guard';
  label: string;
}

/** At most MAX_POINTS points: when full, every other point is dropped and the keep-stride doubles. */
export const MAX_POINTS = 2000;

export interface ProgressSeries {
  points: ProgressPoint[];
  stride: number;
  seen: number;
}

export const EMPTY_SERIES: ProgressSeries = { points: [], stride: 1, seen: 0 };

function finiteOrNull(v: number | null | undefined): number | null {
  return v != null && Number.isFinite(v) ? v : null;
}

export function toPoint(e: ProgressEvent): ProgressPoint {
  return {
    update: e.update,
    epoch: e.epoch,
    phase: e.phase,
    loss: finiteOrNull(e.loss),
    estInlier: finiteOrNull(e.risks?.estInlier),
    estOutlier: finiteOrNull(e.risks?.estOutlier),
    trueInlier: finiteOrNull(e.risks?.trueInlier),
    trueOutlier: finiteOrNull(e.risks?.trueOutlier),
    auc: finiteOrNull(e.auc),
    ap: finiteOrNull(e.ap),
    ...(e.gradstop ? { gradstop: { ...e.gradstop } } : {}),
  };
}

export function appendToSeries(s: ProgressSeries, events: readonly ProgressEvent[]): ProgressSeries {
  let points = s.points.slice();
  let stride = s.stride;
  let seen = s.seen;
  for (const e of events) {
    if (e.phase === 'query') continue; // a round repeats the epoch's numbers
    const keep = seen % stride === 0 || points.length === 0 || points[points.length - 1].phase !== e.phase;
    seen++;
    if (!keep) continue;
    points.push(toPoint(e));
    if (points.length > MAX_POINTS) {
      points = points.filter((_, i) => i % 2 === 0 || i === points.length - 1);
      stride *= 2;
    }
  }
  return { points, stride, seen };
}

/** Phase changes and query rounds, each marked once, for the charts' vertical lines. */
export function appendMarkers(markers: readonly PhaseMarker[], events: readonly ProgressEvent[]): PhaseMarker[] {
  const out = markers.slice();
  const has = (kind: PhaseMarker['kind'], label?: string) => out.some((m) => m.kind === kind && (label === undefined || m.label === label));
  for (const e of events) {
    if (e.phase === 'trimmed' && !has('trimming')) out.push({ update: e.update, kind: 'trimming', label: 'trimming on' });
    if (e.phase === 'polarization' && !has('polarization')) {
      // Polarization starts where the warm-up ended, i.e. with the first round's update.
      const first = out.find((m) => m.kind === 'round');
      out.push({ update: first ? first.update : e.update, kind: 'polarization', label: 'polarization' });
    }
    if (e.phase === 'query' && !has('round', `R${e.round}`)) out.push({ update: e.update, kind: 'round', label: `R${e.round}` });
  }
  return out;
}

/** Every k-th point (and the last) so a chart draws at most `max` points. */
export function thinPoints<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return points.slice();
  const step = Math.ceil(points.length / max);
  const out: T[] = [];
  for (let i = 0; i < points.length; i += step) out.push(points[i]);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}
