/**
 * The ranking that stands while the answers hold no outlier (before any answer, too): a label-free detector, chosen
 * by the table's shape. IsolationForest on tables of ordinary width: the best label-free ranking on the benchmark's
 * tabular sets, better there than the model before it has an outlier to learn from. Cosine kNN on wide tables
 * (embeddings), where it is the best label-free ranking. Both chosen leave-datasets-out (docs/benchmarks.md).
 */
import { takeRows, type Matrix } from '../data/matrix';
import { unscale, type MinMax } from '../data/scale';
import { IsolationForest } from '../peers/isolationForest';
import { knnScores, referenceRows } from '../peers/knn';
import type { OtherRanking } from './stack';

/** From this many columns a table is ranked as an embedding: by cosine kNN. */
export const WIDE_COLUMNS = 128;

/** The forest is fitted on a seeded sample of at most this many rows (it draws 256 a tree: more add nothing). */
export const FIT_SAMPLE = 50_000;

/** Neighbours are searched among at most this many rows: a 10k x 1000 table costs 10k x 2k distances, not 10^8. */
export const COSINE_REFERENCE = 2_000;

export const LABEL_FREE_NAMES = {
  iforest: 'IsolationForest, which needs no answers',
  cosine: 'cosine kNN (the angle to the 5th nearest row), which needs no answers',
} as const;

export type LabelFreeKind = keyof typeof LABEL_FREE_NAMES;

/** Whether a ranking choice is a label-free detector's (the one standing until an outlier is answered). */
export function isLabelFree(choice: string | null | undefined): choice is LabelFreeKind {
  return choice != null && choice in LABEL_FREE_NAMES;
}

export function labelFreeKind(cols: number): LabelFreeKind {
  return cols >= WIDE_COLUMNS ? 'cosine' : 'iforest';
}

/** The seed the early questions' forest uses too, so the first cards and the ranking agree. */
export function labelFreeSeed(seed: number): number {
  return seed ^ 0x5eed;
}

/** The rows the forest is fitted on: every row, or past FIT_SAMPLE a seeded sample (`rows` its indices, else null). */
export function labelFreeSample(X: Matrix, seed: number): { rows: Int32Array | null; X: Matrix } {
  if (X.rows <= FIT_SAMPLE) return { rows: null, X };
  const rows = referenceRows(X.rows, FIT_SAMPLE, labelFreeSeed(seed));
  return { rows, X: takeRows(X, rows) };
}

/** IsolationForest fitted on the table's sample (labelFreeSample): the early questions' too. */
export function labelFreeForest(X: Matrix, seed: number): IsolationForest {
  return IsolationForest.fit(labelFreeSample(X, seed).X, { seed: labelFreeSeed(seed) });
}

/**
 * Scores every training row (and test row) by the table's label-free ranking; higher = more anomalous. `scale`: the
 * ranges X was min-max scaled by; cosine kNN then reads the rows as the file gave them: the angle between the
 * embedding vectors themselves, as the cosine kNN peer is defined (on the 15 MVTec sets the two agree: 0.7932 and
 * 0.7933 mean test AUC).
 */
export function labelFreeRanking(X: Matrix, Xtest: Matrix | null, seed: number, scale: MinMax | null = null): OtherRanking {
  const kind = labelFreeKind(X.cols);
  const s = labelFreeSeed(seed);
  if (kind === 'cosine') {
    const raw = (m: Matrix) => (scale ? unscale(m, scale) : m);
    const k = knnScores(raw(X), Xtest ? raw(Xtest) : null, { metric: 'cosine', seed: s, maxReference: COSINE_REFERENCE });
    return { id: kind, name: LABEL_FREE_NAMES[kind], train: k.train, test: Xtest ? k.test : null };
  }
  const forest = labelFreeForest(X, seed);
  return { id: kind, name: LABEL_FREE_NAMES[kind], train: forest.score(X), test: Xtest ? forest.score(Xtest) : null };
}
