import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { minPosterior, fitGmm1d, lowerComponentPosterior } from './gmm';
import { selectQuery, smallestFirst } from './strategies';

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
