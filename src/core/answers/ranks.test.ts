import { describe, expect, it } from 'vitest';
import { blendRanks, percentileAgainst, rankOrder, rankPercentiles } from './ranks';
import { Rng } from '../rng';

describe('rankOrder', () => {
  it('orders as a comparator sort does, negatives, zeros, infinities and tiny magnitudes included, ties in row order', () => {
    const rng = new Rng(11);
    const pool = [0, -0, 1, -1, 1e-300, -1e-300, 5e-324, 1e300, -1e300, Infinity, -Infinity, 0.5, -0.5, 2 ** 52];
    const scores = Array.from({ length: 5000 }, (_, i) =>
      i % 3 === 0 ? pool[rng.int(pool.length)] : (rng.normal() * 10 ** rng.int(8)) / 1e3,
    );
    // Array.prototype.sort is stable: equal scores stay in row order, as the radix passes keep them.
    const negativeZero = (i: number) => (Object.is(scores[i], -0) ? 1 : 0);
    const expected = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b] || negativeZero(b) - negativeZero(a) || a - b);
    expect(Array.from(rankOrder(scores))).toEqual(expected);
  });
});

describe('rank blending', () => {
  it('ranks in [0, 1] with ties sharing their mean rank', () => {
    expect(Array.from(rankPercentiles([10, 30, 20, 20, 40]))).toEqual([0, 0.75, 0.375, 0.375, 1]);
  });

  it('gives each tie group its mean position in the sorted order, also for a group of half the rows', () => {
    const rng = new Rng(5);
    const scores = Array.from({ length: 2001 }, () => (rng.next() < 0.5 ? 0 : Math.round(rng.next() * 50) / 50));
    // Independently: walk the rows in score order and give each run of equal scores the mean of its positions.
    const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
    const expected = new Array<number>(scores.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
      for (let k = i; k <= j; k++) expected[order[k]] = (i + j) / 2 / (scores.length - 1);
      i = j + 1;
    }
    expect(Array.from(rankPercentiles(scores))).toEqual(expected);
  });

  it('places values among a reference, ties at their mean rank', () => {
    expect(Array.from(percentileAgainst([1, 2, 3, 4, 5], [0, 3, 9, 2.5]))).toEqual([0, 0.5, 1, 0.375]);
    expect(Array.from(percentileAgainst([7], [1, 7, 9]))).toEqual([0.5, 0.5, 0.5]);
  });

  it('blends two rankings of different scales by rank', () => {
    const b = blendRanks([1, 2, 3], [300, 100, 200], 0.5);
    // ranks [0, 0.5, 1] and [1, 0, 0.5]
    expect(Array.from(b)).toEqual([0.5, 0.25, 0.75]);
  });
});
