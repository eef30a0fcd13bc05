import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useCpu } from '../../../tests/tf-setup';
import { DEFAULT_CONFIG } from '../config';
import { Rng } from '../rng';
import { architectureFor } from './architecture';
import { Iwae, newBatchStats, disposeStats, type Mode } from './iwae';
import { logWeightsWithGradient } from './iwaeBackward';

beforeAll(useCpu);

function makeModel(seed: number, decoderBn: 'pooled' | 'per-sample' = 'pooled'): Iwae {
  const rng = new Rng(seed);
  const model = new Iwae(architectureFor(5, [6, 4], 3), { ...DEFAULT_CONFIG.model, decoderBn }, rng);
  // Push some log-variance pre-activations past the clip bounds [-6, 2], so the clip masks matter,
  // and give the running statistics values other than (0, 1).
  const w = model.weights();
  tf.tidy(() => {
    w.encLogvarBias.assign(tf.tensor1d([3.5, -7, 0.2]));
    w.decLogvarBias.assign(tf.tensor1d([2.5, -6.5, 0.1, -0.4, 9]));
    model.bn.forEach((s, i) => {
      s.mean.assign(tf.mul(tf.ones(s.mean.shape), 0.1 * (i + 1)));
      s.variance.assign(tf.mul(tf.ones(s.variance.shape), 0.5 + 0.3 * i));
    });
  });
  return model;
}

function data(rows: number, k: number, seed: number): { x: tf.Tensor2D; eps: tf.Tensor3D; coef: tf.Tensor2D } {
  const rng = new Rng(seed);
  const x = tf.tensor2d(
    Float32Array.from({ length: rows * 5 }, () => rng.next()),
    [rows, 5],
  );
  const eps = tf.tensor3d(
    Float32Array.from({ length: k * rows * 3 }, () => rng.normal()),
    [k, rows, 3],
  );
  // A weighted sum of the log weights, so every entry's upstream gradient differs.
  const coef = tf.tensor2d(
    Float32Array.from({ length: k * rows }, () => rng.normal()),
    [k, rows],
  );
  return { x, eps, coef };
}

async function gradients(model: Iwae, mode: Mode, rows: number, k: number, hand: boolean) {
  const { x, eps, coef } = data(rows, k, 11);
  const stats = newBatchStats();
  const { value, grads } = tf.variableGrads(() => {
    const logw = hand ? logWeightsWithGradient(model, x, eps, mode, stats) : model.logWeights(x, eps, mode, stats);
    return tf.sum(tf.mul(logw, coef));
  }, model.params);
  const out = {
    value: (await value.data())[0],
    grads: await Promise.all(model.params.map(async (p) => Array.from(await grads[p.name].data()))),
    // Layers that used the running statistics leave a hole: Array.from keeps it as null.
    stats: await Promise.all(
      Array.from(stats.moments, async (m) => (m ? [Array.from(await m.mean.data()), Array.from(await m.variance.data())] : null)),
    ),
  };
  tf.dispose([value, ...Object.values(grads), x, eps, coef]);
  disposeStats(stats);
  return out;
}

function expectClose(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  const scale = Math.max(1, ...want.map(Math.abs));
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(2e-5 * scale);
}

describe('hand-written IWAE backward pass', () => {
  for (const [mode, rows, k, decoderBn] of [
    ['train', 9, 4, 'pooled'],
    ['eval', 6, 3, 'pooled'],
    ['train', 1, 5, 'pooled'], // one row: the encoder's BatchNorm falls back to the running statistics
    ['train', 9, 4, 'per-sample'],
    ['train', 1, 5, 'per-sample'], // one row per sample: the decoder falls back too
  ] as const) {
    it(`matches autodiff: ${mode} mode, ${rows} rows, K = ${k}, ${decoderBn} decoder BatchNorm`, async () => {
      const model = makeModel(3, decoderBn);
      const auto = await gradients(model, mode, rows, k, false);
      const hand = await gradients(model, mode, rows, k, true);
      expect(hand.value).toBeCloseTo(auto.value, 4);
      hand.grads.forEach((g, i) => expectClose(g, auto.grads[i]));
      // Some gradient of each log-variance bias is exactly zero: the clip masks are in effect.
      expect(hand.grads[model.params.length - 3].some((v) => v === 0)).toBe(true);
      expect(hand.grads[model.params.length - 1].some((v) => v === 0)).toBe(true);
      expect(hand.stats.length).toBe(auto.stats.length);
      hand.stats.forEach((s, i) => {
        expect(s === null).toBe(auto.stats[i] === null);
        s?.forEach((v, j) => expectClose(v, auto.stats[i]![j]));
      });
      // One row: only the pooled decoder (K rows) has batch statistics; per sample it has one row too.
      if (rows === 1) expect(hand.stats.filter((s) => s !== null).length).toBe(decoderBn === 'pooled' ? 2 : 0);
      model.dispose();
    });
  }

  it('leaves no tensor behind', async () => {
    const model = makeModel(4);
    await gradients(model, 'train', 8, 2, true);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await gradients(model, 'train', 8, 2, true);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
