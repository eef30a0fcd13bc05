/**
 * IMBoost's warm-up, step for step as runImboost takes it (same seeded stream, the same updates and scoring passes
 * in the same order), so its eq. (5) scores are the warm-up IMBoost's first round would see: plain then trimmed
 * epochs with the growing batch, averaged over the last ensembleEpochs epochs. The context stays open: the
 * contrast stage trains the generator on from this model.
 */
import type { EngineConfig } from '../config';
import type { Matrix } from '../data/matrix';
import { LastLoss } from '../train/lastLoss';
import type { LabelBook } from '../train/labels';
import { progressEvent, summarize, type ProgressEvent, type ProgressFacts } from '../train/progress';
import type { RunOptions } from '../train/run';
import { batchSize, ensembleEpochs, trimmingOn } from '../train/schedule';
import type { TrainContext } from '../train/trainContext';
import { averageOf } from '../train/vectors';

export interface WarmupScores {
  scores: Float32Array;
  testScores: Float32Array | null;
  updates: number;
}

export async function iwaeWarmup(
  ctx: TrainContext,
  X: Matrix,
  cfg: EngineConfig,
  book: LabelBook,
  opts: Pick<RunOptions, 'Xtest' | 'control' | 'onProgress' | 'truth'>,
  t0: number,
): Promise<WarmupScores> {
  const c = cfg.imboost;
  const keep = ensembleEpochs(c);
  const first = Math.max(0, c.warmupEpochs - keep);
  const unlabeled = book.rows(-1);
  const pool = unlabeled.length >= 2 ? unlabeled : Int32Array.from({ length: X.rows }, (_, i) => i);
  const warmScale = c.warmupThreshold === 'scaled-quantile' ? 1 - c.xi : 1;
  const history: Float32Array[] = [];
  const testHistory: Float32Array[] = [];
  const scoreK = c.scoreK ?? c.k;
  let updates = 0;
  for (let epoch = 0; epoch < c.warmupEpochs; epoch++) {
    const lastLoss = new LastLoss();
    const bs = batchSize(epoch, c, pool.length);
    const trimmed = trimmingOn(epoch, c);
    for (let u = 0; u < c.updatesPerEpoch; u++) {
      if (opts.control) await opts.control.gate();
      const out = ctx.step({
        batch: ctx.sample(pool, bs),
        k: c.k,
        trim: trimmed ? { rho: c.rho, scale: warmScale, xi: 0 } : null,
        inliers: null,
        outliers: null,
        lambda1: c.lambda1,
        lambda2: c.lambda2,
        cuboU: c.cuboU,
        keepLosses: false,
      });
      lastLoss.keep(out.loss);
      updates++;
    }
    const loss = await lastLoss.read();
    let scores: Float32Array | null = null;
    if (epoch >= first) {
      scores = await ctx.scoreTrain(scoreK);
      history.push(scores);
      if (opts.Xtest) testHistory.push(await ctx.scoreMatrix(opts.Xtest, scoreK));
    }
    opts.onProgress?.(
      contrastEvent(book, opts.truth, {
        phase: trimmed ? 'trimmed' : 'plain',
        epoch,
        totalEpochs: c.warmupEpochs,
        update: updates,
        totalUpdates: c.warmupEpochs * c.updatesPerEpoch,
        batchSize: bs,
        loss,
        t0,
        scores,
      }),
    );
  }
  return {
    scores: Float32Array.from(averageOf(history)),
    testScores: testHistory.length ? Float32Array.from(averageOf(testHistory)) : null,
    updates,
  };
}

/** A progress event of the contrast method: the answers' counts and the scores' summary read from the run. */
export function contrastEvent(
  book: LabelBook,
  truth: RunOptions['truth'],
  f: Omit<ProgressFacts, 'method' | 'labeledInliers' | 'labeledOutliers' | 'summary'>,
): ProgressEvent {
  const summary = f.scores ? summarize(f.scores, book.values, truth ?? null) : null;
  return progressEvent({ ...f, method: 'contrast', labeledInliers: book.count(0), labeledOutliers: book.count(1), summary });
}
