import { describe, expect, it } from 'vitest';
import fixture from './fixtures/peers.json';
import { matrix, type Matrix } from '../data/matrix';
import { rocAuc } from '../metrics';
import { Rng } from '../rng';
import { averagePathLength, IsolationForest } from './isolationForest';
import { useWasmKernels } from '../../../tests/wasm-setup';

const rowsOf = (rows: number[][]): Matrix => matrix(rows.length, rows[0].length, Float32Array.from(rows.flat()));

/** Average ranks (ties share their mean rank), then Pearson's r on the ranks. */
function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const rank = (v: ArrayLike<number>) => {
    const idx = Array.from({ length: v.length }, (_, i) => i).sort((i, j) => v[i] - v[j]);
    const r = new Float64Array(v.length);
    for (let i = 0; i < idx.length;) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
      for (let t = i; t <= j; t++) r[idx[t]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const x = rank(a);
  const y = rank(b);
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Inliers from a Gaussian, outliers uniform over a box 8 standard deviations wide. */
function planted(seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const n = 600,
    d = 6,
    outliers = 20;
  const data = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const out = i < outliers;
    y[i] = out ? 1 : 0;
    for (let c = 0; c < d; c++) data[i * d + c] = out ? 8 * rng.next() - 4 : rng.normal() * 0.5;
  }
  return { X: matrix(n, d, data), y };
}

describe('IsolationForest', () => {
  it('c(n) takes its formula values: 2 (ln(n-1) + gamma) - 2 (n-1)/n, with c(1) = 0 and c(2) = 1', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // Values from Python's math.log with gamma = 0.5772156649015329.
    expect(averagePathLength(3)).toBeCloseTo(1.207392357589623, 14);
    expect(averagePathLength(10)).toBeCloseTo(3.748880484475505, 14);
    expect(averagePathLength(256)).toBeCloseTo(10.244770920119917, 13);
    // The exact harmonic form 2 H(n-1) - 2 (n-1)/n it approximates, within 1/(n-1) for large n.
    let h = 0;
    for (let i = 1; i < 1000; i++) h += 1 / i;
    expect(Math.abs(averagePathLength(1000) - (2 * h - (2 * 999) / 1000))).toBeLessThan(1 / 999);
  });

  it('is deterministic by seed, and a different seed grows different trees', () => {
    const { X } = planted(1);
    const a = IsolationForest.fit(X, { seed: 5 }).score(X);
    const b = IsolationForest.fit(X, { seed: 5 }).score(X);
    const c = IsolationForest.fit(X, { seed: 6 }).score(X);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('uses min(256, n) rows per tree and scores in (0, 1]', () => {
    const { X } = planted(2);
    expect(IsolationForest.fit(X, { seed: 1 }).subsample).toBe(256);
    const small = matrix(40, 6, X.data.slice(0, 240));
    const f = IsolationForest.fit(small, { seed: 1 });
    expect(f.subsample).toBe(40);
    for (const v of f.score(small)) expect(v > 0 && v <= 1).toBe(true);
  });

  it('ranks planted outliers first (AUC > 0.95)', () => {
    for (const seed of [1, 2, 3]) {
      const { X, y } = planted(seed);
      expect(rocAuc(IsolationForest.fit(X, { seed }).score(X), y)).toBeGreaterThan(0.95);
    }
  });

  it("ranks rows as scikit-learn's IsolationForest does (Spearman > 0.9 on its fixture)", () => {
    const X = rowsOf(fixture.iforest.X);
    const ours = IsolationForest.fit(X, { seed: 0 }).score(X);
    expect(spearman(ours, fixture.iforest.sklearn_score)).toBeGreaterThan(0.9);
    expect(rocAuc(ours, fixture.iforest.y)).toBeGreaterThan(0.95);
  });

  // Last: registering the kernels holds for the rest of this file.
  it('scores the same numbers in the WebAssembly kernels as in JavaScript, NaN cells and all', () => {
    const { X } = planted(4);
    const withNaN = matrix(
      X.rows,
      X.cols,
      X.data.map((v, i) => (i % 97 === 0 ? NaN : v)),
    );
    const f = IsolationForest.fit(X, { seed: 3 });
    const js = f.score(withNaN);
    useWasmKernels();
    expect(Array.from(f.score(withNaN))).toEqual(Array.from(js));
  });
});
