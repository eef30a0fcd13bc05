/** The answers' stage as IMBoost's last phase: a forest on the answers replaces the ranking only where the held-out answers show it helps. */
import { answersStage } from '../../answers/stack';
import { forestClassifier } from '../../answers/forestClassifier';
import type { RankingView } from '../../session';
import type { ImboostRun } from './state';
import { CHOICES } from '../../answers/curve';
import { withPoint } from './curve';

export interface FinalScores {
  scores: Float32Array;
  testScores: Float32Array | null;
}

/** The ranking the run returns (null with the stage off) and the scores it stands for. */
export function answersPhase(run: ImboostRun, s: FinalScores): FinalScores & { ranking: RankingView | null } {
  if (run.c.answersStage !== 'forest') return { ...s, ranking: null };
  const { opts } = run;
  const out = answersStage(
    opts.X,
    opts.Xtest ?? null,
    { train: s.scores, test: s.testScores, judge: run.warmup?.scores ?? null },
    run.book.values,
    forestClassifier(opts.config.seed),
  );
  const { index, aucs, reason } = out.choice;
  const choice = CHOICES[index];
  // The curve's last point is the final ranking's, judged on every row with every answer.
  const outliers = run.book.count(1);
  const curve = withPoint(run.ranking?.curve ?? [], { answers: outliers + run.book.count(0), outliers, auc: aucs[index], choice });
  const ranking: RankingView = { choice, reason, curve };
  if (out.choice.index === 0) return { ...s, ranking };
  return { scores: Float32Array.from(out.train), testScores: out.test ? Float32Array.from(out.test) : s.testScores, ranking };
}
