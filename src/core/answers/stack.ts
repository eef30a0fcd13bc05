/**
 * The answers' stage of a run: a classifier fitted on the answered rows over the features plus the prior's rank
 * (stacking, as XGBOD does with detector scores), the lowest-ranked unanswered rows added as likely inliers (the IM
 * effect makes them safe), and a chooser that keeps the prior, the classifier or their blend by how each ranks the
 * answers held out of its own fit (answers/chooser.ts); optionally the contrast stage's ranking as a fourth
 * candidate (contrast/stage.ts, its answered rows held out of their own answers).
 */
import type { Matrix } from '../data/matrix';
import {
  answersAuc,
  blendPercentiles,
  chooseRanking,
  DEFAULT_CHOOSER,
  rankOrder,
  rankPercentiles,
  type Choice,
  type ChooserRule,
  type RankingCandidate,
} from './chooser';

/** A classifier of answered rows; any forest-like learner with out-of-bag predictions fits. */
export interface AnswerClassifier {
  /** Fits on n rows of d columns (row-major); returns each fitted row's out-of-bag outlier probability (NaN: none). */
  fit(X: Float32Array, n: number, d: number, y: Uint8Array, weights: Float64Array | null): Float64Array;
  /** Outlier probability of n rows of the same d columns. */
  predict(X: Float32Array, n: number): Float64Array;
}

export interface StageOptions {
  /** Likely inliers added per answer, taken from the rows the prior ranks lowest (0 = answers only). */
  pseudoInliers: number;
  /** Weight of the prior's rank in the blend. */
  blendWeight: number;
  rule: ChooserRule;
}

export const DEFAULT_STAGE: StageOptions = { pseudoInliers: 1, blendWeight: 0.5, rule: DEFAULT_CHOOSER };

/** A ranking computed apart (the contrast stage), each answered row's score made without its own answer. */
export interface OtherRanking {
  train: ArrayLike<number>;
  test: ArrayLike<number> | null;
}

export const CONTRAST_CANDIDATE = 'the contrast stage (an encoder on the rows ranked most normal; nearest clean row)';

export interface StageResult {
  train: Float64Array;
  test: Float64Array | null;
  choice: Choice;
}

/** Where each value falls among the sorted reference values, in [0, 1] (test rows ranked against the training rows). */
export function percentileAgainst(reference: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(reference).sort();
  const n = sorted.length;
  return Float64Array.from(values, (v) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let up = lo;
    while (up < n && sorted[up] === v) up++;
    // Equal values: their mean rank; between two values: half way (below all 0, above all 1).
    return n > 1 ? Math.max(0, Math.min(1, (lo + up - 1) / 2 / (n - 1))) : 0.5;
  });
}

/** The features with the prior's rank as one more column. */
function withPrior(X: Matrix, rows: ArrayLike<number> | null, prior: ArrayLike<number>): Float32Array {
  const n = rows ? rows.length : X.rows;
  const d = X.cols;
  const out = new Float32Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    out.set(X.data.subarray(r * d, r * d + d), i * (d + 1));
    out[i * (d + 1) + d] = prior[r];
  }
  return out;
}

/**
 * Ranks the training rows (and the test rows) by what the answers support best. `labels` holds -1 (not asked),
 * 0 (inlier) or 1 (outlier) per training row; `prior` is the run's own score (higher = more anomalous).
 */
export function answersStage(
  train: Matrix,
  test: Matrix | null,
  prior: {
    train: ArrayLike<number>;
    test: ArrayLike<number> | null;
    /**
     * A label-free score to judge the prior by on the answers (the warm-up's, before any answer): a model trained
     * on the answers ranks them well in sample, which says nothing of the rows nobody answered. Default: train.
     */
    judge?: ArrayLike<number> | null;
  },
  labels: ArrayLike<number>,
  classifier: () => AnswerClassifier,
  opts: StageOptions = DEFAULT_STAGE,
  contrast: OtherRanking | null = null,
): StageResult {
  const n = train.rows;
  const answered: number[] = [];
  for (let r = 0; r < n; r++) if (labels[r] === 0 || labels[r] === 1) answered.push(r);
  const answers = { rows: answered, labels: answered.map((r) => labels[r] as 0 | 1) };
  const keepPrior = (choice: Choice): StageResult => ({
    train: Float64Array.from(prior.train),
    test: prior.test ? Float64Array.from(prior.test) : null,
    choice,
  });
  const judge = prior.judge ?? prior.train;
  const priorCandidate: RankingCandidate = { name: 'the model’s score', heldOut: judge };
  const outliers = answers.labels.reduce<number>((a, l) => a + l, 0);
  if (Math.min(outliers, answered.length - outliers) < opts.rule.minPerClass)
    return keepPrior(chooseRanking([priorCandidate], answers, opts.rule));

  const order = rankOrder(prior.train);
  const pr = rankPercentiles(prior.train, order);
  // Likely inliers: the unanswered rows the prior ranks lowest, only while the answers say the prior ranks better
  // than chance (a prior the answers show inverted has outliers at its low end).
  const asked = new Set(answered);
  const trusted = (answersAuc(judge, answers) ?? 0) > 0.5;
  const take = trusted ? Math.min(Math.round(opts.pseudoInliers * answered.length), n >> 1) : 0;
  const pseudo: number[] = [];
  for (let i = 0; i < n && pseudo.length < take; i++) if (!asked.has(order[i])) pseudo.push(order[i]);
  const fitRows = [...answered, ...pseudo];
  const y = Uint8Array.from(fitRows, (r, i) => (i < answered.length ? (labels[r] as number) : 0));
  const model = classifier();
  const oob = model.fit(withPrior(train, fitRows, pr), fitRows.length, train.cols + 1, y, null);
  const all = model.predict(withPrior(train, null, pr), n);
  // Rows the forest was fitted on are scored out of bag, so the chooser judges it on answers it did not see.
  const forest = Float64Array.from(all);
  fitRows.forEach((r, i) => {
    if (Number.isFinite(oob[i])) forest[r] = oob[i];
  });
  const forestRank = rankPercentiles(forest);
  const blend = blendPercentiles(pr, forestRank, opts.blendWeight);
  const choice = chooseRanking(
    [
      priorCandidate,
      { name: 'a forest on your answers', heldOut: forest },
      {
        name: 'the model’s score blended with a forest on your answers',
        heldOut: judge === prior.train ? blend : blendPercentiles(rankPercentiles(judge), forestRank, opts.blendWeight),
      },
      ...(contrast ? [{ name: CONTRAST_CANDIDATE, heldOut: contrast.train }] : []),
    ],
    answers,
    opts.rule,
  );
  if (choice.index === 0) return keepPrior(choice);
  if (choice.index === 3 && contrast)
    return { train: Float64Array.from(contrast.train), test: contrast.test ? Float64Array.from(contrast.test) : null, choice };
  let testOut: Float64Array | null = null;
  if (test && prior.test) {
    const prTest = percentileAgainst(prior.train, prior.test);
    const forestTest = model.predict(withPrior(test, null, prTest), test.rows);
    if (choice.index === 1) testOut = forestTest;
    else {
      const ft = percentileAgainst(forest, forestTest);
      testOut = prTest.map((p, i) => opts.blendWeight * p + (1 - opts.blendWeight) * ft[i]);
    }
  }
  return { train: choice.index === 1 ? forest : blend, test: testOut, choice };
}
