import { createTrainContext } from './context';
import { unlabeledStep } from './trainContext';
import { LastLoss } from './lastLoss';
import { yieldToLoop } from './control';
import { captureCheckpoint, restoreCheckpoint } from './checkpoint';
import { progressEvent, summarize } from './progress';
import { LiveTrace } from './trace';
import type { RunOptions, RunResult } from './run';
import { altbiSnapshotEpoch, batchSize, trimmingOn } from './schedule';
import { minMaxScaled } from './vectors';

/**
 * ALTBI (unsupervised): growing mini-batch and trimmed loss (keep l <= the rho-quantile), then the
 * final score is the mean of min-max scaled score snapshots over the last epochs. Checkpoints at each
 * epoch end resume the training rows' scores exactly (test rows, a benchmark's, are not checkpointed).
 */
export async function runAltbi(opts: RunOptions): Promise<RunResult> {
  const { X, config: cfg } = opts;
  const c = cfg.altbi;
  const t0 = performance.now();
  const ctx = createTrainContext(X, cfg, cfg.seed);
  const all = Int32Array.from({ length: X.rows }, (_, i) => i);
  const noLabels = new Int8Array(X.rows).fill(-1);
  const sum = new Float64Array(X.rows);
  const testSum = opts.Xtest ? new Float64Array(opts.Xtest.rows) : null;
  // The raw snapshot scores: a checkpoint keeps them, so a resumed run sums exactly what this one would.
  const history: Float32Array[] = [];
  let snapshots = 0;
  let startEpoch = 0;
  if (opts.resume) {
    restoreCheckpoint(ctx, opts.resume);
    startEpoch = opts.resume.nextEpoch;
    for (const h of opts.resume.history) {
      history.push(Float32Array.from(h));
      addInto(sum, minMaxScaled(h));
      snapshots++;
    }
  }
  let updates = startEpoch * c.updatesPerEpoch;
  const trace = cfg.traceEveryEpoch ? new LiveTrace(X, opts.truth ?? null, cfg.seed, cfg.traceRows) : null;
  try {
    for (let epoch = startEpoch; epoch < c.epochs; epoch++) {
      const bs = batchSize(epoch, c, X.rows);
      const lastLoss = new LastLoss();
      for (let u = 0; u < c.updatesPerEpoch; u++) {
        if (opts.control) await opts.control.gate();
        const out = ctx.step(unlabeledStep(ctx.sample(all, bs), c.k, trimmingOn(epoch, c) ? c.rho : null));
        lastLoss.keep(out.loss);
        updates++;
      }
      const loss = await lastLoss.read();
      const snapshot = altbiSnapshotEpoch(epoch, c);
      let scores: Float32Array | null = null;
      let s: ReturnType<typeof summarize> | null = null;
      if (snapshot) scores = await ctx.scoreTrain(c.k);
      else if (trace) ({ summary: s, scores } = await trace.score(ctx, c.k, noLabels));
      if (snapshot && scores) {
        addInto(sum, minMaxScaled(scores));
        history.push(scores);
        if (testSum && opts.Xtest) addInto(testSum, minMaxScaled(await ctx.scoreMatrix(opts.Xtest, c.k)));
        snapshots++;
      }
      if (scores && !s) s = trace ? trace.summarizeAll(scores, noLabels) : summarize(scores, noLabels, opts.truth ?? null);
      opts.onProgress?.(
        progressEvent({
          method: 'altbi',
          phase: trimmingOn(epoch, c) ? 'trimmed' : 'plain',
          epoch,
          totalEpochs: c.epochs,
          update: updates,
          totalUpdates: c.epochs * c.updatesPerEpoch,
          batchSize: bs,
          loss,
          t0,
          summary: s,
          scores,
          traceRows: scores ? null : (trace?.rows ?? null),
        }),
      );
      if (opts.onCheckpoint) {
        opts.onCheckpoint(
          await captureCheckpoint(ctx, { method: 'altbi', nextEpoch: epoch + 1, round: 0, labels: noLabels, history, updates }),
        );
      }
      if (opts.control) await yieldToLoop();
    }
    if (!snapshots) throw new Error('ALTBI took no score snapshot: scoreFrom must be below epochs');
    const scores = Float32Array.from(sum, (v) => v / snapshots);
    const testScores = testSum ? Float32Array.from(testSum, (v) => v / snapshots) : null;
    return { scores, testScores, labels: noLabels, updates, seconds: (performance.now() - t0) / 1000 };
  } finally {
    ctx.dispose();
  }
}

function addInto(acc: Float64Array, v: ArrayLike<number>): void {
  for (let i = 0; i < acc.length; i++) acc[i] += v[i];
}
