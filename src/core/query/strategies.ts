import type { QueryStrategy } from '../config';
import type { Rng } from '../rng';
import { fitGmm1d, lowerComponentPosterior, minPosterior, type Gmm1d } from './gmm';

export interface QuerySelection {
  rows: number[];
  /** Posterior of the inlier component for each selected row (MM only). */
  posteriors: number[] | null;
  gmm: Gmm1d | null;
}

/**
 * Picks up to `budget` unlabeled rows from ensembled scores.
 * RD: uniform at random. CP: half the lowest, half the highest scores.
 * MM: 2-component GMM on all scores; rows whose smaller posterior is closest to alpha.
 */
export function selectQuery(
  strategy: QueryStrategy,
  scores: Float32Array | Float64Array,
  unlabeled: ArrayLike<number>,
  budget: number,
  alpha: number,
  rng: Rng,
): QuerySelection {
  const pool = Array.from(unlabeled);
  const n = Math.min(budget, pool.length);
  if (n <= 0) return { rows: [], posteriors: null, gmm: null };
  if (strategy === 'RD') {
    rng.shuffle(pool);
    return { rows: pool.slice(0, n), posteriors: null, gmm: null };
  }
  if (strategy === 'CP') {
    const sorted = pool.sort((a, b) => scores[a] - scores[b] || a - b);
    const low = Math.floor(n / 2);
    const high = n - low;
    const rows = [...sorted.slice(sorted.length - high).reverse(), ...sorted.slice(0, low)];
    return { rows, posteriors: null, gmm: null };
  }
  const gmm = fitGmm1d(scores);
  const poolScores = Float64Array.from(pool, (r) => scores[r]);
  const mins = minPosterior(gmm, poolScores);
  const post = lowerComponentPosterior(gmm, poolScores);
  const order = pool.map((_, i) => i).sort((a, b) => Math.abs(mins[a] - alpha) - Math.abs(mins[b] - alpha) || pool[a] - pool[b]);
  const chosen = order.slice(0, n);
  return { rows: chosen.map((i) => pool[i]), posteriors: chosen.map((i) => post[i]), gmm };
}
