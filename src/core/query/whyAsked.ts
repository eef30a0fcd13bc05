/**
 * The card's one sentence on why a row is asked, from the query rule that picked it: what the analyst's answer
 * to this row can teach the model that an answer to another row would not.
 */
import type { QueryStrategy } from '../config';

/** Why an early question (round 0, imboost.earlyQuestions) is asked: the model is still warming up. */
export const WHY_ASKED_EARLY =
  'Asked early: an IsolationForest, which needs no answers, ranks this row among the most unusual while the model warms up.';

export function whyAsked(strategy: QueryStrategy, inlierPosterior: number | null, alpha: number): string {
  if (strategy === 'RD') return 'Asked at random: answers to rows drawn at random show how well the whole table is ranked.';
  if (strategy === 'CP')
    return 'Asked as one of the rows the model ranks most or least anomalous: your answer confirms or corrects its extremes.';
  if (inlierPosterior == null) return 'Asked because the model cannot tell which side of its boundary this row is on.';
  // No posterior in an MM round: the row came from the round's top or random share (imboost.topShare, randomShare).
  if (Number.isNaN(inlierPosterior))
    return 'Asked to teach the forest on your answers: one of the rows the model ranks most anomalous, or one drawn at random to cover the table.';
  const side = inlierPosterior >= 0.5 ? 'inlier' : 'outlier';
  const sure = Math.max(inlierPosterior, 1 - inlierPosterior);
  return (
    `Asked because the model is unsure: its loss lies where the typical and the unusual rows overlap ` +
    `(${Math.round(sure * 100)}% ${side}; the rule asks rows whose weaker side is nearest ${Math.round(alpha * 100)}%).`
  );
}
