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
  const n = Math.min(budget, unlabeled.length);
  if (n <= 0) return { rows: [], posteriors: null, gmm: null };
  if (strategy === 'MM') {
    const gmm = fitGmm1d(scores);
    const poolScores = Float64Array.from(unlabeled, (r) => scores[r]);
    const mins = minPosterior(gmm, poolScores);
    const post = lowerComponentPosterior(gmm, poolScores);
    const chosen = smallestFirst(
      Float64Array.from(mins, (m) => Math.abs(m - alpha)),
      unlabeled,
      n,
    );
    return { rows: chosen.map((i) => unlabeled[i]), posteriors: chosen.map((i) => post[i]), gmm };
  }
  const pool = Array.from(unlabeled);
  if (strategy === 'RD') {
    rng.shuffle(pool);
    return { rows: pool.slice(0, n), posteriors: null, gmm: null };
  }
  // CP
  const sorted = pool.sort((a, b) => scores[a] - scores[b] || a - b);
  const low = Math.floor(n / 2);
  const high = n - low;
  const rows = [...sorted.slice(sorted.length - high).reverse(), ...sorted.slice(0, low)];
  return { rows, posteriors: null, gmm: null };
}

/**
 * Positions of the `n` smallest keys, ties by `tie` ascending, in that order: the first n of sorting every position
 * by (key, tie), without that sort (a comparator sort of a 600k-row pool took the round's opening ~0.5 s and ~10 MB
 * of arrays). The keys must be finite.
 */
export function smallestFirst(keys: Float64Array, tie: ArrayLike<number>, n: number): number[] {
  const m = Math.min(n, keys.length);
  if (m <= 0) return [];
  const threshold = Float64Array.from(keys).sort()[m - 1];
  const chosen: number[] = [];
  const atThreshold: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] < threshold) chosen.push(i);
    else if (keys[i] === threshold) atThreshold.push(i);
  }
  atThreshold.sort((a, b) => tie[a] - tie[b]);
  for (let j = 0; chosen.length < m; j++) chosen.push(atThreshold[j]);
  return chosen.sort((a, b) => keys[a] - keys[b] || tie[a] - tie[b]);
}

/**
 * The selection with its last rows given to two other rules: `top` rows the scores rank highest and `random` rows
 * drawn uniformly, both among the unlabeled rows it did not keep (its own first rows are kept, in order). The top
 * rows find outliers for a classifier of the answers; the random ones cover the table, so it learns the inliers'
 * whole range, not only the boundary's.
 */
export function mixedSelection(
  sel: QuerySelection,
  scores: ArrayLike<number>,
  unlabeled: ArrayLike<number>,
  share: { top: number; random: number },
  rng: Rng,
): QuerySelection {
  const n = sel.rows.length;
  const top = Math.min(n, share.top);
  const random = Math.min(n - top, share.random);
  if (top + random <= 0) return sel;
  const keep = n - top - random;
  const taken = new Set(sel.rows.slice(0, keep));
  const pool = Array.from(unlabeled).filter((r) => !taken.has(r));
  const byScore = smallestFirst(
    Float64Array.from(pool, (r) => -scores[r]),
    pool,
    top,
  ).map((i) => pool[i]);
  for (const r of byScore) taken.add(r);
  const rest = pool.filter((r) => !taken.has(r));
  // Partial Fisher-Yates: the first `random` slots are a uniform draw without replacement.
  for (let i = 0; i < random && i < rest.length; i++) {
    const j = i + rng.int(rest.length - i);
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  const added = [...byScore, ...rest.slice(0, random)];
  return {
    rows: [...sel.rows.slice(0, keep), ...added],
    posteriors: sel.posteriors ? [...sel.posteriors.slice(0, keep), ...added.map(() => NaN)] : null,
    gmm: sel.gmm,
  };
}
