/**
 * The answers' stage measured beside the run it follows, on the same rows and answers: the run's final ranking, then
 * the stage's (src/core/answers/stack.ts: prior, a forest on the answers over features + the prior's rank, or their
 * blend, chosen by AUC on the answers held out of each fit).
 */
import type { Matrix } from '../src/core/data/matrix';
import { answersStage } from '../src/core/answers/stack';
import { forestClassifier } from '../src/core/answers/forestClassifier';
import { rocAuc } from '../src/core/metrics';
import type { RunResult } from '../src/core/train/run';

export interface StageExtras {
  stage_test_auc: number | null;
  stage_unasked_train_auc: number | null;
  stage_choice: string;
  stage_answers: number;
  stage_outliers: number;
  /** The answers' AUC of each candidate (prior, forest, blend), each answer held out of its own fit. */
  stage_aucs: (number | null)[];
  stage_seconds: number;
}

/** `unasked` is the bench's AUC over the training rows never asked about (protocol.ts). */
export function answersExtras(
  r: RunResult,
  Xtr: Matrix,
  Xte: Matrix,
  yte: Uint8Array,
  seed: number,
  unasked: (scores: ArrayLike<number>) => number | null,
): StageExtras {
  const t0 = performance.now();
  const judge = process.env.IMLAB_STAGE_JUDGE === 'final' ? null : (r.warmup?.scores ?? null);
  const s = answersStage(Xtr, Xte, { train: r.scores, test: r.testScores, judge }, r.labels, forestClassifier(seed));
  const seconds = (performance.now() - t0) / 1000;
  let answers = 0;
  let outliers = 0;
  for (const l of r.labels) {
    if (l >= 0) answers++;
    if (l === 1) outliers++;
  }
  return {
    stage_test_auc: s.test ? rocAuc(s.test, yte) : null,
    stage_unasked_train_auc: unasked(s.train),
    stage_choice: ['prior', 'forest', 'blend'][s.choice.index],
    stage_answers: answers,
    stage_outliers: outliers,
    stage_aucs: s.choice.aucs,
    stage_seconds: seconds,
  };
}
