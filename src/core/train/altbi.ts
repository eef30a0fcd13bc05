import { createTrainContext } from './context';
import { unlabeledStep } from './trainContext';
import { LastLoss } from './lastLoss';
import { yieldToLoop } from './control';
import { captureCheckpoint, checkpointOf, restoreCheckpoint } from './checkpoint';
import { progressEvent, summarize, type GradStopView } from './progress';
import { LiveTrace } from './trace';
import type { RunOptions, RunResult } from './run';
import { altbiSnapshotEpoch, batchSize, trimmingOn } from './schedule';
import { minMaxScaled } from './vectors';
import { WarmupGradStop } from './warmupStop';

/**
 * ALTBI (unsupervised): growing mini-batch and trimmed loss (keep l <= the rho-quantile), then the
 * final score is the mean of min-max scaled score snapshots over the last epochs. Checkpoints at each
 * epoch end resume the training rows' scores exactly (test rows, a benchmark's, are not checkpointed).
 *
 * With altbi.warmupStop = 'gradstop', GradStop's rule runs after every epoch; when it stops (at `epochs` at the
 * latest) the kept epoch's model is restored and the score averages the same number of snapshots as the fixed run
 * (epochs - scoreFrom), the ones ending at the kept epoch (fewer when it comes earlier).
 */
export async function runAltbi(opts: RunOptions): Promise<RunResult> {
  const { X, config: cfg } = opts;
  const c = cfg.altbi;
  const t0 = performance.now();
  const ctx = createTrainContext(X, cfg, cfg.seed);
  const all = Int32Array.from({ length: X.rows }, (_, i) => i);
  const noLabels = new Int8Array(X.rows).fill(-1);
  // How many snapshots the score averages: the fixed run's count, also for a GradStop-ended run.
  const window = c.epochs - c.scoreFrom;
  const stop =
    c.warmupStop === 'gradstop'
      ? new WarmupGradStop(ctx, cfg.gradstop, c.k, c.epochs, checkpointOf(opts.resume, 'altbi')?.warmupStop ?? null)
      : null;
  // The raw snapshot scores: a checkpoint keeps them, so a resumed run averages exactly what this one would.
  let history: Float32Array[] = [];
  let testHistory: Float32Array[] = [];
  let startEpoch = 0;
  if (opts.resume) {
    restoreCheckpoint(ctx, opts.resume);
    startEpoch = opts.resume.nextEpoch;
    history = opts.resume.history.map((h) => Float32Array.from(h));
  }
  let updates = startEpoch * c.updatesPerEpoch;
  const trace = cfg.traceEveryEpoch ? new LiveTrace(X, opts.truth ?? null, cfg.seed, cfg.traceRows) : null;
  try {
    for (let epoch = startEpoch; epoch < c.epochs && !stop?.end; epoch++) {
      const bs = batchSize(epoch, c, X.rows);
      const lastLoss = new LastLoss();
      for (let u = 0; u < c.updatesPerEpoch; u++) {
        if (opts.control) await opts.control.gate();
        const out = ctx.step(unlabeledStep(ctx.sample(all, bs), c.k, trimmingOn(epoch, c) ? c.rho : null));
        lastLoss.keep(out.loss);
        updates++;
      }
      const loss = await lastLoss.read();
      // Under GradStop every epoch is a snapshot: any epoch may become the kept one, its window ending there.
      const snapshot = stop != null || altbiSnapshotEpoch(epoch, c);
      let scores: Float32Array | null = null;
      let s: ReturnType<typeof summarize> | null = null;
      if (snapshot) scores = await ctx.scoreTrain(c.k);
      else if (trace) ({ summary: s, scores } = await trace.score(ctx, c.k, noLabels));
      let gradstop: GradStopView | undefined;
      if (snapshot && scores) {
        pushWindow(history, scores, window);
        if (opts.Xtest) pushWindow(testHistory, await ctx.scoreMatrix(opts.Xtest, c.k), window);
        if (stop) {
          const seen = await stop.observe(epoch, all, history, testHistory);
          gradstop = seen.view;
          if (seen.restored) {
            // Training ends here with the kept epoch's model and the snapshots up to it.
            history = seen.restored.history.slice();
            testHistory = seen.restored.testHistory.slice();
            scores = history[history.length - 1] ?? scores;
          }
        }
      }
      if (scores && !s) s = trace ? trace.summarizeAll(scores, noLabels) : summarize(scores, noLabels, opts.truth ?? null);
      const totalEpochs = stop?.end ? stop.end.stopped + 1 : c.epochs;
      opts.onProgress?.(
        progressEvent({
          method: 'altbi',
          phase: trimmingOn(epoch, c) ? 'trimmed' : 'plain',
          epoch,
          totalEpochs,
          update: updates,
          totalUpdates: totalEpochs * c.updatesPerEpoch,
          batchSize: bs,
          loss,
          t0,
          summary: s,
          scores,
          traceRows: scores ? null : (trace?.rows ?? null),
          gradstop,
        }),
      );
      if (opts.onCheckpoint) {
        opts.onCheckpoint(
          await captureCheckpoint(ctx, {
            method: 'altbi',
            nextEpoch: epoch + 1,
            round: 0,
            labels: noLabels,
            history,
            updates,
            warmupStop: stop?.state() ?? null,
          }),
        );
      }
      if (opts.control) await yieldToLoop();
    }
    if (!history.length) throw new Error('ALTBI took no score snapshot: scoreFrom must be below epochs');
    return {
      scores: meanScaled(history),
      testScores: opts.Xtest && testHistory.length ? meanScaled(testHistory) : null,
      labels: noLabels,
      updates,
      seconds: (performance.now() - t0) / 1000,
      gradstop: stop?.end ? { keptEpoch: stop.end.kept, epochs: stop.end.stopped + 1, initialReturned: stop.rule.initialReturned } : null,
    };
  } finally {
    ctx.dispose();
  }
}

/** Appends the newest snapshot, dropping the oldest beyond `size`. */
function pushWindow(h: Float32Array[], v: Float32Array, size: number): void {
  h.push(v);
  if (h.length > size) h.shift();
}

/** The mean of the min-max scaled snapshots, summed in float64 in epoch order. */
function meanScaled(h: Float32Array[]): Float32Array {
  const acc = new Float64Array(h[0].length);
  for (const v of h) {
    const m = minMaxScaled(v);
    for (let i = 0; i < acc.length; i++) acc[i] += m[i];
  }
  return Float32Array.from(acc, (v) => v / h.length);
}
