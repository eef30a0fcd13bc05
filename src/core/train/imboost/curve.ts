/**
 * After each round's answers: the ranking the answers so far would choose, with the table's learning curve
 * (answers/curve.ts), so the analyst sees during the run what the answers buy. Judged on a sample of the rows, so a
 * round at 600k rows costs what it costs at 10k; the final ranking (answers.ts) is fitted on every row.
 */
import { curvePoint } from '../../answers/curve';
import { forestClassifier } from '../../answers/forestClassifier';
import type { CurvePoint, RankingView } from '../../session';
import { noOutlierRanking, stageOptions } from './prior';
import type { ImboostRun } from './state';

/** Adds this round's point to the curve and returns the ranking view the round's progress event carries. */
export function curvePhase(run: ImboostRun, ens: ArrayLike<number>): RankingView | null {
  if (run.c.answersStage !== 'forest') return null;
  if (run.book.count(1) === 0) return (run.ranking = noOutlierRanking(run, run.showLabelFree));
  const seed = run.opts.config.seed;
  const { reason, ...point } = curvePoint(
    run.opts.X,
    { train: ens, judge: run.warmup?.scores ?? null },
    run.book.values,
    forestClassifier(seed),
    seed + run.round,
    stageOptions(run.c),
  );
  run.ranking = { choice: point.choice, reason, curve: withPoint(run.ranking?.curve ?? [], point) };
  return run.ranking;
}

/** The curve with `p` as its last point: a point at the same answer count (no answer since) is replaced. */
export function withPoint(curve: readonly CurvePoint[], p: CurvePoint): CurvePoint[] {
  const last = curve[curve.length - 1];
  return last && last.answers === p.answers ? [...curve.slice(0, -1), p] : [...curve, p];
}
