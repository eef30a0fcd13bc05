import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/reference-split.json';
import { NumpyRandomState } from './numpyRandom';
import { pollutionSubsample, randomSplit, referenceSplit, splitRows, stratifiedSplit } from './split';

const labels = (n: number, outliers: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i % Math.floor(n / outliers) === 0 && i / Math.floor(n / outliers) < outliers ? 1 : 0));
const count = (y: ArrayLike<number>, rows: Int32Array) => rows.reduce((s, r) => s + (y[r] ? 1 : 0), 0);

describe('stratifiedSplit', () => {
  it('sizes like scikit-learn (n_test = ceil(0.3 n)) and gives each class its share', () => {
    const y = labels(213, 8); // glass after pollution subsampling
    const { train, test } = stratifiedSplit(y, 0.7, 100);
    expect(train.length).toBe(149);
    expect(test.length).toBe(64);
    expect(count(y, train)).toBe(6); // round(8 * 149 / 213)
    expect(count(y, test)).toBe(2);
  });

  it('partitions the rows, sorted, repeatably by seed', () => {
    const y = labels(1000, 50);
    const a = stratifiedSplit(y, 0.7, 7);
    const all = [...a.train, ...a.test].sort((p, q) => p - q);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...a.train]).toEqual([...a.train].sort((p, q) => p - q));
    expect(stratifiedSplit(y, 0.7, 7)).toEqual(a);
    expect(stratifiedSplit(y, 0.7, 8).train).not.toEqual(a.train);
  });
});

describe('randomSplit', () => {
  it('has the stratified sizes but lets the outlier count in the test part vary with the seed', () => {
    const y = labels(213, 8);
    const testOutliers = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const { train, test } = randomSplit(y.length, 0.7, seed);
      expect(train.length).toBe(149);
      expect(test.length).toBe(64);
      expect(new Set([...train, ...test]).size).toBe(213);
      testOutliers.add(count(y, test));
    }
    expect(testOutliers.size).toBeGreaterThan(2);
  });

  it('is what splitRows picks for mode "random"', () => {
    const y = labels(100, 10);
    expect(splitRows(y, 0.7, 3, 'random')).toEqual(randomSplit(100, 0.7, 3));
    expect(splitRows(y, 0.7, 3, 'stratified')).toEqual(stratifiedSplit(y, 0.7, 3));
  });
});

describe('pollutionSubsample', () => {
  it('keeps every inlier and floor(n_in r / (1 - r)) outliers, by seed', () => {
    const y = labels(214, 9); // 205 inliers, 9 outliers, r = 0.042 keeps 8
    const kept = pollutionSubsample(y, 0.042, 100);
    expect(kept.length).toBe(213);
    expect(count(y, kept)).toBe(8);
    expect(pollutionSubsample(y, 0.042, 100)).toEqual(kept);
    const thyroid = Uint8Array.from({ length: 3772 }, (_, i) => (i < 93 ? 1 : 0));
    expect(count(thyroid, pollutionSubsample(thyroid, 0.02, 1))).toBe(75); // floor(3679 * 0.02 / 0.98)
  });

  it('never asks for more outliers than there are', () => {
    const y = labels(100, 5);
    expect(count(y, pollutionSubsample(y, 0.5, 1))).toBe(5);
  });
});

describe('NumpyRandomState (fixtures from NumPy, scripts/make_split_fixtures.py)', () => {
  it.each(fixture.permutations)('permutation($n) with seed $seed matches RandomState', ({ seed, n, head, tail }) => {
    const p = Array.from(new NumpyRandomState(seed).permutation(n));
    expect(p.slice(0, head.length)).toEqual(head);
    expect(p.slice(n - tail.length)).toEqual(tail);
  });

  it('refuses seeds NumPy refuses', () => {
    expect(() => new NumpyRandomState(-1)).toThrow();
    expect(() => new NumpyRandomState(2 ** 32)).toThrow();
  });
});

describe('referenceSplit (fixtures from NumPy + scikit-learn)', () => {
  it.each(fixture.splits.map((c, i) => ({ ...c, i })))('case $i: seed $seed, ratio $ratio', ({ y, ratio, seed, train, test }) => {
    const got = referenceSplit(y, ratio, seed);
    expect(Array.from(got.train)).toEqual(train);
    expect(Array.from(got.test)).toEqual(test);
  });
});
