import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { minPosterior, fitGmm1d, lowerComponentPosterior } from './gmm';
import { mixedSelection, selectQuery, smallestFirst } from './strategies';

/** The selection as it was written first: every position sorted by (|min posterior - alpha|, row). */
function fullSortMm(scores: Float32Array, pool: number[], n: number, alpha: number) {
  const gmm = fitGmm1d(scores);
  const ps = Float64Array.from(pool, (r) => scores[r]);
  const mins = minPosterior(gmm, ps);
  const post = lowerComponentPosterior(gmm, ps);
  const order = pool.map((_, i) => i).sort((a, b) => Math.abs(mins[a] - alpha) - Math.abs(mins[b] - alpha) || pool[a] - pool[b]);
  const chosen = order.slice(0, n);
  return { rows: chosen.map((i) => pool[i]), posteriors: chosen.map((i) => post[i]) };
}

describe('MM query selection', () => {
  it('picks the same rows in the same order as a full sort, ties and all', () => {
    const rng = new Rng(4);
    // Rounded scores: many rows share a score, so many keys tie at the threshold.
    const scores = Float32Array.from({ length: 20_000 }, (_, i) => Math.round((i % 97 === 0 ? 6 + rng.normal() : rng.normal()) * 20) / 20);
    const pool = Array.from({ length: scores.length }, (_, i) => i).filter((i) => i % 7 !== 3);
    for (const n of [1, 50, 600, 5_000, pool.length, pool.length + 10]) {
      const got = selectQuery('MM', scores, Int32Array.from(pool), n, 0.4, new Rng(1));
      const want = fullSortMm(scores, pool, n, 0.4);
      expect(got.rows).toEqual(want.rows);
      expect(got.posteriors).toEqual(want.posteriors);
    }
  });

  it('orders by key, then by the tie-breaker, for keys that all tie', () => {
    expect(smallestFirst(Float64Array.of(0.4, 0.4, 0.4, 0.1), [9, 3, 5, 7], 3)).toEqual([3, 1, 2]);
    expect(smallestFirst(Float64Array.of(1, 2), [0, 1], 0)).toEqual([]);
  });
});

describe('mixedSelection: the shares of a round given to the top rows and to random rows', () => {
  const scores = Float64Array.from({ length: 100 }, (_, i) => i);
  const unlabeled = Int32Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 10 !== 9);
  const sel = { rows: [50, 40, 30, 20, 10, 5, 4, 3], posteriors: [0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4], gmm: null };

  it('keeps the strategy’s first rows, then the highest-scored unlabeled rows, then distinct random ones', () => {
    const out = mixedSelection(sel, scores, unlabeled, { top: 2, random: 2 }, new Rng(3));
    expect(out.rows.slice(0, 4)).toEqual([50, 40, 30, 20]);
    // 99 is labelled (i % 10 === 9): the two highest unlabeled are 98 and 97.
    expect(out.rows.slice(4, 6)).toEqual([98, 97]);
    const random = out.rows.slice(6);
    expect(random).toHaveLength(2);
    for (const r of random) {
      expect(r % 10).not.toBe(9);
      expect([50, 40, 30, 20, 98, 97]).not.toContain(r);
    }
    expect(new Set(out.rows).size).toBe(8);
    // A replaced row has no posterior: the card says why it was asked from the rule, not the mixture.
    expect(out.posteriors!.slice(0, 4)).toEqual([0.4, 0.4, 0.4, 0.4]);
    expect(out.posteriors!.slice(4).every(Number.isNaN)).toBe(true);
  });

  it('is the selection itself with both shares at 0, and the same draw for the same seed', () => {
    expect(mixedSelection(sel, scores, unlabeled, { top: 0, random: 0 }, new Rng(3))).toBe(sel);
    const a = mixedSelection(sel, scores, unlabeled, { top: 0, random: 5 }, new Rng(8));
    const b = mixedSelection(sel, scores, unlabeled, { top: 0, random: 5 }, new Rng(8));
    expect(a.rows).toEqual(b.rows);
    expect(a.rows.slice(0, 3)).toEqual([50, 40, 30]);
  });
});
