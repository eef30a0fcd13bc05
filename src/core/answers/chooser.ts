/**
 * Choosing, from the answers themselves, which ranking of the table to trust: the label-free prior (the IWAE's
 * score), a classifier fitted on the answers, or a blend of the two. Each candidate is judged by its AUC on the
 * answered rows, each row scored without its own answer (the prior never saw the answers; a forest's row is judged
 * out of bag). A candidate replaces the prior only when enough answers of both kinds stand behind the comparison:
 * with few, the prior stays (regularised toward the prior when answers are few).
 */
import { rocAuc } from '../metrics';
import type { RankingChoice } from '../session';

/** One way to rank the table: a score per training row, each labelled row's scored without its own answer. */
export interface RankingCandidate {
  id: RankingChoice;
  name: string;
  /** Higher = more likely an outlier, for every training row; labelled rows held out of their own fit. */
  heldOut: ArrayLike<number>;
}

export interface AnswerSet {
  rows: readonly number[];
  /** 1 = outlier, 0 = inlier, per entry of rows. */
  labels: readonly (0 | 1)[];
}

export interface ChooserRule {
  /** Answers of each kind needed before anything but the prior can be chosen. */
  minPerClass: number;
}

/**
 * One of each: a forest on one confirmed outlier already ranks better than the model on the benchmark's tables
 * (chosen leave-datasets-out against 2 and 3, docs/benchmarks.md); with none, the label-free ranking stands.
 */
export const DEFAULT_CHOOSER: ChooserRule = { minPerClass: 1 };

export interface Choice {
  /** Index into the candidates (0 = the prior). */
  index: number;
  id: RankingChoice;
  name: string;
  /** Each candidate's AUC on the held-out answers (null: one class only). */
  aucs: (number | null)[];
  /** One sentence for the run panel. */
  reason: string;
  /** Set when the pick is mixed with the mean rank (answers/mean.ts): the mean's share, and the AUCs' last is the mix's. */
  meanShare?: number;
}

/** An AUC as the run panel's sentences give it (n/a: one kind of answer only). */
export const formatAuc = (a: number | null): string => (a == null ? 'n/a' : a.toFixed(2));

/** AUC of `scores` on the answered rows (null when the answers hold one class only). */
export function answersAuc(scores: ArrayLike<number>, answers: AnswerSet): number | null {
  let pos = 0;
  for (const l of answers.labels) pos += l;
  if (pos === 0 || pos === answers.labels.length) return null;
  return rocAuc(
    answers.rows.map((r) => scores[r]),
    answers.labels,
  );
}

/**
 * The candidate with the best held-out AUC on the answers; candidates[0] is the prior, kept on ties and whenever
 * the answers hold fewer than `minPerClass` of either kind.
 */
export function chooseRanking(candidates: readonly RankingCandidate[], answers: AnswerSet, rule: ChooserRule = DEFAULT_CHOOSER): Choice {
  if (!candidates.length) throw new Error('chooseRanking needs at least the prior');
  const outliers = answers.labels.reduce<number>((a, l) => a + l, 0);
  const inliers = answers.labels.length - outliers;
  const aucs = candidates.map((c) => answersAuc(c.heldOut, answers));
  if (Math.min(outliers, inliers) < rule.minPerClass) {
    return {
      index: 0,
      id: candidates[0].id,
      name: candidates[0].name,
      aucs,
      reason: `Ranked by ${candidates[0].name}: the answers hold ${outliers} outlier${outliers === 1 ? '' : 's'} and ${inliers} inlier${inliers === 1 ? '' : 's'}; it takes ${rule.minPerClass} of each to judge another ranking.`,
    };
  }
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if ((aucs[i] ?? -1) > (aucs[best] ?? -1)) best = i;
  const f = formatAuc;
  const reason =
    best === 0
      ? `Ranked by ${candidates[0].name}: on your ${answers.rows.length} answers, each held out of its own fit, it ranks them best (AUC ${f(aucs[0])}).`
      : `Ranked by ${candidates[best].name}: on your ${answers.rows.length} answers, each held out of its own fit, AUC ${f(aucs[best])} against ${f(aucs[0])} for ${candidates[0].name}.`;
  return { index: best, id: candidates[best].id, name: candidates[best].name, aucs, reason };
}
