import { bimodalityGap, fitGmm1d } from '../query/gmm';
import { createTrainContext } from './context';
import { yieldToLoop } from './control';
import { summarize } from './progress';
import type { RunOptions, RunResult } from './run';
import { odimCheckEvery, odimPatience } from './schedule';
import { minMaxScaled } from './vectors';

/**
 * ODIM (unsupervised): train with a fixed mini-batch and, every few updates, measure how bimodal the
 * batch losses are (2-component GMM). The scores at the most bimodal point are kept; training stops
 * when that has not improved for a while. An ensemble of models (different seeds) sums the scores.
 */
export async function runOdim(opts: RunOptions): Promise<RunResult> {
  const { X, config: cfg } = opts;
  const c = cfg.odim;
  const t0 = performance.now();
  const all = Int32Array.from({ length: X.rows }, (_, i) => i);
  const noLabels = new Int8Array(X.rows).fill(-1);
  const total = new Float64Array(X.rows);
  const testTotal = opts.Xtest ? new Float64Array(opts.Xtest.rows) : null;
  const checkEvery = odimCheckEvery(X.rows, c.batch);
  const patienceLimit = odimPatience(checkEvery, c.patienceUpdates);
  let updates = 0;
  for (let m = 0; m < c.models; m++) {
    const ctx = createTrainContext(X, cfg, cfg.seed + m);
    try {
      let best = -Infinity;
      let bestScores: Float32Array | null = null;
      let bestTest: Float32Array | null = null;
      let patience = 0;
      for (let u = 1; u <= c.maxUpdates && patience < patienceLimit; u++) {
        if (opts.control) await opts.control.gate();
        const check = u % checkEvery === 0;
        const out = ctx.step({
          batch: ctx.sample(all, c.batch), k: c.k, trim: null, inliers: null, outliers: null,
          lambda1: 0, lambda2: 0, cuboU: 2, keepLosses: check,
        });
        updates++;
        if (!check || !out.losses) {
          out.loss.dispose();
          continue;
        }
        const [lossValue, batchLosses] = await Promise.all([out.loss.read(), out.losses.read()]);
        const gap = bimodalityGap(fitGmm1d(minMaxScaled(batchLosses)));
        let scores: Float32Array | null = null;
        if (gap > best) {
          best = gap;
          patience = 0;
          scores = bestScores = await ctx.scoreTrain(c.k);
          if (opts.Xtest) bestTest = await ctx.scoreMatrix(opts.Xtest, c.k);
        } else {
          patience++;
        }
        const s = scores ? summarize(scores, noLabels, opts.truth ?? null) : null;
        opts.onProgress?.({
          method: 'odim', phase: 'odim', epoch: Math.floor(u / checkEvery), totalEpochs: Math.ceil(c.maxUpdates / checkEvery),
          update: updates, totalUpdates: c.maxUpdates * c.models, batchSize: c.batch, loss: lossValue, round: 0, rounds: 0,
          labeledInliers: 0, labeledOutliers: 0, risks: s?.risks ?? null, auc: s?.auc ?? null, ap: s?.ap ?? null,
          model: m + 1, elapsedMs: performance.now() - t0, scores: scores ?? undefined,
        });
        if (opts.control) await yieldToLoop();
      }
      const final = bestScores ?? (await ctx.scoreTrain(c.k));
      for (let i = 0; i < total.length; i++) total[i] += final[i];
      if (testTotal && opts.Xtest) {
        const t = bestTest ?? (await ctx.scoreMatrix(opts.Xtest, c.k));
        for (let i = 0; i < testTotal.length; i++) testTotal[i] += t[i];
      }
    } finally {
      ctx.dispose();
    }
  }
  return {
    scores: Float32Array.from(total),
    testScores: testTotal ? Float32Array.from(testTotal) : null,
    labels: noLabels,
    updates,
    seconds: (performance.now() - t0) / 1000,
  };
}
