import { describe, expect, it } from 'vitest';
import { matrix } from '../data/matrix';
import fixture from './fixtures/propagation.json';
import { propagate, propagationNote, propagationOf, propagationWeight } from './propagate';

describe('label propagation', () => {
  it('matches a NumPy computation: width, weight, train rows leaving themselves out, test rows', () => {
    for (const c of fixture) {
      const train = matrix(c.n, c.d, Float32Array.from(c.train));
      const test = matrix(c.m, c.d, Float32Array.from(c.test));
      const p = propagationOf(train, c.labels, c.full)!;
      expect(p.width).toBeCloseTo(c.width, 10);
      expect(p.weight).toBe(c.weight);
      const tr = propagate(p, train, c.baseTrain, true);
      tr.forEach((v, i) => expect(v).toBeCloseTo(c.movedTrain[i], 10));
      const te = propagate(p, test, c.baseTest, false);
      te.forEach((v, i) => expect(v).toBeCloseTo(c.movedTest[i], 10));
    }
  });

  it('has full weight up to the given answers, then fades as their inverse; off with none or at 0', () => {
    expect(propagationWeight(5, 20)).toBe(1);
    expect(propagationWeight(20, 20)).toBe(1);
    expect(propagationWeight(80, 20)).toBe(0.25);
    expect(propagationWeight(0, 20)).toBe(0);
    expect(propagationWeight(10, 0)).toBe(0);
    expect(propagationOf(matrix(3, 1, Float32Array.from([0, 1, 2])), [-1, -1, -1])).toBeNull();
    expect(propagationNote(0)).toBe('');
    expect(propagationNote(1)).toContain('full weight');
    expect(propagationNote(0.25)).toContain('weight 0.25');
  });

  it('moves a row next to a confirmed outlier up and a row next to a confirmed inlier down', () => {
    // Two answered rows at 0 (inlier) and 10 (outlier); unanswered rows between them.
    const X = matrix(6, 1, Float32Array.from([0, 10, 0.5, 9.5, 5, 3]));
    const p = propagationOf(X, [0, 1, -1, -1, -1, -1])!;
    const moved = propagate(p, X, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], true);
    expect(moved[3]).toBeGreaterThan(0.9);
    expect(moved[2]).toBeLessThan(0.1);
    expect(moved[4]).toBeCloseTo(0.5, 10);
    // An answered row is moved by the other answers only: the outlier, far from the inlier, keeps its rank.
    expect(moved[1]).toBeCloseTo(0.5, 3);
  });
});
