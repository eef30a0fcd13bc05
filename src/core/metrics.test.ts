import { describe, expect, it } from 'vitest';
import fixture from './fixtures/metrics.json';
import { aucAndAp, averagePrecision, precisionAtN, rocAuc } from './metrics';
import { Rng } from './rng';

/** O(n^2) pair count, independent of the sort-and-walk code under test. */
function bruteAuc(s: readonly number[], y: readonly number[]): number {
  let wins = 0,
    pairs = 0;
  for (let i = 0; i < s.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < s.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

function shuffled<T>(a: readonly T[], b: readonly T[], seed: number): [T[], T[]] {
  const rng = new Rng(seed);
  const idx = a.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return [idx.map((i) => a[i]), idx.map((i) => b[i])];
}

describe('metrics against scikit-learn', () => {
  it('has the expected fixture cases', () => {
    expect(fixture.cases.length).toBe(4);
  });

  for (const c of fixture.cases) {
    it(`matches on "${c.name}"`, () => {
      expect(Math.abs(rocAuc(c.scores, c.labels) - c.rocAuc)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(averagePrecision(c.scores, c.labels) - c.averagePrecision)).toBeLessThanOrEqual(1e-9);
      expect(aucAndAp(c.scores, c.labels)).toEqual({ auc: rocAuc(c.scores, c.labels), ap: averagePrecision(c.scores, c.labels) });
      expect(Math.abs(precisionAtN(c.scores, c.labels) - c.precisionAtDefault)).toBeLessThanOrEqual(1e-9);
      for (const { n, value } of c.precisionAtN) {
        expect(Math.abs(precisionAtN(c.scores, c.labels, n) - value)).toBeLessThanOrEqual(1e-9);
      }
      expect(Math.abs(rocAuc(c.scores, c.labels) - bruteAuc(c.scores, c.labels))).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe('metric properties', () => {
  const labels = [0, 1, 0, 0, 1, 1, 0, 0];

  it('scores a perfect ranking as 1 and a reversed one as 0', () => {
    const perfect = labels.map((l, i) => l * 10 + i);
    expect(rocAuc(perfect, labels)).toBe(1);
    expect(averagePrecision(perfect, labels)).toBe(1);
    expect(precisionAtN(perfect, labels)).toBe(1);
    const reversed = perfect.map((s) => -s);
    expect(rocAuc(reversed, labels)).toBe(0);
    expect(precisionAtN(reversed, labels)).toBe(0);
    // Positives ranked last: precisions 1/6, 2/7, 3/8 at recalls 1/3, 2/3, 1.
    expect(averagePrecision(reversed, labels)).toBeCloseTo((1 / 6 + 2 / 7 + 3 / 8) / 3, 12);
  });

  it('treats all-tied scores as uninformative', () => {
    const tied = labels.map(() => 0.42);
    expect(rocAuc(tied, labels)).toBe(0.5);
    expect(averagePrecision(tied, labels)).toBeCloseTo(3 / 8, 12);
    expect(precisionAtN(tied, labels)).toBeCloseTo(3 / 8, 12);
    expect(precisionAtN(tied, labels, 1)).toBeCloseTo(3 / 8, 12);
  });

  it('shares a tie group straddling the cut-off pro rata', () => {
    // Top score 9 is a positive; the group at 5 holds one positive and three negatives.
    const s = [9, 5, 5, 5, 5, 1];
    const y = [1, 1, 0, 0, 0, 1];
    expect(precisionAtN(s, y, 1)).toBe(1);
    expect(precisionAtN(s, y, 3)).toBeCloseTo((1 + 2 * (1 / 4)) / 3, 12);
    expect(precisionAtN(s, y, 5)).toBeCloseTo(2 / 5, 12);
    expect(precisionAtN(s, y, 6)).toBeCloseTo(3 / 6, 12);
  });

  it('counts -0 and 0 as one tie group', () => {
    expect(rocAuc([-0, 0], [1, 0])).toBe(0.5);
    expect(rocAuc([0, -0], [1, 0])).toBe(0.5);
  });

  it('does not depend on input order', () => {
    const c = fixture.cases[0];
    const [s, y] = shuffled(c.scores, c.labels, 5);
    expect(rocAuc(s, y)).toBeCloseTo(c.rocAuc, 12);
    expect(averagePrecision(s, y)).toBeCloseTo(c.averagePrecision, 12);
    expect(precisionAtN(s, y, 37)).toBeCloseTo(precisionAtN(c.scores, c.labels, 37), 12);
  });

  it('agrees with the O(n^2) pair count on random tied scores', () => {
    const rng = new Rng(99);
    for (let t = 0; t < 20; t++) {
      const n = 2 + rng.int(60);
      const s = Array.from({ length: n }, () => rng.int(6) - 2.5);
      const y = Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
      if (!y.includes(0) || !y.includes(1)) continue;
      expect(Math.abs(rocAuc(s, y) - bruteAuc(s, y))).toBeLessThanOrEqual(1e-12);
    }
  });

  it('returns NaN when a class is absent', () => {
    expect(rocAuc([1, 2, 3], [0, 0, 0])).toBeNaN();
    expect(rocAuc([1, 2, 3], [1, 1, 1])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
    expect(averagePrecision([1, 2, 3], [0, 0, 0])).toBeNaN();
    expect(averagePrecision([1, 2, 3], [1, 1, 1])).toBe(1);
    expect(precisionAtN([1, 2, 3], [0, 0, 0])).toBeNaN();
    expect(precisionAtN([1, 2, 3], [0, 0, 0], 2)).toBe(0);
  });

  it('rejects malformed input', () => {
    expect(() => rocAuc([1, 2], [0])).toThrow(/2 scores but 1 labels/);
    expect(() => rocAuc([1, 2], [0, 2])).toThrow(/must be 0 or 1/);
    expect(() => averagePrecision([1, NaN], [0, 1])).toThrow(/finite/);
    expect(() => precisionAtN([1, 2], [0, 1], 0)).toThrow(/n must be/);
    expect(() => precisionAtN([1, 2], [0, 1], 3)).toThrow(/n must be/);
    expect(() => precisionAtN([1, 2], [0, 1], 1.5)).toThrow(/n must be/);
  });

  it('handles 1e6 values quickly', () => {
    const n = 1_000_000;
    const rng = new Rng(2024);
    const s = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.next() < 0.1 ? 1 : 0;
      // Rounded so that ties are common; a shift of 1 sd for positives gives AUC ~ 0.76.
      s[i] = Math.round((rng.normal() + y[i]) * 100) / 100;
    }
    const t0 = performance.now();
    const auc = rocAuc(s, y);
    const ap = averagePrecision(s, y);
    const p = precisionAtN(s, y);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(5000);
    expect(auc).toBeGreaterThan(0.74);
    expect(auc).toBeLessThan(0.78);
    expect(ap).toBeGreaterThan(0.1);
    expect(p).toBeGreaterThan(0.1);
    expect(p).toBeLessThan(1);
  });
});
