/**
 * The contrast method ("contrasting synthetic samples", reduced to tables): IMBoost's IWAE warm-up, the clean set
 * (confirmed inliers plus the lowest-scored share), the IWAE trained on from the warm-up on the clean rows alone as
 * the generator, a contrastive encoder on the clean rows (with the generator's samples and shifted instances as
 * configured), and eq. (11) against the clean rows as the score of every row, training and test alike. Given
 * `startScores` (*Continue with contrast*: a finished run's ranking), the warm-up and the generator are skipped.
 */
import { architectureFor } from '../model/architecture';
import { createTrainContext } from '../train/context';
import { LabelBook } from '../train/labels';
import { LastLoss } from '../train/lastLoss';
import type { RunOptions, RunResult } from '../train/run';
import { unlabeledStep, type TrainContext } from '../train/trainContext';
import { cleanRows } from './clean';
import { contrastStage } from './stage';
import { decoderSamples } from './synthetic';
import { contrastEvent, iwaeWarmup } from './warmup';
import type { EngineConfig } from '../config';

type Report = (phase: 'generator' | 'contrast', epoch: number, total: number, loss: number, scores?: Float32Array | null) => void;

/** The generator: the warm-up's IWAE trained on from there on the clean rows alone (plain loss), then sampled. */
async function generate(ctx: TrainContext, cfg: EngineConfig, clean: Int32Array, opts: RunOptions, report: Report, count: () => void) {
  const { contrast: c, imboost: imb } = cfg;
  for (let epoch = 0; epoch < c.generatorEpochs; epoch++) {
    const lastLoss = new LastLoss();
    for (let u = 0; u < imb.updatesPerEpoch; u++) {
      if (opts.control) await opts.control.gate();
      lastLoss.keep(ctx.step(unlabeledStep(ctx.sample(clean, Math.min(imb.maxBatch, clean.length)), imb.k)).loss);
      count();
    }
    report('generator', epoch, c.generatorEpochs, await lastLoss.read());
  }
  const { state } = await ctx.readState();
  const arch = architectureFor(opts.X.cols, cfg.model.hidden, cfg.model.latent);
  const rows = Math.min(clean.length, c.bankRows);
  return { data: decoderSamples(arch, state, cfg.model.bnEps, cfg.model.leakySlope, rows, cfg.seed + 1), rows };
}

export async function runContrast(opts: RunOptions): Promise<RunResult> {
  const { X, config: cfg } = opts;
  const c = cfg.contrast;
  const t0 = performance.now();
  const book = opts.labels ?? new LabelBook(X.rows);
  const start = opts.startScores ?? null;
  if (start && start.length !== X.rows) throw new Error(`The scores to continue from have ${start.length} rows, the table ${X.rows}.`);
  const ctx = start ? null : createTrainContext(X, cfg, cfg.seed);
  try {
    const warm = ctx ? await iwaeWarmup(ctx, X, cfg, book, opts, t0) : { scores: start!, testScores: null, updates: 0 };
    let updates = warm.updates;
    const batchSize = cleanRows(warm.scores, book.values, c.cleanShare).length;
    const report: Report = (phase, epoch, total, loss, scores = null) =>
      opts.onProgress?.(
        contrastEvent(book, opts.truth, {
          phase,
          epoch,
          totalEpochs: total,
          update: updates,
          totalUpdates: updates,
          batchSize,
          loss,
          t0,
          scores,
        }),
      );
    // The generator needs the warm-up's IWAE: a continuation has none (its samples added nothing measurable: docs/benchmarks.md).
    const synthetic =
      ctx && c.encoder === 'mlp' && c.synthetic !== 'off'
        ? await generate(ctx, cfg, cleanRows(warm.scores, book.values, c.cleanShare), opts, report, () => updates++)
        : null;
    const every = Math.max(1, Math.floor(c.steps / 20));
    const out = contrastStage({
      X,
      Xtest: opts.Xtest,
      scores: warm.scores,
      labels: book.values,
      c,
      seed: cfg.seed,
      synthetic,
      onStep: (step, loss) => {
        updates++;
        if ((step + 1) % every === 0) report('contrast', step, c.steps, loss);
      },
    });
    if (opts.control) await opts.control.gate();
    report('contrast', c.steps, c.steps, NaN, out.train);
    return {
      scores: out.train,
      testScores: out.test,
      labels: Int8Array.from(book.values),
      updates,
      seconds: (performance.now() - t0) / 1000,
      warmup: { scores: Float32Array.from(warm.scores), testScores: warm.testScores },
      contrast: out.scorer,
    };
  } finally {
    ctx?.dispose();
  }
}
