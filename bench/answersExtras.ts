/**
 * The answers' stage measured beside the run it follows, on the same rows and answers: the run's final ranking, then
 * the stage's (src/core/answers/stack.ts: prior, a forest on the answers over features + the prior's rank, their
 * blend or the label-free ranking, chosen by AUC on the answers held out of each fit). With imboost.answersContrast=on,
 * the contrast stage is a fifth candidate, and the stage without it is measured on the same run too (stage_off_*),
 * for a paired comparison.
 */
import type { Matrix } from '../src/core/data/matrix';
import type { MinMax } from '../src/core/data/scale';
import { answersStage, CONTRAST_CANDIDATE, type OtherRanking } from '../src/core/answers/stack';
import type { EngineConfig } from '../src/core/config';
import { contrastStage } from '../src/core/contrast/stage';
import { forestClassifier } from '../src/core/answers/forestClassifier';
import { labelFreeRanking } from '../src/core/answers/labelFree';
import { rocAuc } from '../src/core/metrics';
import { labelFreeInStage, stageOptions } from '../src/core/train/imboost/prior';
import type { RunResult } from '../src/core/train/run';

export interface StageExtras {
  stage_test_auc: number | null;
  stage_unasked_train_auc: number | null;
  stage_choice: string;
  stage_answers: number;
  stage_outliers: number;
  /** The answers' AUC of each candidate (prior, forest, blend, label-free), each answer held out of its own fit. */
  stage_aucs: (number | null)[];
  stage_seconds: number;
  /** With imboost.answersContrast=on: the contrast ranking alone, its seconds, and the stage without it. */
  stage_contrast_test_auc?: number | null;
  stage_contrast_unasked_train_auc?: number | null;
  stage_contrast_seconds?: number;
  stage_off_test_auc?: number | null;
  stage_off_unasked_train_auc?: number | null;
  stage_off_choice?: string;
}

/** `unasked` is the bench's AUC over the training rows never asked about (protocol.ts). */
export function answersExtras(
  r: RunResult,
  Xtr: Matrix,
  Xte: Matrix,
  yte: Uint8Array,
  config: EngineConfig,
  scale: MinMax,
  unasked: (scores: ArrayLike<number>) => number | null,
): StageExtras {
  const seed = config.seed;
  const judge = process.env.IMLAB_STAGE_JUDGE === 'final' ? null : (r.warmup?.scores ?? null);
  const t0 = performance.now();
  let answers = 0;
  let outliers = 0;
  for (const l of r.labels) {
    if (l >= 0) answers++;
    if (l === 1) outliers++;
  }
  // As the run's answers phase: with no outlier among the answers the label-free ranking stands, after it is a
  // candidate where its cost allows (its time is the stage's).
  const labelFree = labelFreeInStage(Xtr.rows, Xtr.cols, outliers) ? labelFreeRanking(Xtr, Xte, seed, scale) : null;
  const stage = (contrast: OtherRanking | null) =>
    answersStage(
      Xtr,
      Xte,
      { train: r.scores, test: r.testScores, judge, labelFree },
      r.labels,
      forestClassifier(seed),
      stageOptions(config.imboost),
      contrast ? [contrast] : [],
    );
  let contrast: OtherRanking | null = null;
  let contrastSeconds = 0;
  if (config.imboost.answersContrast === 'on') {
    const c0 = performance.now();
    // As the run's answers phase computes it: the clean set cut by the final score, held out of the answers.
    const c = contrastStage({ X: Xtr, Xtest: Xte, scores: r.scores, labels: r.labels, c: config.contrast, seed, heldOut: true });
    contrast = { id: 'contrast', name: CONTRAST_CANDIDATE, train: c.train, test: c.test };
    contrastSeconds = (performance.now() - c0) / 1000;
  }
  const s = stage(contrast);
  const seconds = (performance.now() - t0) / 1000;
  const off = contrast ? stage(null) : null;
  return {
    stage_test_auc: s.test ? rocAuc(s.test, yte) : null,
    stage_unasked_train_auc: unasked(s.train),
    stage_choice: s.choice.id,
    stage_answers: answers,
    stage_outliers: outliers,
    stage_aucs: s.choice.aucs,
    stage_seconds: seconds,
    ...(contrast && off
      ? {
          stage_contrast_test_auc: contrast.test ? rocAuc(contrast.test, yte) : null,
          stage_contrast_unasked_train_auc: unasked(contrast.train),
          stage_contrast_seconds: contrastSeconds,
          stage_off_test_auc: off.test ? rocAuc(off.test, yte) : null,
          stage_off_unasked_train_auc: unasked(off.train),
          stage_off_choice: off.choice.id,
        }
      : {}),
  };
}
