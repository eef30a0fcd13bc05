import { describe, expect, it } from 'vitest';
import { matrix } from '../data/matrix';
import { Rng } from '../rng';
import { curvePoint } from './curve';
import { forestClassifier } from './forestClassifier';
import { DEFAULT_STAGE } from './stack';

/** Inliers near (0.2, 0.2), outliers near (0.8, 0.8); a prior that ranks them the wrong way round. */
function table(n: number, seed: number) {
  const rng = new Rng(seed);
  const y = Uint8Array.from({ length: n }, (_, i) => (i % 8 === 0 ? 1 : 0));
  const data = new Float32Array(n * 2);
  y.forEach((l, i) => {
    data[2 * i] = (l ? 0.8 : 0.2) + 0.1 * (rng.next() - 0.5);
    data[2 * i + 1] = (l ? 0.8 : 0.2) + 0.1 * (rng.next() - 0.5);
  });
  const prior = Float64Array.from(y, (l) => (l ? 0.2 : 0.5) + 0.3 * rng.next());
  return { X: matrix(n, 2, data), y, prior };
}

/** The first k rows of a fixed seeded order answered from the truth (or with the answers rotated among them). */
function answered(y: Uint8Array, k: number, rotate = 0): Int8Array {
  const order = Array.from({ length: y.length }, (_, i) => (i * 7919) % y.length);
  const rows = order.slice(0, k);
  const labels = new Int8Array(y.length).fill(-1);
  rows.forEach((r, i) => (labels[r] = y[rows[(i + rotate) % k]]));
  return labels;
}

describe('the table’s learning curve', () => {
  it('rises as answers come in when the answers can repair the prior', () => {
    const { X, y, prior } = table(600, 4);
    const rule = { ...DEFAULT_STAGE, rule: { minPerClass: 3 } };
    const points = [16, 48, 96].map((k) => curvePoint(X, { train: prior }, answered(y, k), forestClassifier(3), 9, rule));
    expect(points.map((p) => p.answers)).toEqual([16, 48, 96]);
    // 16 answers hold 2 outliers: too few, by a rule of 3, to judge anything but the prior, which ranks them wrongly.
    expect(points[0].choice).toBe('prior');
    expect(points[2].choice).not.toBe('prior');
    expect(points[2].auc!).toBeGreaterThan(0.95);
    expect(points[2].outliers).toBe(12);
  });

  it('stays at chance when the answers are shuffled: they buy nothing, and the curve does not pretend they do', () => {
    const { X, y } = table(600, 6);
    const rng = new Rng(21);
    const aucs: number[] = [];
    for (let t = 0; t < 12; t++) {
      // The same 96 rows asked, their answers permuted at random: they say nothing about the features any more.
      const labels = answered(y, 96);
      const rows = [...labels.keys()].filter((r) => labels[r] >= 0);
      const vals = rows.map((r) => labels[r]);
      for (let i = vals.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [vals[i], vals[j]] = [vals[j], vals[i]];
      }
      rows.forEach((r, i) => (labels[r] = vals[i]));
      // A label-free prior unrelated to the answers (noise), as the warm-up is before any answer.
      const prior = Float64Array.from({ length: 600 }, () => rng.next());
      const p = curvePoint(X, { train: prior }, labels, forestClassifier(3), 9);
      aucs.push(p.auc ?? 0.5);
    }
    const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
    // 12 draws of an AUC over ~12 outliers and ~84 inliers: the standard error of their mean is about 0.03.
    expect(Math.abs(mean - 0.5), `mean held-out AUC ${mean.toFixed(3)}`).toBeLessThan(0.1);
  });

  it('judges a big table on a sample of its rows, the same by seed', () => {
    const { X, y, prior } = table(12_000, 8);
    const labels = answered(y, 80);
    const a = curvePoint(X, { train: prior }, labels, forestClassifier(3), 9, undefined, 1000);
    const b = curvePoint(X, { train: prior }, labels, forestClassifier(3), 9, undefined, 1000);
    expect(a).toEqual(b);
    expect(a.answers).toBe(80);
    expect(a.choice).not.toBe('prior');
    expect(a.auc!).toBeGreaterThan(0.95);
  });
});
