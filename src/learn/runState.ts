/**
 * What the page knows about one run, rebuilt from the worker's messages by a pure reducer.
 * Messages arrive in batches (one per animation frame) so a fast run does not re-render per epoch.
 */
import type { GradStopView, Phase, ProgressEvent } from '../core/train/progress';
import type { LearnDone, LearnQuery } from './learnApi';

/** 'stepping': one epoch asked for; the worker pauses again when it ends. */
export type RunStatus = 'idle' | 'running' | 'stepping' | 'paused' | 'done' | 'error';

/** One epoch on the traces. */
export interface TracePoint {
  update: number;
  epoch: number;
  phase: Phase;
  trueInlier: number | null;
  trueOutlier: number | null;
  auc: number | null;
}

/** kept: the epoch GradStop keeps, marked when it stops; stage: contrast's generator and encoder after its warm-up. */
export type MarkerKind = 'trimming' | 'polarization' | 'round' | 'model' | 'kept' | 'stage';

export interface PhaseMarker {
  update: number;
  epoch: number;
  kind: MarkerKind;
  /** Short label on the charts (e.g. "R2"). */
  label: string;
  /** One sentence for the event log. */
  text: string;
}

export interface RunState {
  status: RunStatus;
  trace: TracePoint[];
  markers: PhaseMarker[];
  /** Latest scores of every row (the final ones once done). */
  scores: Float32Array | null;
  /** Round (1-based) in which each row was queried; 0 = never. */
  queriedRound: Uint8Array | null;
  queries: LearnQuery[];
  phase: Phase | null;
  /** ODIM: the ensemble member training now (1-based). */
  model: number | null;
  epoch: number;
  totalEpochs: number;
  update: number;
  totalUpdates: number;
  liveAuc: number | null;
  /** GradStop: the rule's latest report. */
  gradstop: GradStopView | null;
  /** Mean true inlier / outlier risk over the warm-up epochs (plain and trimmed). */
  warmup: { inlier: number; outlier: number; epochs: number };
  done: LearnDone | null;
  error: string | null;
}

export const INITIAL_RUN: RunState = {
  status: 'idle',
  trace: [],
  markers: [],
  scores: null,
  queriedRound: null,
  queries: [],
  phase: null,
  model: null,
  epoch: 0,
  totalEpochs: 0,
  update: 0,
  totalUpdates: 0,
  liveAuc: null,
  gradstop: null,
  warmup: { inlier: 0, outlier: 0, epochs: 0 },
  done: null,
  error: null,
};

export type RunMessage =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'query'; query: LearnQuery }
  | { type: 'done'; done: LearnDone }
  | { type: 'error'; message: string };

export type RunAction =
  | { type: 'reset' }
  | { type: 'started'; rows: number; stepOnly: boolean }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'stepping' }
  | { type: 'batch'; messages: RunMessage[] };

function markerFor(prev: RunState, e: ProgressEvent): PhaseMarker | null {
  if (e.phase === 'trimmed' && prev.phase === 'plain') {
    return {
      update: e.update,
      epoch: e.epoch,
      kind: 'trimming',
      label: 'trim',
      text: 'Trimming on: each batch now leaves out its highest losses.',
    };
  }
  if (e.phase === 'polarization' && prev.phase !== 'polarization' && prev.phase !== 'query') {
    return {
      update: e.update,
      epoch: e.epoch,
      kind: 'polarization',
      label: 'polarize',
      text: 'Polarization: labeled inliers are pulled down, labeled outliers pushed up.',
    };
  }
  if (e.gradstop?.stopped && !prev.gradstop?.stopped) {
    const kept = e.gradstop.bestEpoch;
    const why = e.gradstop.initialReturned
      ? 'the gradients of the two groups point apart from the start'
      : 'the cohesion gap stopped growing';
    return {
      // Full-batch epochs: one update each, so epoch k ends at update k + 1.
      update: kept + 1,
      epoch: kept,
      kind: 'kept',
      label: 'kept',
      text: `GradStop stops at epoch ${e.epoch + 1} (${why}) and keeps epoch ${kept + 1}.`,
    };
  }
  if ((e.phase === 'generator' || e.phase === 'contrast') && e.phase !== prev.phase) {
    const generator = e.phase === 'generator';
    return {
      update: e.update,
      epoch: e.epoch,
      kind: 'stage',
      label: generator ? 'generator' : 'contrast',
      text: generator
        ? 'Generator: the IWAE trains on from its warm-up on the clean rows (those it ranks most normal) alone.'
        : 'Contrast stage: an encoder learns the clean rows; each row is scored by its nearest clean row.',
    };
  }
  if (e.phase === 'odim' && e.model != null && e.model > 1 && e.model !== prev.model) {
    return {
      update: e.update,
      epoch: e.epoch,
      kind: 'model',
      label: `M${e.model}`,
      text: `Ensemble member ${e.model} starts from scratch.`,
    };
  }
  return null;
}

