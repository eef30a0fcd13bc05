import { aucAndAp } from '../metrics';
import type { Method } from '../config';
import type { RankingView } from '../session';

export type Phase = 'plain' | 'trimmed' | 'polarization' | 'query' | 'odim' | 'autoencoder' | 'generator' | 'contrast' | 'done';

export interface Risks {
  /** Mean score of the rows labeled inlier / outlier so far (what an analyst can see). */
  estInlier: number | null;
  estOutlier: number | null;
  /** Mean score of the true inliers / outliers, when a ground-truth column exists. */
  trueInlier: number | null;
  trueOutlier: number | null;
}

export interface GradStopView {
  cohesionDiff: number;
  divergence: number;
  /** The epoch whose model is kept so far (0-based). */
  bestEpoch: number;
  stopped: boolean;
  /** The early-divergence branch fired: the first epoch's model is returned. */
  initialReturned: boolean;
}

/** One progress event: the UI and the Learn mode plot these. */
export interface ProgressEvent {
  method: Method;
  phase: Phase;
  epoch: number;
  totalEpochs: number;
  update: number;
  totalUpdates: number;
  batchSize: number;
  loss: number;
  round: number;
  rounds: number;
  labeledInliers: number;
  labeledOutliers: number;
  risks: Risks | null;
  auc: number | null;
  ap: number | null;
  /** ODIM: which ensemble member, 1-based. */
  model?: number;
  /** GradStop: this epoch's (smoothed) cohesion difference and divergence, and the rule's choice so far. */
  gradstop?: GradStopView;
  elapsedMs: number;
  /** Every row's current score, when this epoch scored them. */
  scores?: Float32Array;
  /**
   * Set by the engine worker, which keeps the score vectors (the page gets none in progress events): the version of
   * its current scores, so the page knows when to ask for a new table window or histogram.
   */
  scoresVersion?: number;
  /** The risks and AUC are from a sample of this many rows (a big table's live trace), not from every row. */
  traceRows?: number;
  /** IMBoost with the answers' stage: the ranking the answers so far choose, with the table's learning curve. */
  ranking?: RankingView;
}

function meanWhere(scores: ArrayLike<number>, pick: (i: number) => boolean): number | null {
  let s = 0;
  let c = 0;
  for (let i = 0; i < scores.length; i++) {
    if (pick(i)) {
      s += scores[i];
      c++;
    }
  }
  return c ? s / c : null;
}

/** Risks and ranking quality of one score vector, from labels (-1 unknown) and optional truth. */
export function summarize(scores: ArrayLike<number>, labels: Int8Array, truth: ArrayLike<number> | null) {
  const risks: Risks = {
    estInlier: meanWhere(scores, (i) => labels[i] === 0),
    estOutlier: meanWhere(scores, (i) => labels[i] === 1),
    trueInlier: truth ? meanWhere(scores, (i) => truth[i] === 0) : null,
    trueOutlier: truth ? meanWhere(scores, (i) => truth[i] === 1) : null,
  };
  const { auc, ap } = truth ? aucAndAp(scores, truth) : { auc: null, ap: null };
  return { risks, auc, ap };
}

/** What a procedure knows when it reports; progressEvent() fills in the rest the same way for every method. */
export interface ProgressFacts {
  method: Method;
  phase: Phase;
  epoch: number;
  totalEpochs: number;
  update: number;
  totalUpdates: number;
  batchSize: number;
  loss: number;
  /** performance.now() when the run started. */
  t0: number;
  round?: number;
  rounds?: number;
  labeledInliers?: number;
  labeledOutliers?: number;
  model?: number;
  gradstop?: GradStopView;
  /** This epoch's summarize(), when it scored the rows. */
  summary?: ReturnType<typeof summarize> | null;
  scores?: Float32Array | null;
  ranking?: RankingView | null;
  /** The summary is a sample's of this many rows. */
  traceRows?: number | null;
}

/** The one way a progress event is built (methods without query rounds or labels report zeros). */
export function progressEvent(f: ProgressFacts): ProgressEvent {
  const e: ProgressEvent = {
    method: f.method,
    phase: f.phase,
    epoch: f.epoch,
    totalEpochs: f.totalEpochs,
    update: f.update,
    totalUpdates: f.totalUpdates,
    batchSize: f.batchSize,
    loss: f.loss,
    round: f.round ?? 0,
    rounds: f.rounds ?? 0,
    labeledInliers: f.labeledInliers ?? 0,
    labeledOutliers: f.labeledOutliers ?? 0,
    risks: f.summary?.risks ?? null,
    auc: f.summary?.auc ?? null,
    ap: f.summary?.ap ?? null,
    elapsedMs: performance.now() - f.t0,
    scores: f.scores ?? undefined,
  };
  if (f.model !== undefined) e.model = f.model;
  if (f.traceRows != null) e.traceRows = f.traceRows;
  if (f.gradstop !== undefined) e.gradstop = f.gradstop;
  if (f.ranking) e.ranking = f.ranking;
  return e;
}
