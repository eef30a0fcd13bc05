/**
 * Before the answers hold an outlier the table is ranked by a label-free detector (answers/labelFree.ts): computed at
 * Start where it costs little, and the ranking the run shows and ends with until an outlier is answered. The model
 * trains meanwhile; its score takes over once an outlier lets the answers judge it.
 */
import { labelFreeKind, labelFreeRanking, COSINE_REFERENCE, FIT_SAMPLE, LABEL_FREE_NAMES } from '../../answers/labelFree';
import type { RankingView } from '../../session';
import { DEFAULT_STAGE, type OtherRanking, type StageOptions } from '../../answers/stack';
import type { ImboostConfig } from '../../config';
import type { ImboostRun } from './state';

/**
 * Work (row pairs x columns) a wide table's cosine kNN may take at Start: about a second here (200 x 512: 0.04 s;
 * 1,800 x 512 is 1.7e9, 0.96 s; 3,700 x 512 is 3.8e9, 2.1 s, so there it is computed at the end, and only if no
 * outlier was answered).
 */
const START_BUDGET = 1.6e9;

/** Whether the label-free ranking is cheap enough to compute before the warm-up. */
export function cheapAtStart(rows: number, cols: number): boolean {
  if (labelFreeKind(cols) === 'iforest') return rows <= FIT_SAMPLE;
  return rows * Math.min(rows, COSINE_REFERENCE) * cols <= START_BUDGET;
}

/** The run's label-free ranking, computed once (here, or at the end when the answers still hold no outlier). */
export function labelFreeOf(run: ImboostRun): OtherRanking {
  run.labelFree ??= labelFreeRanking(run.opts.X, run.opts.Xtest ?? null, run.opts.config.seed, run.opts.scale ?? null);
  return run.labelFree;
}

/**
 * The label-free ranking as a candidate of the final pick once an outlier is answered: on a wide table, where it
 * is what the answers most often choose over a weak model (docs/benchmarks.md), and on any table cheap enough to rank
 * at Start. Not on an ordinary-width table past that (scoring 600k rows takes 0.7 s of the final ranking's 2 s), where
 * it bought nothing measurable (-0.0007 to +0.0001 test AUC over 21 tabular sets). By shape alone, so a resumed run
 * ends as an uninterrupted one does.
 */
export function labelFreeIsCandidate(rows: number, cols: number): boolean {
  return labelFreeKind(cols) === 'cosine' || cheapAtStart(rows, cols);
}

/** Whether the final stage gets the label-free ranking: it stands while no outlier is answered, else as a candidate. */
export function labelFreeInStage(rows: number, cols: number, outliers: number): boolean {
  return outliers === 0 || labelFreeIsCandidate(rows, cols);
}

/** The answers' stage as the run's config sets it (the final ranking and each round's curve point alike). */
export function stageOptions(c: Pick<ImboostConfig, 'meanAnswers'>): StageOptions {
  return { ...DEFAULT_STAGE, meanAnswers: c.meanAnswers };
}

/**
 * At Start: the ranking shown while no outlier is answered, when it is cheap to compute. A resumed run shows it again
 * if it stood when the run was saved (the same seed draws the same forest, so the scores come back as they were).
 */
export function startPrior(run: ImboostRun): void {
  const { X, resume } = run.opts;
  if (run.c.answersStage !== 'forest' || !cheapAtStart(X.rows, X.cols)) return;
  // The ranking moves only when a round ends: a resumed run goes on with the one it saved, whatever was answered since.
  if (resume ? run.ranking?.choice !== labelFreeKind(X.cols) : run.book.count(1) > 0) return;
  labelFreeOf(run);
  run.showLabelFree = true;
  if (!resume) run.ranking = noOutlierRanking(run, true);
}

/**
 * The ranking view while the answers hold no outlier: the label-free detector's, with the curve so far. `shown`: the
 * table shows its scores (from Start where cheap, and at the end); else the model's live score meanwhile.
 */
export function noOutlierRanking(run: ImboostRun, shown: boolean): RankingView {
  const kind = labelFreeKind(run.opts.X.cols);
  const answers = run.book.count(0);
  const point = { answers, outliers: 0, auc: null, choice: kind };
  const curve = run.ranking?.curve ?? [];
  const so = answers ? ` (${answers} answered, all inliers so far)` : '';
  return {
    choice: kind,
    reason: shown
      ? `Ranked by ${LABEL_FREE_NAMES[kind]}, until a round ends with an outlier among your answers${so}: before that the model has nothing to separate.`
      : `No outlier among your answers yet${so}: the run will end ranked by ${LABEL_FREE_NAMES[kind]} unless a round finds one; the table shows the model's score meanwhile.`,
    curve: answers ? [...curve.filter((p) => p.answers !== answers), point] : curve,
  };
}

/** The scores an epoch's event shows: the label-free ranking's once while it stands, else the model's when scored. */
export function shownScores(run: ImboostRun, epoch: number, scored: boolean): Float32Array | null {
  const standing = run.showLabelFree && run.labelFree && run.ranking?.choice === run.labelFree.id;
  if (!standing) return scored ? run.lastScores : null;
  return epoch === run.startEpoch ? Float32Array.from(run.labelFree!.train) : null;
}
