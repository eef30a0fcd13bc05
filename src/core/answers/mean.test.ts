import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/mean.json';
import { meanNote, meanOfRanks, meanReason, meanWeight, towardMean } from './mean';

describe('the mean of the rankings while the answers are few', () => {
  it('weighs 1 up to the count, then the count over the answers; 0 when off or with no answer', () => {
    expect([0, 1, 12, 20, 25, 40, 80, 160].map((n) => meanWeight(n, 20))).toEqual([0, 1, 1, 1, 0.8, 0.5, 0.25, 0.125]);
    expect(meanWeight(10, 0)).toBe(0);
  });

  it("matches NumPy and SciPy's ranks on tied scores: the members' mean, and its mix with the pick (scripts/mean-fixture.py)", () => {
    for (const c of fixtures) {
      const mean = meanOfRanks(c.members);
      c.meanOfMembers.forEach((v, i) => expect(mean[i]).toBeCloseTo(v, 12));
      const out = towardMean(c.pick, c.mean, c.w);
      for (const k of ['train', 'test', 'heldOut'] as const) {
        const got = out[k]!;
        expect(got.length, k).toBe(c.expected[k].length);
        c.expected[k].forEach((v, i) => expect(got[i], `${k}[${i}] at w ${c.w}`).toBeCloseTo(v, 12));
      }
    }
  });

  it('says which rankings it averages, and the mix weight only when mixed', () => {
    const members = ['the model’s score', 'a forest on your answers', 'IsolationForest (no answers needed)'];
    expect(meanReason(members, 16, 20, '0.91', { name: 'the model’s score', auc: '0.95' })).toBe(
      'Ranked by the mean rank of the model’s score, a forest on your answers and IsolationForest (no answers needed): ' +
        'with 16 answers (up to 20), the answers cannot yet tell reliably which of them ranks best (held-out AUC 0.91; ' +
        '0.95 for the model’s score, the best alone).',
    );
    expect(meanNote(members.slice(0, 2), 0.8, 20, 25)).toBe(
      ' With 25 answers the ranking is 0.20 this pick and 0.80 the mean rank of the model’s score and a forest on your answers ' +
        '(the mean alone up to 20 answers, then 20 over the answers).',
    );
    expect(meanNote(members, 1, 20, 12)).toBe('');
    expect(meanNote(members, 0, 20, 12)).toBe('');
  });
});
