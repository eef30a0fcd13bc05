import { describe, expect, it } from 'vitest';
import { heteroLoss, quantile, rejectionWeights, robustLoss, robustLossGrad, shapes } from './heteroLoss';

const C2 = 0.5;

describe("Barron's robust loss (eq. 3)", () => {
  it('alpha = 2 is the squared error (0.5 s / c^2 = s at c^2 = 0.5), alpha = 1 pseudo-Huber', () => {
    for (const s of [0, 0.01, 0.7, 3, 250]) {
      expect(robustLoss(s, 2, C2)).toBeCloseTo(s, 12);
      expect(robustLoss(s, 1, C2)).toBeCloseTo(Math.sqrt(s / C2 + 1) - 1, 12);
      // The general branch at alpha = 1 is the same closed form.
      expect(robustLoss(s, 1 + 1e-9, C2)).toBeCloseTo(Math.sqrt(s / C2 + 1) - 1, 6);
    }
  });

  it('is continuous at alpha -> 2 and its gradient matches finite differences', () => {
    for (const s of [0.05, 1, 40]) {
      expect(Math.abs(robustLoss(s, 2 - 1e-5, C2) / robustLoss(s, 2, C2) - 1)).toBeLessThan(1e-3);
      for (const a of [1, 1.5, 1.9, 2 - 1e-5, 2]) {
        const h = 1e-6 * Math.max(1, s);
        const fd = (robustLoss(s + h, a, C2) - robustLoss(s - h, a, C2)) / (2 * h);
        expect(robustLossGrad(s, a, C2)).toBeCloseTo(fd, 5);
      }
    }
  });

  it('the literal formula is NaN at alpha = 2 in float32; ours is finite at 2 and one float32 step below it', () => {
    const f = Math.fround;
    const literal = (s: number, a: number) =>
      f(f(f(Math.abs(a - 2)) / a) * f(f(Math.pow(f(f(s / C2) / f(Math.abs(a - 2))) + 1, a / 2)) - 1));
    expect(literal(1, 2)).toBeNaN();
    for (const a of [2, f(2 - 2 ** -23), f(2 - 2 ** -20)]) {
      for (const s of [0, 1e-6, 1, 1e4]) {
        expect(Number.isFinite(f(robustLoss(f(s), a, C2)))).toBe(true);
        expect(Number.isFinite(f(robustLossGrad(f(s), a, C2)))).toBe(true);
        expect(f(robustLossGrad(f(s), a, C2))).toBeCloseTo(1, 4);
      }
    }
  });
});

describe('aggressive rejection and the per-row shape (eqs. 2, 4, 5)', () => {
  const s = [0.1, 0.4, 0.2, 5, 0.3, 0.25, 9, 0.15, 0.35, 1.2];

  it('rejects the rows above the batch median: soft weight t_s, hard 0, none 1', () => {
    const med = quantile(s, 0.5);
    const soft = rejectionWeights(s, { mode: 'soft', q: 0.5, ts: 0.1 });
    const hard = rejectionWeights(s, { mode: 'hard', q: 0.5, ts: 0.1 });
    s.forEach((v, i) => {
      expect(soft[i]).toBe(v > med ? 0.1 : 1);
      expect(hard[i]).toBe(v > med ? 0 : 1);
    });
    expect(Array.from(rejectionWeights(s, { mode: 'none', q: 0.5, ts: 0.1 }))).toEqual(new Array(s.length).fill(1));
  });

  it('alpha is 2 at or below the median and falls to alpha_r at the largest modified z-score', () => {
    const a = shapes(s, 1.5);
    const med = quantile(s, 0.5);
    s.forEach((v, i) => {
      expect(a[i]).toBeGreaterThanOrEqual(1.5);
      expect(a[i]).toBeLessThanOrEqual(2);
      if (v <= med) expect(a[i]).toBe(2);
    });
    expect(a[6]).toBeCloseTo(1.5, 12); // max |z| > 3.5 here, so m = max|z|
    expect(a[3]).toBeGreaterThan(a[6]);
  });

  it('the gradient is the weighted robust-loss derivative: nothing flows through the weights or shapes', () => {
    for (const mode of ['soft', 'hard', 'none'] as const) {
      const out = heteroLoss(s, { mode, q: 0.5, ts: 0.1, alphaR: 1.5, c2: C2 });
      s.forEach((v, i) => expect(out.dLds[i]).toBe((out.weights[i] * robustLossGrad(v, out.alpha[i], C2)) / s.length));
      if (mode === 'hard') s.forEach((v, i) => v > quantile(s, 0.5) && expect(out.dLds[i]).toBe(0));
      // Moving one rejected row (weights and shapes frozen) changes the loss by its weighted derivative only.
      const j = 6;
      const h = 1e-6;
      const moved = s.map((v, i) => (i === j ? v + h : v));
      let frozen = 0;
      moved.forEach((v, i) => (frozen += out.weights[i] * robustLoss(v, out.alpha[i], C2)));
      expect((frozen / s.length - out.loss) / h).toBeCloseTo(out.dLds[j], 5);
    }
  });
});
