import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../tests/tf-setup';
import { blobWithOutliers } from '../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../config';
import { runMethod } from '../train/runMethod';
import { SimulatedOracle } from '../train/oracle';
import { scoreRows } from './score';
import { contrastStage } from './stage';
import { LabelBook } from '../train/labels';

beforeAll(useCpu);

const small: ConfigOverrides = {
  seed: 7,
  engine: 'tfjs',
  // No early questions: answered rows leave the warm-up's batches, and contrast's warm-up has no answers.
  imboost: { updatesPerEpoch: 3, plainEpochs: 2, warmupEpochs: 6, polarizationEpochs: 6, rounds: 2, n0: 32, budget: 4, earlyQuestions: 0 },
  contrast: { steps: 20, batch: 16, generatorEpochs: 2, synthetic: 'inliers' },
};
const { X, y } = blobWithOutliers(160, 4, 0.1, 1);

describe('the contrast method', () => {
  it("starts from IMBoost's warm-up, is deterministic by seed, and its scorer scores a row as the run did", async () => {
    const a = await runMethod({ X, Xtest: X, config: makeConfig({ ...small, method: 'contrast' }) });
    const b = await runMethod({ X, Xtest: X, config: makeConfig({ ...small, method: 'contrast' }) });
    const c = await runMethod({ X, Xtest: X, config: makeConfig({ ...small, method: 'contrast', seed: 8 }) });
    const imb = await runMethod({ X, Xtest: X, config: makeConfig(small), oracle: new SimulatedOracle(y) });
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    expect(Array.from(a.scores)).not.toEqual(Array.from(c.scores));
    // The same warm-up scores IMBoost's first round sees (same seed, same steps).
    expect(Array.from(a.warmup!.scores)).toEqual(Array.from(imb.warmup!.scores));
    expect(Array.from(a.warmup!.testScores!)).toEqual(Array.from(imb.warmup!.testScores!));
    // A new row scores as the run scored it (test rows have no leave-self-out; the clean rows do).
    expect(Array.from(scoreRows(a.contrast!, X))).toEqual(Array.from(a.testScores!));
    expect(a.scores.every(Number.isFinite)).toBe(true);
  });

  it('continues from given scores (a finished run): no warm-up, the clean set cut from them with the confirmed inliers', async () => {
    const config = makeConfig({ ...small, method: 'contrast' });
    const start = Float32Array.from(y, (l, i) => l + 0.2 * Math.cos(i));
    const labels = new LabelBook(X.rows);
    labels.set(0, y[0] as 0 | 1);
    const cont = await runMethod({ X, config, startScores: start, labels });
    // Only the encoder's steps: neither the warm-up nor the generator trained.
    expect(cont.updates).toBe(config.contrast.steps);
    expect(Array.from(cont.warmup!.scores)).toEqual(Array.from(start));
    const direct = contrastStage({ X, scores: start, labels: labels.values, c: config.contrast, seed: config.seed });
    expect(Array.from(cont.scores)).toEqual(Array.from(direct.train));
    await expect(runMethod({ X, config, startScores: start.subarray(1) })).rejects.toThrow(/rows/);
  });
});
