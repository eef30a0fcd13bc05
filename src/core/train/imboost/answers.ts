/** The answers' stage as IMBoost's last phase: a forest on the answers replaces the ranking only where the held-out answers show it helps. */
import { answersStage, CONTRAST_CANDIDATE, type OtherRanking } from '../../answers/stack';
import { forestClassifier } from '../../answers/forestClassifier';
import { contrastStage } from '../../contrast/stage';
import type { RankingView } from '../../session';
import type { ImboostRun } from './state';
import { DEFAULT_CHOOSER } from '../../answers/chooser';
import { withPoint } from './curve';
import { labelFreeInStage, labelFreeOf, noOutlierRanking, stageOptions } from './prior';
import { propagationNote } from '../../answers/propagate';

export interface FinalScores {
  scores: Float32Array;
  testScores: Float32Array | null;
}

/**
 * The contrast stage as a candidate (imboost.answersContrast 'on'): the clean set cut by the final score, held out of
 * the answers (contrast/stage.ts). Not computed while the chooser would keep the prior anyway (too few answers).
 */
function contrastCandidate(run: ImboostRun, s: FinalScores): OtherRanking | null {
  if (run.c.answersContrast !== 'on') return null;
  if (Math.min(run.book.count(0), run.book.count(1)) < DEFAULT_CHOOSER.minPerClass) return null;
  const { opts } = run;
  const out = contrastStage({
    X: opts.X,
    Xtest: opts.Xtest ?? null,
    scores: s.scores,
    labels: run.book.values,
    c: opts.config.contrast,
    seed: opts.config.seed,
    heldOut: true,
  });
  return { id: 'contrast', name: CONTRAST_CANDIDATE, train: out.train, test: out.test };
}

/** The ranking the run returns (null with the stage off) and the scores it stands for. */
export function answersPhase(run: ImboostRun, s: FinalScores): FinalScores & { ranking: RankingView | null } {
  if (run.c.answersStage !== 'forest') return { ...s, ranking: null };
  const { opts } = run;
  const outliers = run.book.count(1);
  const none = outliers === 0;
  const out = answersStage(
    opts.X,
    opts.Xtest ?? null,
    // With no outlier answered the label-free ranking stands (moved only by the propagation from the inliers); after,
    // it is a candidate where its cost allows (prior.ts).
    {
      train: s.scores,
      test: s.testScores,
      judge: run.warmup?.scores ?? null,
      labelFree: labelFreeInStage(opts.X.rows, opts.X.cols, outliers) ? labelFreeOf(run) : null,
    },
    run.book.values,
    forestClassifier(opts.config.seed),
    stageOptions(run.c),
    none ? [] : [contrastCandidate(run, s)].filter((o) => o !== null),
  );
  const scores = { scores: Float32Array.from(out.train), testScores: out.test ? Float32Array.from(out.test) : s.testScores };
  if (none) {
    const view = noOutlierRanking(run, true);
    return { ...scores, ranking: { ...view, reason: view.reason + propagationNote(out.propagation) } };
  }
  const { id: choice, reason, meanShare } = out.choice;
  // The curve's last point is the final ranking's, judged on every row with every answer.
  const point = { answers: outliers + run.book.count(0), outliers, auc: out.auc, choice, ...(meanShare ? { meanShare } : {}) };
  const curve = withPoint(run.ranking?.curve ?? [], point);
  return { ...scores, ranking: { choice, ...(meanShare ? { meanShare } : {}), reason, curve } };
}
