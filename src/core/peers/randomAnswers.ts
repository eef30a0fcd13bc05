/**
 * The simplest label-using peer: ask about N training rows drawn at random, answer them from the truth, fit a random
 * forest on the answers and rank every row by its outlier probability. No choice of questions and no prior, so a tool
 * that picks its questions should beat it at every answer count.
 */
import type { Matrix } from '../data/matrix';
import { Rng } from '../rng';
import { RandomForest, type ForestOptions } from './randomForest';

export interface RandomAnswersOptions {
  /** How many training rows to ask about (capped at the training rows). */
  answers: number;
  /** Seeds the draw of rows and the forest. */
  seed: number;
  /** Rows to ask instead of a draw (answers already given, or another tool's draw to compare like with like). */
  asked?: ArrayLike<number>;
  forest?: Omit<ForestOptions, 'seed'>;
  /** A label-free ranking of the training and test rows, used when the answers hold one class only. */
  prior?: { train: ArrayLike<number>; test: ArrayLike<number> };
}

export interface RandomAnswersResult {
  /** The training rows asked about, in draw order. */
  asked: Int32Array;
  /** Outliers among the answers. */
  outliers: number;
  /** forest: fitted on the answers; prior: one class only, the prior's order; none: one class and no prior (all 0). */
  model: 'forest' | 'prior' | 'none';
  testScores: Float64Array;
  /** Every training row's score; the asked rows' are in-sample, so judge the ranking on the other rows. */
  trainScores: Float64Array;
  /** Out-of-bag probability of each asked row (aligned with asked; NaN where every tree drew it); null without a forest. */
  askedOob: Float64Array | null;
}

/** Draws the rows (or takes opts.asked), asks the truth, fits, scores. */
export function forestOnRandomAnswers(Xtr: Matrix, ytr: Uint8Array, Xte: Matrix, opts: RandomAnswersOptions): RandomAnswersResult {
  const n = Xtr.rows;
  if (ytr.length !== n) throw new Error(`forestOnRandomAnswers: ${ytr.length} labels for ${n} rows`);
  if (Xte.cols !== Xtr.cols) throw new Error(`forestOnRandomAnswers: ${Xte.cols} test columns, ${Xtr.cols} training`);
  const asked = opts.asked ? Int32Array.from(opts.asked) : drawRows(n, Math.max(0, Math.min(opts.answers, n)), opts.seed);
  if (asked.some((i) => i < 0 || i >= n)) throw new Error(`forestOnRandomAnswers: asked rows outside 0..${n - 1}`);
  const d = Xtr.cols;
  const m = asked.length;
  const Xa = new Float32Array(m * d);
  const ya = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    Xa.set(Xtr.data.subarray(asked[i] * d, (asked[i] + 1) * d), i * d);
    ya[i] = ytr[asked[i]];
  }
  const outliers = ya.reduce((a, v) => a + v, 0);
  if (outliers === 0 || outliers === m) {
    // A forest on one class says nothing: fall back to the prior's order, or to no order at all.
    const p = opts.prior;
    return {
      asked,
      outliers,
      model: p ? 'prior' : 'none',
      testScores: p ? Float64Array.from(p.test) : new Float64Array(Xte.rows),
      trainScores: p ? Float64Array.from(p.train) : new Float64Array(n),
      askedOob: null,
    };
  }
  const forest = new RandomForest({ ...opts.forest, seed: opts.seed }).fit(Xa, m, d, ya);
  return {
    asked,
    outliers,
    model: 'forest',
    testScores: forest.predictProba(Xte.data, Xte.rows),
    trainScores: forest.predictProba(Xtr.data, n),
    askedOob: forest.oobProba(),
  };
}

/** k distinct rows of n, uniformly: the first k steps of a Fisher-Yates shuffle. */
export function drawRows(n: number, k: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm.slice(0, k);
}
