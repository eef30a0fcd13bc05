/**
 * The contrast method ("contrasting synthetic samples", reduced to tables): IMBoost's IWAE warm-up, the clean set
 * (confirmed inliers plus the lowest-scored share), the IWAE trained on from the warm-up on the clean rows alone as
 * the generator, a contrastive encoder on the clean rows (with the generator's samples and shifted instances as
 * configured), and eq. (11) against the clean rows as the score of every row, training and test alike.
 */
import { architectureFor } from '../model/architecture';
import { Rng } from '../rng';
import { createTrainContext } from '../train/context';
import { LabelBook } from '../train/labels';
import { LastLoss } from '../train/lastLoss';
import type { RunOptions, RunResult } from '../train/run';
import { sampleRows, unlabeledStep } from '../train/trainContext';
import { cleanRows } from './clean';
import { buildScorer, scoreRows } from './score';
import { decoderSamples } from './synthetic';
import { trainContrast } from './train';
import { derangement, type ShiftName, type Shifts } from './views';
import { contrastEvent, iwaeWarmup } from './warmup';
import type { ContrastConfig } from '../params/contrast';
import { takeRows } from '../data/matrix';

/** The shift transformations a setting names, the permutation drawn from the run's seed. */
export function shiftsFor(setting: ContrastConfig['shifts'], d: number, seed: number): Shifts {
  const names: ShiftName[] = setting === 'both' ? ['permute', 'flip'] : setting === 'none' ? [] : [setting];
  return { names, perm: derangement(d, new Rng(seed ^ 0x5eed)) };
}

export async function runContrast(opts: RunOptions): Promise<RunResult> {
  const { X, config: cfg } = opts;
  const c = cfg.contrast;
  const t0 = performance.now();
  const ctx = createTrainContext(X, cfg, cfg.seed);
  const book = opts.labels ?? new LabelBook(X.rows);
  try {
    const warm = await iwaeWarmup(ctx, X, cfg, book, opts, t0);
    let updates = warm.updates;
    const clean = cleanRows(warm.scores, book.values, c.cleanShare);
    const report = (phase: 'generator' | 'contrast', epoch: number, total: number, loss: number, scores: Float32Array | null = null) =>
      opts.onProgress?.(
        contrastEvent(book, opts.truth, {
          phase,
          epoch,
          totalEpochs: total,
          update: updates,
          totalUpdates: updates,
          batchSize: clean.length,
          loss,
          t0,
          scores,
        }),
      );
    let synthetic: { data: Float32Array; rows: number } | null = null;
    if (c.encoder === 'mlp' && c.synthetic !== 'off') {
      // The generator: the warm-up's IWAE trained on from there on the clean rows alone (plain loss).
      const imb = cfg.imboost;
      for (let epoch = 0; epoch < c.generatorEpochs; epoch++) {
        const lastLoss = new LastLoss();
        for (let u = 0; u < imb.updatesPerEpoch; u++) {
          if (opts.control) await opts.control.gate();
          lastLoss.keep(ctx.step(unlabeledStep(ctx.sample(clean, Math.min(imb.maxBatch, clean.length)), imb.k)).loss);
          updates++;
        }
        report('generator', epoch, c.generatorEpochs, await lastLoss.read());
      }
      const { state } = await ctx.readState();
      const arch = architectureFor(X.cols, cfg.model.hidden, cfg.model.latent);
      const rows = Math.min(clean.length, c.bankRows);
      synthetic = { data: decoderSamples(arch, state, cfg.model.bnEps, cfg.model.leakySlope, rows, cfg.seed + 1), rows };
    }
    const shifts = shiftsFor(c.shifts, X.cols, cfg.seed);
    const cleanX = takeRows(X, clean);
    let encoder = null;
    if (c.encoder === 'mlp') {
      const spec = {
        ...c,
        augment: { maskRate: c.maskRate, jitter: c.jitter },
        shifts,
        syntheticRole: c.synthetic === 'shifted' ? ('shifted' as const) : ('inliers' as const),
      };
      const every = Math.max(1, Math.floor(c.steps / 20));
      const trained = trainContrast(cleanX.data, clean.length, X.cols, synthetic, spec, cfg.seed, (step, loss) => {
        updates++;
        if ((step + 1) % every === 0) report('contrast', step, c.steps, loss);
      });
      encoder = trained.encoder;
    }
    if (opts.control) await opts.control.gate();
    const bank = clean.length > c.bankRows ? sampleRows(new Rng(cfg.seed + 2), clean, c.bankRows).sort() : clean;
    const scorer = buildScorer(encoder, shifts, encoder ? 1 + shifts.names.length : 1, X, bank, c.featureNorm);
    const scores = scoreRows(scorer, X, scorer.bankSource);
    const testScores = opts.Xtest ? scoreRows(scorer, opts.Xtest) : null;
    report('contrast', c.steps, c.steps, NaN, scores);
    return {
      scores,
      testScores,
      labels: Int8Array.from(book.values),
      updates,
      seconds: (performance.now() - t0) / 1000,
      warmup: { scores: warm.scores, testScores: warm.testScores },
      contrast: scorer,
    };
  } finally {
    ctx.dispose();
  }
}
