/** The end of a run: the final scores (last epoch or eq. (5) average), the guard's verdict and roll-back, the answers' stage. */
import { restoreCheckpoint } from '../checkpoint';
import { DEFAULT_GUARD_OPTIONS, finishGuard, type GuardVerdict } from '../guard';
import type { RunResult } from '../run';
import { averageOf } from '../vectors';
import { answersPhase, type FinalScores } from './answers';
import { saveCheckpoint, type ImboostRun } from './state';

/** The polarized model's final scores: the eq. (5) average over the last epochs, or the last epoch's. */
async function polarizedScores(run: ImboostRun): Promise<FinalScores> {
  const { ctx, opts, scoreK } = run;
  const averaging = run.c.finalScore === 'average';
  const last = run.lastScores ?? (await ctx.scoreTrain(scoreK));
  const scores = averaging && run.history.length ? Float32Array.from(averageOf(run.history)) : last;
  const testScores = !opts.Xtest
    ? null
    : averaging && run.testHistory.length
      ? Float32Array.from(averageOf(run.testHistory))
      : await ctx.scoreMatrix(opts.Xtest, scoreK);
  return { scores, testScores };
}

/**
 * The guard's verdict on the polarized scores. A roll-back puts the warm-up's eq. (5) scores in their place and
 * its model back in the engine, so the last checkpoint (what a saved session keeps) holds the warm-up's model.
 */
async function guardPhase(run: ImboostRun, polarized: FinalScores): Promise<{ verdict: GuardVerdict | null; final: FinalScores }> {
  const { guard, warmup, c } = run;
  if (!guard || !warmup) return { verdict: null, final: polarized };
  const verdict = finishGuard(guard, polarized.scores, run.book.values, c.guard, DEFAULT_GUARD_OPTIONS, run.wide);
  let final = polarized;
  if (verdict.choice === 'warmup') {
    final = { scores: warmup.scores, testScores: warmup.testScores ?? polarized.testScores };
    if (warmup.checkpoint) {
      restoreCheckpoint(run.ctx, warmup.checkpoint);
      await saveCheckpoint(run, run.schedule.totalEpochs, null);
    }
  }
  run.opts.onGuard?.(verdict);
  return { verdict, final };
}

export async function finish(run: ImboostRun): Promise<RunResult> {
  const polarized = await polarizedScores(run);
  const { verdict, final } = await guardPhase(run, polarized);
  const { scores, testScores, ranking } = answersPhase(run, final);
  const { stop, warmup } = run;
  return {
    ranking,
    scores,
    testScores,
    labels: Int8Array.from(run.book.values),
    updates: run.updates,
    seconds: (performance.now() - run.t0) / 1000,
    warmup: warmup ? { scores: warmup.scores, testScores: warmup.testScores } : null,
    guard: verdict,
    polarized,
    gradstop: stop?.end ? { keptEpoch: stop.end.kept, epochs: stop.end.stopped + 1, initialReturned: stop.rule.initialReturned } : null,
  };
}
