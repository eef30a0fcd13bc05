/**
 * The contrast stage on given scores and answers: the clean set (confirmed inliers plus the lowest-scored share of
 * the unanswered rows), the contrastive encoder trained on it, and eq. (11) against it for every row. The method
 * runs it after its own warm-up (run.ts); *Continue with contrast* runs it on a finished run's scores; IMBoost's
 * answers' stage runs it as one more candidate ranking (train/imboost/answers.ts), held out of the answers.
 */
import { takeRows, type Matrix } from '../data/matrix';
import type { ContrastConfig } from '../params/contrast';
import { Rng } from '../rng';
import { sampleRows } from '../train/trainContext';
import { cleanRows } from './clean';
import { buildScorer, scoreRows, type ContrastScorer } from './score';
import { trainContrast } from './train';
import { derangement, type ShiftName, type Shifts } from './views';

/** The shift transformations a setting names, the permutation drawn from the run's seed. */
export function shiftsFor(setting: ContrastConfig['shifts'], d: number, seed: number): Shifts {
  const names: ShiftName[] = setting === 'both' ? ['permute', 'flip'] : setting === 'none' ? [] : [setting];
  return { names, perm: derangement(d, new Rng(seed ^ 0x5eed)) };
}

export interface StageInput {
  X: Matrix;
  Xtest?: Matrix | null;
  /** The ranking the clean set is cut from (higher = more outlying). */
  scores: ArrayLike<number>;
  /** -1 unanswered, 0 inlier, 1 outlier, per row of X. */
  labels: ArrayLike<number>;
  c: ContrastConfig;
  seed: number;
  /** The generator's samples (the method's own warm-up only), or null. */
  synthetic?: { data: Float32Array; rows: number } | null;
  /**
   * Held out of the answers: the encoder learns from unanswered rows only, and the answered rows reach the score
   * only as neighbours of the others (each row is scored without itself), so an answered row's score does not
   * depend on its own answer. For the chooser, which judges rankings on the answers.
   */
  heldOut?: boolean;
  /** Told each encoder step (progress). */
  onStep?: (step: number, loss: number) => void;
}

export interface StageOutput {
  train: Float32Array;
  test: Float32Array | null;
  scorer: ContrastScorer;
  /** Rows of the clean set. */
  clean: number;
}

export function contrastStage(s: StageInput): StageOutput {
  const { X, c, seed } = s;
  const clean = cleanRows(s.scores, s.labels, c.cleanShare);
  const shifts = shiftsFor(c.shifts, X.cols, seed);
  let encoder = null;
  if (c.encoder === 'mlp') {
    const learn = s.heldOut ? clean.filter((r) => s.labels[r] === -1) : clean;
    const spec = {
      ...c,
      augment: { maskRate: c.maskRate, jitter: c.jitter },
      shifts,
      syntheticRole: c.synthetic === 'shifted' ? ('shifted' as const) : ('inliers' as const),
    };
    const learnX = takeRows(X, learn);
    encoder = trainContrast(learnX.data, learn.length, X.cols, s.synthetic ?? null, spec, seed, s.onStep).encoder;
  }
  const bank = clean.length > c.bankRows ? sampleRows(new Rng(seed + 2), clean, c.bankRows).sort() : clean;
  const scorer = buildScorer(encoder, shifts, encoder ? 1 + shifts.names.length : 1, X, bank, c.featureNorm);
  return {
    train: scoreRows(scorer, X, scorer.bankSource),
    test: s.Xtest ? scoreRows(scorer, s.Xtest) : null,
    scorer,
    clean: clean.length,
  };
}
