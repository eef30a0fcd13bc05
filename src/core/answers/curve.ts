/**
 * The table's own learning curve: after each round, how well the ranking the answers' stage would choose ranks the
 * answers given so far, each held out of its own fit. It is what the answers are worth on this table, measured
 * without any label but the analyst's. Judged on the answered rows plus a seeded sample of the others (the blend's
 * ranks need the table's spread, not every row), so a point costs the same at 600k rows as at 10k.
 */
import { takeRows, type Matrix } from '../data/matrix';
import { Rng } from '../rng';
import type { CurvePoint } from '../session';
import { answersStage, DEFAULT_STAGE, type AnswerClassifier, type OtherRanking, type StageOptions } from './stack';

/** Rows judged besides the answered ones: enough for the ranks of a blend to be those of the whole table. */
export const CURVE_SAMPLE = 4096;

/** The answered rows and, when the table is bigger, a seeded sample of the others (all rows otherwise). */
function judgedRows(labels: ArrayLike<number>, sample: number, seed: number): number[] {
  const n = labels.length;
  const answered: number[] = [];
  const others: number[] = [];
  for (let r = 0; r < n; r++) (labels[r] === 0 || labels[r] === 1 ? answered : others).push(r);
  if (others.length <= sample) return [...answered, ...others];
  // Partial Fisher-Yates: the first `sample` places hold a uniform sample.
  const rng = new Rng(seed);
  for (let i = 0; i < sample; i++) {
    const j = i + Math.floor(rng.next() * (others.length - i));
    [others[i], others[j]] = [others[j], others[i]];
  }
  return [...answered, ...others.slice(0, sample)];
}

/** One point of the curve: the answers so far, and the held-out AUC of the ranking they would choose (and why). */
export function curvePoint(
  X: Matrix,
  prior: { train: ArrayLike<number>; judge?: ArrayLike<number> | null },
  labels: ArrayLike<number>,
  classifier: () => AnswerClassifier,
  seed: number,
  opts: StageOptions = DEFAULT_STAGE,
  sample = CURVE_SAMPLE,
  others: readonly OtherRanking[] = [],
): CurvePoint & { reason: string } {
  const rows = judgedRows(labels, sample, seed);
  const pick = (v: ArrayLike<number>) => Float64Array.from(rows, (r) => v[r]);
  const sub = answersStage(
    takeRows(X, rows),
    null,
    { train: pick(prior.train), test: null, judge: prior.judge ? pick(prior.judge) : null },
    Int8Array.from(rows, (r) => labels[r]),
    classifier,
    opts,
    others.map((o) => ({ ...o, train: pick(o.train), test: null })),
  );
  let answers = 0;
  let outliers = 0;
  for (let r = 0; r < labels.length; r++) {
    if (labels[r] === 0 || labels[r] === 1) answers++;
    if (labels[r] === 1) outliers++;
  }
  const { id, reason, meanShare } = sub.choice;
  return { answers, outliers, auc: sub.auc, choice: id, reason, ...(meanShare ? { meanShare } : {}) };
}
