/** The warm-up phase: plain, then trimmed updates; GradStop's early stop; the snapshot the guard falls back to. */
import { captureCheckpoint } from '../checkpoint';
import { PolarizationGuard } from '../guard';
import type { GradStopView } from '../progress';
import { trimmingOn } from '../schedule';
import type { StepSpec } from '../trainContext';
import { averageOf } from '../vectors';
import { allRows, lambdas, reschedule, type ImboostRun } from './state';

/** A warm-up update (schedule epoch `se`): no labeled terms; trimmed from T0 on. */
export function warmupSpec(run: ImboostRun, batch: Int32Array, se: number): StepSpec {
  const { c } = run;
  const scale = c.warmupThreshold === 'scaled-quantile' ? 1 - c.xi : 1;
  return {
    batch,
    k: c.k,
    trim: trimmingOn(se, c) ? { rho: c.rho, scale, xi: 0 } : null,
    inliers: null,
    outliers: null,
    ...lambdas(run),
    cuboU: c.cuboU,
    keepLosses: false,
  };
}

/** Whether GradStop's rule still watches this epoch (it scores every warm-up epoch: any may become the kept one). */
export function stopWatching(run: ImboostRun, polarizing: boolean): boolean {
  return run.stop != null && !run.stop.end && !polarizing;
}

/**
 * GradStop's rule reads this epoch (its scores already in the window). When it stops, the warm-up ends here with
 * the kept epoch's model and window, and the rounds start now.
 */
export async function observeWarmupStop(run: ImboostRun, epoch: number): Promise<GradStopView | undefined> {
  const { opts, ctx, stop } = run;
  if (!stop) return undefined;
  if (opts.Xtest) {
    run.warmTestHistory.push(await ctx.scoreMatrix(opts.Xtest, run.scoreK));
    if (run.warmTestHistory.length > run.keep) run.warmTestHistory.shift();
  }
  const seen = await stop.observe(epoch, allRows(opts.X.rows), run.history, run.warmTestHistory);
  if (seen.restored) {
    run.history = seen.restored.history.slice();
    run.warmTestHistory.splice(0, run.warmTestHistory.length, ...seen.restored.testHistory);
    run.lastScores = run.history[run.history.length - 1] ?? run.lastScores;
    reschedule(run);
  }
  return seen.view;
}

/** A fixed warm-up's test-row window (benchmark): the epochs of the first round's eq. (5) average. */
export async function keepWarmupTest(run: ImboostRun, epoch: number): Promise<void> {
  const { rounds, firstScoredEpoch } = run.schedule;
  const Xtest = run.opts.Xtest;
  if (Xtest && rounds.length && epoch >= firstScoredEpoch && epoch <= rounds[0] && !run.stop)
    run.warmTestHistory.push(await run.ctx.scoreMatrix(Xtest, run.scoreK));
}

/** At the first round: the warm-up's eq. (5) scores `ens` (and its model when guarded) become the guard's fallback. */
export async function takeWarmupSnapshot(run: ImboostRun, epoch: number, ens: ArrayLike<number>): Promise<void> {
  const testScores = run.warmTestHistory.length ? Float32Array.from(averageOf(run.warmTestHistory)) : null;
  run.warmup = {
    scores: Float32Array.from(ens),
    testScores,
    checkpoint:
      run.c.guard === 'off'
        ? null
        : await captureCheckpoint(run.ctx, { method: 'imboost', nextEpoch: epoch + 1, round: 0, labels: run.book.values, history: [] }),
  };
  run.guard = new PolarizationGuard(run.warmup.scores);
}
