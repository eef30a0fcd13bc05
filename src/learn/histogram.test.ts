import { describe, expect, it } from 'vitest';
import { formatSymlogTick, symexp, symlog, symlogTicks } from './chartScale';
import { buildHistogram } from './histogram';
import { ranks01 } from './lossColor';

describe('buildHistogram', () => {
  it('counts every row once, by class, and finds the alpha cut between two humps', () => {
    const scores: number[] = [];
    const truth: number[] = [];
    for (let i = 0; i < 300; i++) {
      scores.push(-5 + Math.sin(i) * 0.5);
      truth.push(0);
    }
    for (let i = 0; i < 40; i++) {
      scores.push(5 + Math.cos(i) * 0.5);
      truth.push(1);
    }
    const h = buildHistogram(scores, truth, 0.4)!;
    expect(h.bins.reduce((s, b) => s + b.inliers, 0)).toBe(300);
    expect(h.bins.reduce((s, b) => s + b.outliers, 0)).toBe(40);
    expect(h.cuts.length).toBeGreaterThanOrEqual(1);
    for (const c of h.cuts) expect(Math.abs(c)).toBeLessThan(4.5);
    expect(h.gmm!.means[0]).toBeCloseTo(-5, 0);
  });

  it('copes with constant losses', () => {
    const h = buildHistogram([1, 1, 1], [0, 0, 1], 0.4)!;
    expect(h.hi).toBeGreaterThan(h.lo);
  });
});

describe('signed log scale', () => {
  it('inverts and labels its ticks', () => {
    for (const v of [-300, -3, 0, 0.5, 10, 250]) expect(symexp(symlog(v))).toBeCloseTo(v, 6);
    const ticks = symlogTicks(-8, 170);
    expect(ticks.map(formatSymlogTick)).toEqual(['-10', '-3', '-1', '0', '1', '3', '10', '30', '100', '300']);
  });
});

describe('ranks01', () => {
  it('ranks from 0 to 1 with ties sharing a rank', () => {
    expect(Array.from(ranks01([5, 1, 5, 3, 9]))).toEqual([0.5, 0, 0.5, 0.25, 1]);
  });
});