function applyProgress(s: RunState, e: ProgressEvent): RunState {
  if (e.phase === 'query') return s; // a round's event repeats its epoch's numbers
  const marker = markerFor(s, e);
  const r = e.risks;
  const warm = (e.phase === 'plain' || e.phase === 'trimmed') && r?.trueInlier != null && r.trueOutlier != null;
  const next: RunState = {
    ...s,
    // The worker holds the run after a single step's epoch.
    status: s.status === 'stepping' ? 'paused' : s.status,
    phase: e.phase,
    model: e.model ?? s.model,
    epoch: e.epoch,
    totalEpochs: e.totalEpochs,
    update: e.update,
    totalUpdates: e.totalUpdates,
    liveAuc: e.auc ?? s.liveAuc,
    gradstop: e.gradstop ?? s.gradstop,
    scores: e.scores ?? s.scores,
    markers: marker ? [...s.markers, marker] : s.markers,
    warmup: warm
      ? { inlier: s.warmup.inlier + r!.trueInlier!, outlier: s.warmup.outlier + r!.trueOutlier!, epochs: s.warmup.epochs + 1 }
      : s.warmup,
  };
  if (r || e.auc != null) {
    next.trace = [
      ...s.trace,
      {
        update: e.update,
        epoch: e.epoch,
        phase: e.phase,
        trueInlier: r?.trueInlier ?? null,
        trueOutlier: r?.trueOutlier ?? null,
        auc: e.auc,
      },
    ];
  }
  return next;
}

function applyQuery(s: RunState, q: LearnQuery): RunState {
  const queriedRound = s.queriedRound ? Uint8Array.from(s.queriedRound) : null;
  if (queriedRound) for (const row of q.candidates) queriedRound[row] = q.round;
  const found = q.answers.filter((a) => a === 1).length;
  const marker: PhaseMarker = {
    update: q.update,
    epoch: q.epoch,
    kind: 'round',
    label: `R${q.round}`,
    text: `Round ${q.round} of ${q.rounds}: asked about ${q.candidates.length} points near the GMM boundary; ${found} ${found === 1 ? 'was an outlier' : 'were outliers'}.`,
  };
  return { ...s, queriedRound, queries: [...s.queries, q], markers: [...s.markers, marker] };
}

function applyMessage(s: RunState, m: RunMessage): RunState {
  switch (m.type) {
    case 'progress':
      return applyProgress(s, m.event);
    case 'query':
      return applyQuery(s, m.query);
    case 'done':
      return { ...s, status: 'done', done: m.done, scores: m.done.scores, phase: 'done' };
    case 'error':
      return { ...s, status: 'error', error: m.message };
  }
}

export function runReducer(s: RunState, a: RunAction): RunState {
  switch (a.type) {
    case 'reset':
      return INITIAL_RUN;
    case 'started':
      return { ...INITIAL_RUN, status: a.stepOnly ? 'stepping' : 'running', queriedRound: new Uint8Array(a.rows) };
    case 'paused':
      return s.status === 'running' || s.status === 'stepping' ? { ...s, status: 'paused' } : s;
    case 'resumed':
      return s.status === 'paused' || s.status === 'stepping' ? { ...s, status: 'running' } : s;
    case 'stepping':
      return s.status === 'paused' || s.status === 'running' ? { ...s, status: 'stepping' } : s;
    case 'batch':
      return a.messages.reduce(applyMessage, s);
  }
}

/** Mean warm-up risks, or null before any warm-up epoch was scored. */
export function warmupMeans(s: RunState): { inlier: number; outlier: number } | null {
  const w = s.warmup;
  return w.epochs ? { inlier: w.inlier / w.epochs, outlier: w.outlier / w.epochs } : null;
}
