/**
 * The domain types of an analyst's session that every layer may use: the page keeps them in its
 * store, the worker exports them, and persistence saves them. They live here, at the bottom, so no
 * layer has to reach up into another for a type.
 */
import type { RowLabel } from './train/oracle';

/** The analyst's answer to one row, as the page records it. */
export interface LabelEntry {
  row: number;
  label: RowLabel;
  source: 'analyst' | 'ground truth';
  /** Epoch ms. */
  time: number;
}

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'error';

/** A run is under way (the data and the backend must not change under it). */
export function isRunActive(s: { run: { status: RunStatus } }): boolean {
  return s.run.status === 'starting' || s.run.status === 'running' || s.run.status === 'paused';
}

/** One closed query round, for the labeling panel's summary. */
export interface RoundSummary {
  round: number;
  rounds: number;
  candidates: number;
  inliers: number;
  outliers: number;
  by: 'you' | 'ground truth';
}

/** The run form's values as typed, keyed by parameter id ("imboost.rho"); validated when a run starts. */
export type FormValues = Record<string, string>;

/**
 * A ranking the answers' stage can keep: the model's score, a forest on the answers, their blend, the contrast stage,
 * or a label-free detector (IsolationForest, kNN, cosine kNN).
 */
export type RankingChoice = 'prior' | 'forest' | 'blend' | 'mean' | 'contrast' | 'iforest' | 'knn' | 'cosine';

/** How the run panel, the curve and the exports name each ranking (one table for all of them). */
export const RANKING_NAMES: Record<RankingChoice, string> = {
  prior: 'the model’s score',
  forest: 'a forest on your answers',
  blend: 'the model’s score blended with a forest on your answers',
  mean: 'the mean rank of the model’s score, a forest on your answers and (where the stage has it) the label-free ranking',
  contrast: 'the contrast stage on the clean rows',
  iforest: 'IsolationForest (no answers needed)',
  knn: 'kNN (no answers needed)',
  cosine: 'cosine kNN (no answers needed)',
};

/** How a ranking mixed with the mean rank says so (no comma: it is a CSV cell too). */
export const withMean = (share: number): string => `mixed with the mean rank at ${share.toFixed(2)}`;

/** A ranking as the curve and the exports name it: the choice, and the mean rank's share when mixed in (answers/mean.ts). */
export function rankingName(choice: RankingChoice, meanShare?: number): string {
  const name = RANKING_NAMES[choice];
  return meanShare ? `${name} ${withMean(meanShare)}` : name;
}

/** Which ranking the answers' stage kept, and why. */
export interface RankingView {
  choice: RankingChoice;
  /** The mean rank's share of the ranking when the choice is mixed with it. */
  meanShare?: number;
  reason: string;
  /** The table's learning curve: a point after each round's answers (core/answers/curve.ts). */
  curve: CurvePoint[];
}

/** After `answers` answers: the held-out AUC on them of the ranking they choose (null: one kind of answer only). */
export interface CurvePoint {
  answers: number;
  outliers: number;
  auc: number | null;
  choice: RankingView['choice'];
  /** The mean rank's share when the choice is mixed with it (answers/mean.ts): the AUC is the mix's. */
  meanShare?: number;
}

/** What IMBoost's guard decided about the final ranking, and why (the run panel's sentence). */
export interface GuardView {
  choice: 'polarized' | 'warmup';
  reason: string;
}
