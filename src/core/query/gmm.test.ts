import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/gmm.json';
import { Rng } from '../rng';
import { bimodalityGap, fitGmm1d, lowerComponentPosterior, minPosterior, type Gmm1d } from './gmm';

function sd(x: readonly number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('fitGmm1d against scikit-learn GaussianMixture', () => {
  it('has the expected fixture cases', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual([
      'separated',
      'overlapping',
      'unequal_weights',
      'heavy_tails',
      'tiny_n5',
      'large_offset',
      'constant',
    ]);
  });

  for (const c of fixture.cases) {
    it(`matches sklearn on "${c.name}" (n=${c.x.length})`, () => {
      const g = fitGmm1d(c.x);
      // Means are compared on the data's own scale: 1e-4 relative to 1e4 would be a loose check.
      const scale = Math.max(sd(c.x), 1e-3);
      for (let k = 0; k < 2; k++) {
        expect(Math.abs(g.means[k] - c.means[k])).toBeLessThanOrEqual(1e-4 * scale);
        expect(Math.abs(g.variances[k] - c.variances[k])).toBeLessThanOrEqual(1e-4 * c.variances[k]);
        expect(Math.abs(g.weights[k] - c.weights[k])).toBeLessThanOrEqual(1e-4 * c.weights[k]);
      }
      expect(g.iterations).toBe(c.iterations);
      expect(g.converged).toBe(c.converged);
      expect(g.logLikelihood).toBeCloseTo(c.logLikelihood, 6);
      expect(maxAbsDiff(lowerComponentPosterior(g, c.x), c.posteriorLower)).toBeLessThanOrEqual(1e-4);
    });
  }
});

