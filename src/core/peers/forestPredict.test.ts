import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { flattenForest, meanOverTrees, sumFlat, type TreeNodes } from './forestPredict';
import { RandomForest } from './randomForest';
import { useWasmKernels } from '../../../tests/wasm-setup';
import { pooledKernelBytes } from '../wasm/kernels';
import { sumFlatWasm } from '../wasm/forest';

/** A random tree in preorder, as the forest grows them: some deep and lopsided, thresholds on the data's scale. */
function randomTree(rng: Rng, d: number): TreeNodes {
  const feature: number[] = [];
  const value: number[] = [];
  const right: number[] = [];
  const grow = (depth: number): void => {
    const id = feature.length;
    if (depth > 12 || rng.next() < 0.25) {
      feature.push(-1);
      value.push(rng.next());
      right.push(-1);
      return;
    }
    feature.push(rng.int(d));
    value.push(rng.normal());
    right.push(-1);
    grow(depth + 1);
    right[id] = feature.length;
    grow(depth + 1);
  };
  grow(0);
  return { feature: Int32Array.from(feature), value: Float64Array.from(value), right: Int32Array.from(right) };
}

/** The one-row walk the forest used before the flat arrays: the reference. */
function walkOneByOne(trees: TreeNodes[], X: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (const { feature, value, right } of trees) {
    for (let i = 0; i < n; i++) {
      let k = 0;
      while (feature[k] >= 0) k = X[i * d + feature[k]] <= value[k] ? k + 1 : right[k];
      out[i] += value[k];
    }
  }
  const k = 1 / trees.length;
  return out.map((v) => v * k);
}

describe('flat forest prediction', () => {
  it('gives exactly the one-row walk on seeded random trees, NaN cells and a row count not a multiple of eight', () => {
    const rng = new Rng(7);
    const d = 6;
    const trees = Array.from({ length: 40 }, () => randomTree(rng, d));
    const n = 2 * 1024 + 13;
    const X = Float32Array.from({ length: n * d }, () => (rng.next() < 0.02 ? NaN : rng.normal()));
    const expected = walkOneByOne(trees, X, n, d);
    const got = meanOverTrees(sumFlat(flattenForest(trees), X, n, d), trees.length);
    expect(Array.from(got)).toEqual(Array.from(expected));
    expect(new Set(got).size).toBeGreaterThan(n / 2);
  });

  it('gives exactly the same numbers in the WebAssembly kernels, which the forest uses once they are registered', () => {
    const rng = new Rng(8);
    const d = 5;
    const trees = Array.from({ length: 30 }, () => randomTree(rng, d));
    const n = 3 * 1024 + 5;
    const X = Float32Array.from({ length: n * d }, () => (rng.next() < 0.02 ? NaN : rng.normal()));
    const flat = flattenForest(trees);
    const js = sumFlat(flat, X, n, d);
    expect(sumFlatWasm(flat, X, n, d)).toBeNull();
    useWasmKernels();
    expect(Array.from(sumFlatWasm(flat, X, n, d)!)).toEqual(Array.from(js));
    // A table bigger than the kernels' chunk goes through in chunks of rows: the same numbers.
    expect(Array.from(sumFlatWasm(flat, X, n, d, 1024 * d)!)).toEqual(Array.from(js));
    // The instance goes back to the pool, and a second call reuses its memory.
    const held = pooledKernelBytes();
    expect(held).toBeGreaterThan(n * d * 4);
    sumFlatWasm(flat, X, n, d);
    expect(pooledKernelBytes()).toBe(held);
    // A fitted forest takes the kernels' path unless told not to: the same numbers.
    const fit = new RandomForest({ trees: 50, seed: 2 }).fit(
      X.subarray(0, 300 * d),
      300,
      d,
      Uint8Array.from({ length: 300 }, (_, i) => +(i % 9 === 0)),
    );
    expect(Array.from(fit.predictProba(X, n))).toEqual(Array.from(fit.predictProba(X, n, false)));
  });

  it('a fitted forest predicts its own training rows mostly right and a single row like a block', () => {
    const rng = new Rng(3);
    const n = 300;
    const d = 5;
    const y = Uint8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const X = Float32Array.from({ length: n * d }, (_, k) => rng.normal() + (y[Math.floor(k / d)] ? 2 : 0));
    const forest = new RandomForest({ trees: 30, seed: 5 }).fit(X, n, d, y);
    const all = forest.predictProba(X, n);
    for (const i of [0, 1, 9, 10, 299]) expect(forest.predictProba(X.slice(i * d, i * d + d), 1)[0]).toBe(all[i]);
    const outlierMean = all.filter((_, i) => y[i]).reduce((a, v) => a + v, 0) / 30;
    const inlierMean = all.filter((_, i) => !y[i]).reduce((a, v) => a + v, 0) / 270;
    expect(outlierMean).toBeGreaterThan(inlierMean + 0.5);
  });
});
