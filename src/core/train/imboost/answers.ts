/** The answers' stage as IMBoost's last phase: a forest on the answers replaces the ranking only where the held-out answers show it helps. */
import { answersStage } from '../../answers/stack';
import { forestClassifier } from '../../answers/forestClassifier';
import type { RankingView } from '../../session';
import type { ImboostRun } from './state';

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
  const ranking: RankingView = { choice: (['prior', 'forest', 'blend'] as const)[out.choice.index], reason: out.choice.reason };
  if (out.choice.index === 0) return { ...s, ranking };
  return { scores: Float32Array.from(out.train), testScores: out.test ? Float32Array.from(out.test) : s.testScores, ranking };
}