describe('fitGmm1d properties', () => {
  const sep = fixture.cases[0].x;

  it('orders components by mean and does not depend on input order', () => {
    const g = fitGmm1d(sep);
    expect(g.means[0]).toBeLessThan(g.means[1]);
    const shuffled = [...sep].reverse();
    const h = fitGmm1d(shuffled);
    for (let k = 0; k < 2; k++) {
      expect(h.means[k]).toBeCloseTo(g.means[k], 10);
      expect(h.variances[k]).toBeCloseTo(g.variances[k], 10);
    }
  });

  it('gives posteriors in [0, 1] and minPosterior = min(p, 1 - p) <= 0.5', () => {
    const g = fitGmm1d(fixture.cases[1].x);
    const probe = [-1e6, -50, -3, -1, 0, 0.5, 0.7, 1, 2, 5, 50, 1e6];
    const p = lowerComponentPosterior(g, probe);
    const m = minPosterior(g, probe);
    for (let i = 0; i < probe.length; i++) {
      expect(p[i]).toBeGreaterThanOrEqual(0);
      expect(p[i]).toBeLessThanOrEqual(1);
      expect(m[i]).toBeLessThanOrEqual(0.5);
      expect(m[i]).toBeCloseTo(Math.min(p[i], 1 - p[i]), 12);
    }
    // Somewhere between the means the two components must trade places.
    expect(Math.max(...m)).toBeGreaterThan(0.3);
  });

  it('stays finite far from both components, where raw densities underflow', () => {
    const g = fitGmm1d(sep);
    const p = lowerComponentPosterior(g, [-1e4, 1e4]);
    // Far out, the wider component wins on both sides; what matters is no NaN.
    expect(Number.isFinite(p[0]) && Number.isFinite(p[1])).toBe(true);
    const q = lowerComponentPosterior(g, [g.means[0], g.means[1]]);
    expect(q[0]).toBeGreaterThan(0.99);
    expect(q[1]).toBeLessThan(0.01);
  });

  it('keeps EM finite when a value is far from both tight components', () => {
    // The lone midpoint sits ~1e4 log-units from each component: raw densities underflow to 0.
    const rng = new Rng(11);
    const x: number[] = [5];
    for (let i = 0; i < 20_000; i++) x.push(1e-3 * rng.normal(), 10 + 1e-3 * rng.normal());
    const g = fitGmm1d(x);
    expect(Number.isFinite(g.logLikelihood)).toBe(true);
    expect(g.means[0]).toBeCloseTo(0, 2);
    expect(g.means[1]).toBeCloseTo(10, 2);
    expect(g.variances[0]).toBeLessThan(1e-2);
  });

  it('computes the bimodality gap as squared mean gap plus squared variance gap', () => {
    const g: Gmm1d = { means: [1, 4], variances: [2, 0.5], weights: [0.5, 0.5], logLikelihood: 0, iterations: 0, converged: true };
    expect(bimodalityGap(g)).toBeCloseTo(9 + 2.25, 12);
    expect(bimodalityGap(fitGmm1d(sep))).toBeGreaterThan(bimodalityGap(fitGmm1d(fixture.cases[1].x)));
  });

  it('handles all-equal values without NaN', () => {
    const g = fitGmm1d(new Array(50).fill(-7.5));
    expect(g.means[0]).toBeCloseTo(-7.5, 12);
    expect(g.means[1]).toBeCloseTo(-7.5, 12);
    expect(g.variances[0]).toBeCloseTo(1e-6, 15);
    expect(g.weights).toEqual([0.5, 0.5]);
    expect(g.converged).toBe(true);
    expect(Number.isFinite(g.logLikelihood)).toBe(true);
    expect(Array.from(lowerComponentPosterior(g, [-7.5, 0]))).toEqual([0.5, 0.5]);
    expect(bimodalityGap(g)).toBeCloseTo(0, 20);
  });

  it('handles a single value and two values', () => {
    const one = fitGmm1d([3]);
    // sklearn's 10*eps mass guard shifts the mean by ~1e-14, hence toBeCloseTo.
    expect(one.means[0]).toBeCloseTo(3, 12);
    expect(one.means[1]).toBeCloseTo(3, 12);
    expect(one.weights).toEqual([0.5, 0.5]);
    expect(one.variances[0]).toBeCloseTo(1e-6, 15);
    const two = fitGmm1d([0, 10]);
    expect(two.means[0]).toBeCloseTo(0, 9);
    expect(two.means[1]).toBeCloseTo(10, 9);
    expect(two.weights[0]).toBeCloseTo(0.5, 9);
    expect(two.variances[1]).toBeCloseTo(1e-6, 12);
  });

  it('honours regVar as the variance floor', () => {
    const g = fitGmm1d([1, 1, 1, 5, 5, 5], { regVar: 0.25 });
    expect(g.variances[0]).toBeCloseTo(0.25, 9);
    expect(g.variances[1]).toBeCloseTo(0.25, 9);
  });

  it('stops at maxIter and reports non-convergence', () => {
    const g = fitGmm1d(fixture.cases[2].x, { maxIter: 1 });
    expect(g.iterations).toBe(1);
    expect(g.converged).toBe(false);
  });

  it('rejects empty input, NaN, Infinity and bad options with clear errors', () => {
    expect(() => fitGmm1d([])).toThrow(/at least one value/);
    expect(() => fitGmm1d([1, NaN, 2])).toThrow(/index 1 is NaN/);
    expect(() => fitGmm1d([1, 2, Infinity])).toThrow(/finite/);
    expect(() => fitGmm1d([1, 2], { regVar: 0 })).toThrow(/regVar/);
    expect(() => fitGmm1d([1, 2], { maxIter: 1.5 })).toThrow(/maxIter/);
    const g = fitGmm1d(sep);
    expect(() => lowerComponentPosterior(g, [0, -Infinity])).toThrow(/finite/);
    expect(() => minPosterior(g, [NaN])).toThrow(/finite/);
  });

  it('fits 1e5 values quickly and recovers the components', () => {
    const rng = new Rng(123);
    const n = 100_000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = i < 0.7 * n ? rng.normal() : 6 + 2 * rng.normal();
    const t0 = performance.now();
    const g = fitGmm1d(x, { tol: 1e-8 });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(3000);
    expect(g.means[0]).toBeCloseTo(0, 1);
    expect(g.means[1]).toBeCloseTo(6, 1);
    expect(g.variances[0]).toBeCloseTo(1, 1);
    expect(g.variances[1]).toBeCloseTo(4, 1);
    expect(g.weights[0]).toBeCloseTo(0.7, 2);
  });
});
