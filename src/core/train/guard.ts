/**
 * The polarization guard: does the analyst's evidence say the polarized ranking beats the warm-up's?
 *
 * Every label the polarized model has trained on is in-sample for it, so its AUC on those rows flatters it.
 * The guard therefore scores each round's new answers with the scores they were queried from (the eq. (5)
 * average just before the round, which has not seen them yet): a test-then-train (prequential) estimate.
 * Scores of different rounds are made comparable as percentiles among the rows still unlabeled at the time.
 * The warm-up's eq. (5) scores never saw a label, so they are scored on exactly the same rows.
 */

/** One labeled row's evidence: its percentile under both rankings when it was queried, and its label. */
export interface GuardSample {
  polarized: number;
  warmup: number;
  label: 0 | 1;
  round: number;
}

export type GuardChoice = 'polarized' | 'warmup';

export interface GuardVerdict {
  choice: GuardChoice;
  /** Held-out AUC of each ranking on the same answers (null when a class is missing). */
  polarizedAuc: number | null;
  warmupAuc: number | null;
  /** Answers behind the estimate. */
  outliers: number;
  inliers: number;
  /** One sentence for the run panel. */
  reason: string;
}

export interface GuardOptions {
  /** Roll back only when the polarized AUC trails the warm-up's by more than this. */
  margin: number;
  /** Fewer held-out outliers or inliers than this: too few to tell, keep the polarized ranking. */
  minPerClass: number;
}

export const DEFAULT_GUARD_OPTIONS: GuardOptions = { margin: 0, minPerClass: 1 };

/** Percentile (0..1, ties at half) of `scores[row]` among `scores[pool]`. */
export function percentileIn(scores: ArrayLike<number>, pool: ArrayLike<number>, row: number): number {
  if (!pool.length) return 0.5;
  const v = scores[row];
  let below = 0;
  let tied = 0;
  for (let i = 0; i < pool.length; i++) {
    const s = scores[pool[i]];
    if (s < v) below++;
    else if (s === v) tied++;
  }
  return (below + tied / 2) / pool.length;
}

/** Mann-Whitney AUC of outliers over inliers (ties count half); null when a class is empty. */
export function pairAuc(values: number[], labels: (0 | 1)[]): number | null {
  const pos: number[] = [];
  const neg: number[] = [];
  values.forEach((v, i) => (labels[i] === 1 ? pos : neg).push(v));
  if (!pos.length || !neg.length) return null;
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** Collects the held-out evidence round by round; reads labels only, never a ground truth. */
export class PolarizationGuard {
  readonly samples: GuardSample[] = [];
  private readonly warm: Float64Array;

  constructor(warmupScores: ArrayLike<number>) {
    this.warm = Float64Array.from(warmupScores);
  }

  /**
   * A round's answers: `scores` are the scores the round was queried from, `before`/`after` the labels
   * (-1 unknown) before and after the answers. Round 1 is queried from the warm-up itself: no contrast.
   */
  observe(round: number, scores: ArrayLike<number>, before: ArrayLike<number>, after: ArrayLike<number>): void {
    if (round < 2) return;
    const pool: number[] = [];
    for (let i = 0; i < before.length; i++) if (before[i] === -1) pool.push(i);
    for (const i of pool) {
      const y = after[i];
      if (y !== 0 && y !== 1) continue;
      this.samples.push({ polarized: percentileIn(scores, pool, i), warmup: percentileIn(this.warm, pool, i), label: y, round });
    }
  }

  /** AUC of the warm-up scores on the given labeled rows. */
  warmupAucOn(rows: number[], labels: (0 | 1)[]): number | null {
    return pairAuc(rows.map((i) => this.warm[i]), labels);
  }

  verdict(opts: GuardOptions = DEFAULT_GUARD_OPTIONS): GuardVerdict {
    return judge(this.samples, opts);
  }
}

/** The decision on a set of held-out answers: roll back only on clear evidence of harm. */
export function judge(samples: GuardSample[], opts: GuardOptions = DEFAULT_GUARD_OPTIONS): GuardVerdict {
  const labels = samples.map((s) => s.label);
  const outliers = labels.filter((l) => l === 1).length;
  const inliers = labels.length - outliers;
  const polarizedAuc = pairAuc(samples.map((s) => s.polarized), labels);
  const warmupAuc = pairAuc(samples.map((s) => s.warmup), labels);
  const base = { polarizedAuc, warmupAuc, outliers, inliers };
  if (outliers < opts.minPerClass || inliers < opts.minPerClass || polarizedAuc == null || warmupAuc == null) {
    return { ...base, choice: 'polarized', reason: `Kept the polarized ranking: ${outliers} outlier and ${inliers} inlier answers are too few to compare it with the warm-up's.` };
  }
  const f = (v: number) => v.toFixed(2);
  if (polarizedAuc < warmupAuc - opts.margin) {
    return { ...base, choice: 'warmup', reason: `Rolled back to the warm-up ranking: on your ${outliers + inliers} later answers it ranked outliers above inliers better (AUC ${f(warmupAuc)} vs ${f(polarizedAuc)}).` };
  }
  return { ...base, choice: 'polarized', reason: `Kept the polarized ranking: on your ${outliers + inliers} later answers it ranks as well as or better than the warm-up (AUC ${f(polarizedAuc)} vs ${f(warmupAuc)}).` };
}

export type GuardMode = 'off' | 'on';

/**
 * The end-of-run verdict. With the guard off the polarized ranking stays, but the evidence is still
 * reported (the benchmark shows what the guard would have done).
 */
export function finishGuard(guard: PolarizationGuard, finalScores: ArrayLike<number>, labels: ArrayLike<number>, mode: GuardMode, opts: GuardOptions = DEFAULT_GUARD_OPTIONS): GuardVerdict & { inSample: { polarized: number | null; warmup: number | null }; wouldRollBack: boolean; samples: GuardSample[] } {
  const v = guard.verdict(opts);
  const rows: number[] = [];
  const ys: (0 | 1)[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) continue;
    rows.push(i);
    ys.push(labels[i] as 0 | 1);
  }
  const inSample = { polarized: pairAuc(rows.map((i) => finalScores[i]), ys), warmup: guard.warmupAucOn(rows, ys) };
  const wouldRollBack = v.choice === 'warmup';
  const samples = guard.samples;
  if (mode === 'off') return { ...v, choice: 'polarized', reason: 'The guard is off: the polarized ranking is kept.', inSample, wouldRollBack, samples };
  return { ...v, inSample, wouldRollBack, samples };
}
