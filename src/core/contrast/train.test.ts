import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { cleanRows } from './clean';
import { shiftsFor } from './stage';
import { trainContrast, type ContrastTrainSpec } from './train';
import { CONTRAST_DEFAULTS } from '../params/contrast';

function table(rows: number, d: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: rows * d }, () => rng.next());
}

const spec = (over: Partial<ContrastTrainSpec> = {}): ContrastTrainSpec => ({
  ...CONTRAST_DEFAULTS,
  steps: 12,
  batch: 8,
  augment: { maskRate: 0.3, jitter: 0.05 },
  shifts: shiftsFor('both', 5, 1),
  syntheticRole: 'inliers',
  ...over,
});

describe('the contrast stage', () => {
  it('trains the same encoder for the same seed and a different one for another', () => {
    const x = table(40, 5, 3);
    const synth = { data: table(20, 5, 4), rows: 20 };
    const a = trainContrast(x, 40, 5, synth, spec(), 9);
    const b = trainContrast(x, 40, 5, synth, spec(), 9);
    const c = trainContrast(x, 40, 5, synth, spec(), 10);
    expect(a.encoder.tensors.map((t) => Array.from(t))).toEqual(b.encoder.tensors.map((t) => Array.from(t)));
    expect(Array.from(a.losses)).toEqual(Array.from(b.losses));
    expect(Array.from(a.encoder.tensors[0])).not.toEqual(Array.from(c.encoder.tensors[0]));
    expect(a.losses.every(Number.isFinite)).toBe(true);
  });

  it('lowers its loss on structured rows', () => {
    // Two clusters: the views of a row are easy to tell from other rows'.
    const rng = new Rng(5);
    const x = Float32Array.from({ length: 64 * 5 }, (_, i) => (Math.floor(i / 5) % 2 ? 0.8 : 0.2) + 0.05 * rng.normal());
    const r = trainContrast(x, 64, 5, null, spec({ steps: 150, shifts: shiftsFor('none', 5, 1) }), 2);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(r.losses.slice(-20))).toBeLessThan(mean(r.losses.slice(0, 20)));
  });

  it('gives the synthetic rows a class of their own in the shifted role', () => {
    const x = table(30, 5, 1);
    const synth = { data: table(10, 5, 2), rows: 10 };
    const r = trainContrast(x, 30, 5, synth, spec({ syntheticRole: 'shifted' }), 1);
    expect(r.encoder.shape.classes).toBe(4);
    expect(trainContrast(x, 30, 5, synth, spec(), 1).encoder.shape.classes).toBe(3);
  });

  it('takes the confirmed inliers and the lowest-scored share of the open rows, never an answered outlier', () => {
    const scores = [5, 1, 3, 0, 4, 2];
    const labels = [0, -1, -1, 1, -1, -1];
    // Open rows by score: 1 (1), 5 (2), 2 (3), 4 (4); half of them is rows 1 and 5; row 0 is confirmed, row 3 refused.
    expect(Array.from(cleanRows(scores, labels, 0.5))).toEqual([0, 1, 5]);
  });
});
