import { describe, expect, it } from 'vitest';
import { averageRanks, spearman, topOverlap } from './agreement';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30, 20]))).toEqual([1.5, 3.5, 1.5, 5, 3.5]);
    expect(Array.from(averageRanks([5, 5, 5]))).toEqual([2, 2, 2]);
  });
});

describe('spearman', () => {
  it('matches a hand computation with a tie', () => {
    // Ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): sum of products 4.5, sums of squares 4.5 and 5, so 4.5 / sqrt(22.5) = 3 / sqrt(10).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(3 / Math.sqrt(10), 12);
  });

  it('matches scipy.stats.spearmanr on a series with many ties', () => {
    const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
    const b = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3];
    // scipy 1.17.1: spearmanr(a, b).statistic
    expect(spearman(a, b)).toBeCloseTo(0.19073187020980284, 12);
  });

  it('is 1 for any increasing map, -1 for a reversed order, NaN when one side is constant', () => {
    const a = Float32Array.from([0.3, -2, 7, 1.5, 4]);
    expect(
      spearman(
        a,
        Array.from(a, (v) => Math.exp(v)),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spearman(
        a,
        Array.from(a, (v) => -v),
      ),
    ).toBeCloseTo(-1, 12);
    expect(spearman(a, [1, 1, 1, 1, 1])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrow();
  });
});

describe('topOverlap', () => {
  it('counts the rows both put among their m highest', () => {
    // a's top 2: rows 3, 0; b's top 2: rows 3, 1.
    expect(topOverlap([5, 1, 2, 9], [0, 6, 2, 8], 2)).toBe(1);
    expect(topOverlap([5, 1, 2, 9], [5, 1, 2, 9], 3)).toBe(3);
    expect(topOverlap([5, 1, 2, 9], [0, 6, 2, 8], 10)).toBe(4);
  });
});
