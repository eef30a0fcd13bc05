/**
 * The mean rank of the stage's rankings (the model's score, the forest on the answers, the label-free ranking) while
 * the answers are few. With a handful of outliers among them, the held-out AUCs the chooser compares differ by chance
 * more than the rankings do, so a pick among them is a gamble; the mean of their ranks errs less than the pick on
 * average. Full weight up to `MEAN_ANSWERS` answers, then that count over the answers (as the propagation's weight),
 * mixed with the chooser's pick. Chosen leave-datasets-out over 38 sets (docs/benchmarks.md, issue 24, ninth part).
 */
import { RANKING_NAMES } from '../session';
import { blendPercentiles, percentileAgainst, rankPercentiles } from './ranks';

/** The count of answers up to which the mean stands alone: the same "few answers" as the propagation's full weight. */
export const MEAN_ANSWERS = 20;

/** The mean's weight after `answers` answers: 1 up to `full`, then full / answers; 0 when `full` is 0 (off). */
export function meanWeight(answers: number, full: number): number {
  if (full <= 0 || answers <= 0) return 0;
  return Math.min(1, full / answers);
}

/** Row by row, the mean of rank vectors (each in [0, 1]). */
export function meanOfRanks(parts: readonly ArrayLike<number>[]): Float64Array {
  const n = parts[0].length;
  const out = new Float64Array(n);
  for (const p of parts) for (let i = 0; i < n; i++) out[i] += p[i];
  for (let i = 0; i < n; i++) out[i] /= parts.length;
  return out;
}

/** A ranking's scores of the training rows and of the test rows, and its answers' held-out scores. */
export interface RankedRows {
  train: ArrayLike<number>;
  test: ArrayLike<number> | null;
  heldOut: ArrayLike<number>;
}

/**
 * w * the mean + (1 - w) * the pick, on ranks in [0, 1]: the training rows' and the held-out answers' among
 * themselves, each test row's among the training rows of its own ranking. `pickRanks`: the pick's training ranks when
 * already known; a vector given twice (a forest's held-out scores are its training scores) is ranked once.
 */
export function towardMean(pick: RankedRows, mean: RankedRows, w: number, pickRanks?: ArrayLike<number>): RankedRows {
  const known = new Map<ArrayLike<number>, ArrayLike<number>>(pickRanks ? [[pick.train, pickRanks]] : []);
  const rank = (v: ArrayLike<number>) => {
    let r = known.get(v);
    if (!r) known.set(v, (r = rankPercentiles(v)));
    return r;
  };
  const mix = (m: ArrayLike<number>, p: ArrayLike<number>) => blendPercentiles(m, p, w);
  return {
    train: mix(rank(mean.train), rank(pick.train)),
    test: pick.test && mean.test ? mix(percentileAgainst(mean.train, mean.test), percentileAgainst(pick.train, pick.test)) : null,
    heldOut: mix(rank(mean.heldOut), rank(pick.heldOut)),
  };
}

/** "a, b and c". */
function listOf(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The run panel's sentence for the mean alone (weight 1), and the note added to the pick's when mixed. */
export function meanReason(
  members: readonly string[],
  answers: number,
  full: number,
  auc: string,
  best: { name: string; auc: string },
): string {
  return (
    `Ranked by the mean rank of ${listOf(members)}: with ${answers} answers (up to ${full}), the answers cannot yet tell ` +
    `reliably which of them ranks best (held-out AUC ${auc}; ${best.auc} for ${best.name}, the best alone).`
  );
}

export function meanNote(members: readonly string[], w: number, full: number, answers: number): string {
  if (w <= 0 || w >= 1) return '';
  return (
    ` With ${answers} answers the ranking is ${(1 - w).toFixed(2)} this pick and ${w.toFixed(2)} the mean rank of ` +
    `${listOf(members)} (the mean alone up to ${full} answers, then ${full} over the answers).`
  );
}

/** The names of the mean's members, as the panel names them. */
export function meanMembers(labelFree: string | null): string[] {
  return [RANKING_NAMES.prior, RANKING_NAMES.forest, ...(labelFree ? [labelFree] : [])];
}
