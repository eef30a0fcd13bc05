import { describe, expect, it } from 'vitest';
import { answersAuc, blendRanks, chooseRanking, percentileAgainst, rankOrder, rankPercentiles } from './chooser';
import { Rng } from '../rng';

const answers = { rows: [0, 1, 2, 3, 4, 5], labels: [1, 1, 1, 0, 0, 0] as (0 | 1)[] };

describe('chooseRanking', () => {
  it('keeps the prior with too few answers of a kind, however good another ranking looks', () => {
    const few = { rows: [0, 3, 4], labels: [1, 0, 0] as (0 | 1)[] };
    const c = chooseRanking(
      [
        { id: 'prior' as const, name: 'the prior', heldOut: [0, 0, 0, 1, 1, 1] },
        { id: 'forest' as const, name: 'the forest', heldOut: [1, 1, 1, 0, 0, 0] },
      ],
      few,
      { minPerClass: 3 },
    );
    expect(c.index).toBe(0);
    expect(c.reason).toMatch(/1 outlier and 2 inliers; it takes 3 of each/);
  });

  it('takes the ranking that orders the held-out answers best, the prior on a tie', () => {
    const prior = { id: 'prior' as const, name: 'the prior', heldOut: [0.9, 0.2, 0.8, 0.1, 0.7, 0.3] };
    const better = { id: 'forest' as const, name: 'the forest', heldOut: [0.9, 0.8, 0.7, 0.3, 0.2, 0.1] };
    const c = chooseRanking([prior, better], answers);
    expect(c.index).toBe(1);
    // Prior: outliers 0.9, 0.2, 0.8 against 0.1, 0.7, 0.3: 3 + 1 + 3 of 9 pairs right.
    expect(c.aucs[0]).toBeCloseTo(7 / 9, 12);
    expect(c.aucs[1]).toBe(1);
    expect(chooseRanking([better, { ...better, name: 'copy' }], answers).index).toBe(0);
  });

  it('says n/a for one class only', () => {
    expect(answersAuc([1, 2, 3], { rows: [0, 1], labels: [1, 1] })).toBeNull();
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
    const order = rankOrder(scores);
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
