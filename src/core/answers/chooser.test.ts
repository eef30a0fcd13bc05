import { describe, expect, it } from 'vitest';
import { answersAuc, chooseRanking } from './chooser';

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
