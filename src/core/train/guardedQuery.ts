/** The guard's questions: from round 2 on, a share of each round asks the warm-up's own boundary (guard.ts judges). */
import type { QueryStrategy } from '../config';
import { lowerComponentPosterior } from '../query/gmm';
import { selectQuery, type QuerySelection } from '../query/strategies';
import type { Rng } from '../rng';

/**
 * A round's candidates with the guard on (rounds after the first): a share of the budget asks about the
 * warm-up's own ambiguous rows. Each ranking is nearly flat on the rows it chose itself (they sit on its
 * decision boundary), so judging both on rows chosen by both keeps the comparison even.
 */
export function guardedQuery(
  strategy: QueryStrategy,
  polarized: Float32Array | Float64Array,
  warmup: Float32Array | Float64Array,
  unlabeled: Int32Array,
  budget: number,
  alpha: number,
  rng: Rng,
  share = 0.5,
): QuerySelection {
  const w = Math.floor(budget * share);
  const pol = selectQuery(strategy, polarized, unlabeled, budget - w, alpha, rng);
  if (w <= 0) return pol;
  const taken = new Set(pol.rows);
  const warm = selectQuery(
    strategy,
    warmup,
    unlabeled.filter((r) => !taken.has(r)),
    w,
    alpha,
    rng,
  );
  const rows = [...pol.rows, ...warm.rows];
  // Posteriors all under the polarized scores' mixture, as the card shows for every candidate.
  const posteriors = pol.gmm
    ? Array.from(
        lowerComponentPosterior(
          pol.gmm,
          Float64Array.from(rows, (r) => polarized[r]),
        ),
      )
    : null;
  return { rows, posteriors, gmm: pol.gmm };
}
