import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useCpu } from '../../../tests/tf-setup';
import { quantile, trimMask, trimmedMean } from './trim';

beforeAll(useCpu);

/** torch.quantile's default: linear interpolation between order statistics. */
function linearQuantile(v: number[], q: number): number {
  const s = [...v].sort((a, b) => a - b);
  const p = q * (s.length - 1);
  const lo = Math.floor(p);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (p - lo) * (s[hi] - s[lo]);
}

describe('trimming', () => {
  const values = [3.5, -2, 7, 0.25, 11, -6, 4, 4, 9.5, 1];

  it('quantile matches linear interpolation for several rho', () => {
    for (const rho of [0, 0.1, 0.5, 0.92, 0.95, 1]) {
      const got = tf.tidy(() => quantile(tf.tensor1d(values), rho).dataSync()[0]);
      expect(got).toBeCloseTo(linearQuantile(values, rho), 5);
    }
  });

  it('mask keeps l <= scale * q + offset', () => {
    const q = linearQuantile(values, 0.5);
    const mask = tf.tidy(() => Array.from(trimMask(tf.tensor1d(values), tf.scalar(1), 0.5, 0.6).dataSync()));
    expect(mask).toEqual(values.map((v) => (v <= 0.6 * q + 1 ? 1 : 0)));
  });

  it('differentiates only through the kept losses (the mask is a stop-gradient)', () => {
    const w = tf.variable(tf.tensor1d(values));
    const { grads } = tf.variableGrads(() => {
      const l = tf.mul(w, 2) as tf.Tensor1D;
      return trimmedMean(l, trimMask(l, tf.scalar(0), 0.5, 1));
    }, [w]);
    const g = Array.from(grads[w.name].dataSync());
    const q = linearQuantile(
      values.map((v) => 2 * v),
      0.5,
    );
    const kept = values.filter((v) => 2 * v <= q).length;
    expect(g).toEqual(values.map((v) => (2 * v <= q ? 2 / kept : 0)).map((x) => Math.fround(x)));
    w.dispose();
  });
});
