/**
 * Leave-datasets-out selection of defaults (issue 15): the candidates and the analysis, without I/O.
 * The choice reads training-split AUCs only; test AUCs are read only for the sets held out of a choice.
 */
import type { ConfigOverrides } from '../src/core/config';
import { Rng } from '../src/core/rng';
import { DEFAULT_GUARD_OPTIONS, isWideTable, judge, warmupRecord, type GuardSample } from '../src/core/train/guard';

export type Family = 'classical' | 'embeddings' | 'more';

// ---------------------------------------------------------------------------------------------------------
// The grid: each candidate changes one setting of the base (today's defaults); `dimension` groups them.

export interface Candidate {
  id: string;
  dimension: string;
  label: string;
  overrides: ConfigOverrides;
}

/** Today's defaults, pinned, so the grid means the same after the defaults change. */
const BASE = {
  model: { decoderBn: 'pooled' },
  imboost: { warmupThreshold: 'quantile', finalScore: 'average', lambda1: 2, lambda2: 1, scoreK: null, guard: 'on' },
} as const satisfies ConfigOverrides;

const variant = (id: string, dimension: string, label: string, change: { model?: object; imboost?: object }): Candidate => ({
  id,
  dimension,
  label,
  overrides: { model: { ...BASE.model, ...change.model }, imboost: { ...BASE.imboost, ...change.imboost } } as ConfigOverrides,
});

export const CANDIDATES: Candidate[] = [
  variant('base', 'base', 'defaults before this run', {}),
  variant('scaled-quantile', 'warm-up threshold', 'warm-up threshold 0.6 x quantile (reference code)', {
    imboost: { warmupThreshold: 'scaled-quantile' },
  }),
  variant('last', 'final score', 'final score = last epoch (paper, reference)', { imboost: { finalScore: 'last' } }),
  variant('bn-per-sample', 'decoder BatchNorm', 'decoder BatchNorm per importance sample (reference layout)', {
    model: { decoderBn: 'per-sample' },
  }),
  variant('lambda-4-2', 'lambda1/lambda2', 'lambda1 = 4, lambda2 = 2', { imboost: { lambda1: 4, lambda2: 2 } }),
  variant('lambda-1-2', 'lambda1/lambda2', 'lambda1 = 1, lambda2 = 2', { imboost: { lambda1: 1, lambda2: 2 } }),
  variant('scorek-10', 'scoring K', 'scoring K = 10 (training K = 2)', { imboost: { scoreK: 10 } }),
  // Before guard-off: on a tie (they run identically on narrow tables) the choice keeps the guard for wide ones.
  variant('guard-adaptive', 'guard', "adaptive guard (reads the warm-up's own record on the answers)", { imboost: { guard: 'adaptive' } }),
  variant('guard-off', 'guard', 'guard off (the paper procedure)', { imboost: { guard: 'off' } }),
  // Second stage: the first stage's winner with the runner-up setting of the first stage.
  variant('adaptive+scaled-quantile', 'second stage', 'adaptive guard + warm-up threshold 0.6 x quantile', {
    imboost: { guard: 'adaptive', warmupThreshold: 'scaled-quantile' },
  }),
];

// ---------------------------------------------------------------------------------------------------------
/** A seeded sample of `n` rows keeping the label shares (the same rows for every candidate and data seed). */
export function stratifiedSample(y: Uint8Array, n: number, seed: number): Int32Array {
  if (n >= y.length) return Int32Array.from(y, (_, i) => i);
  const rng = new Rng(seed);
  const out: number[] = [];
  for (const label of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === label) rows.push(i);
    rng.shuffle(rows);
    out.push(...rows.slice(0, Math.round((rows.length * n) / y.length)));
  }
  return Int32Array.from(out.sort((a, b) => a - b));
}

export interface SelectRow {
  candidate: string;
  family: Family;
  dataset: string;
  seed: number;
  rows: number;
  n_train: number;
  train_auc: number;
  test_auc: number;
  /** Feature count (the table's shape is something a run can see). */
  cols: number;
  warmup_train_auc: number | null;
  warmup_test_auc: number | null;
  polarized_train_auc: number | null;
  polarized_test_auc: number | null;
  /** Training AUC over the rows never asked about (bench/protocol.ts unaskedAuc); absent in rows of older grids. */
  unasked_train_auc?: number | null;
  warmup_unasked_train_auc?: number | null;
  polarized_unasked_train_auc?: number | null;
  /** The guard's evidence (percentiles under both rankings when asked, label, round): lets the analysis
   * replay other end-of-run decisions on the same run without training again. */
  guard_samples: [polarized: number, warmup: number, label: 0 | 1, round: number][] | null;
  guard_choice: string | null;
  /** Adaptive guard: the warm-up's AUC on the answers, and whether they showed it wrong. */
  answered_warmup_auc: number | null;
  warmup_wrong: boolean | null;
  seconds: number;
}

// ---------------------------------------------------------------------------------------------------------
// The analysis: per set, the mean over the data seeds every candidate ran; folds of sets; the choice
// on the other folds by mean training AUC; the held-out mean test AUC with its standard error over sets.

/**
 * What a choice reads, per run. `train`: the training AUC over every training row. `unasked`: over the training
 * rows nobody was asked about; a model trained on the answers ranks the answered rows from memory (a polarized
 * ranking's AUC on them is ~1 even when it collapsed), so the full training AUC flatters polarization against a
 * warm-up that never saw a label. Rows recorded before `unasked` existed, or whose unasked rows hold one class,
 * fall back to `train`.
 */
export type Criterion = 'train' | 'unasked';

export function criterionAuc(r: SelectRow, criterion: Criterion, which: 'final' | 'warmup' | 'polarized' = 'final'): number | null {
  const full = which === 'final' ? r.train_auc : which === 'warmup' ? r.warmup_train_auc : r.polarized_train_auc;
  if (criterion === 'train') return full;
  const u = which === 'final' ? r.unasked_train_auc : which === 'warmup' ? r.warmup_unasked_train_auc : r.polarized_unasked_train_auc;
  return u ?? full;
}

export interface SetScores {
  dataset: string;
  family: Family;
  /** candidate -> mean train AUC / test AUC over the seeds all candidates share on this set */
  train: Record<string, number>;
  test: Record<string, number>;
  seeds: number;
}

export function perSet(rows: SelectRow[], candidates: string[], criterion: Criterion = 'train'): SetScores[] {
  const sets = [...new Set(rows.map((r) => r.dataset))].sort();
  const out: SetScores[] = [];
  for (const d of sets) {
    const rs = rows.filter((r) => r.dataset === d);
    const seedsOf = (c: string) => new Set(rs.filter((r) => r.candidate === c).map((r) => r.seed));
    const common = [...seedsOf(candidates[0])].filter((s) => candidates.every((c) => seedsOf(c).has(s)));
    if (!common.length) continue;
    // One row per (candidate, seed): a resumed or repeated grid may hold the same (deterministic) run twice.
    const once = (c: string) => [
      ...new Map(rs.filter((r) => r.candidate === c && common.includes(r.seed)).map((r) => [r.seed, r])).values(),
    ];
    const train = (c: string) => avg(once(c).map((r) => criterionAuc(r, criterion)!));
    const test = (c: string) => avg(once(c).map((r) => r.test_auc));
    out.push({
      dataset: d,
      family: rs[0].family,
      train: Object.fromEntries(candidates.map((c) => [c, train(c)])),
      test: Object.fromEntries(candidates.map((c) => [c, test(c)])),
      seeds: common.length,
    });
  }
  return out;
}

/** Folds of sets, each family dealt round-robin after a seeded shuffle, so every fold mixes the families. */
export function makeFolds(sets: SetScores[], k: number, seed = 15): string[][] {
  const folds: string[][] = Array.from({ length: k }, () => []);
  const rng = new Rng(seed);
  let next = 0;
  for (const fam of ['classical', 'embeddings', 'more'] as Family[]) {
    const names = sets.filter((s) => s.family === fam).map((s) => s.dataset);
    rng.shuffle(names);
    for (const n of names) folds[next++ % k].push(n);
  }
  return folds;
}

/**
 * The choice on a group of sets: the candidate with the highest mean training AUC (ties: the earlier
 * candidate, the base first). It is given the training AUCs only.
 */
export function choose(train: Record<string, number>[], candidates: string[]): string {
  let best = candidates[0];
  let bestMean = -Infinity;
  for (const c of candidates) {
    const m = avg(train.map((t) => t[c]));
    if (m > bestMean + 1e-12) [best, bestMean] = [c, m];
  }
  return best;
}

export interface LdoResult {
  /** per fold: the candidate chosen on the other folds */
  chosen: string[];
  /** per set: the test AUC of the candidate chosen without it */
  heldOut: Record<string, number>;
  mean: number;
  se: number;
}

export function leaveDatasetsOut(sets: SetScores[], candidates: string[], k: number): LdoResult {
  const folds = makeFolds(sets, k);
  const chosen: string[] = [];
  const heldOut: Record<string, number> = {};
  for (const fold of folds) {
    const pick = choose(
      sets.filter((s) => !fold.includes(s.dataset)).map((s) => s.train),
      candidates,
    );
    chosen.push(pick);
    for (const s of sets) if (fold.includes(s.dataset)) heldOut[s.dataset] = s.test[pick];
  }
  const v = Object.values(heldOut);
  return { chosen, heldOut, mean: avg(v), se: se(v) };
}

export function avg(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Standard error of the mean over sets. */
export function se(xs: number[]): number {
  if (xs.length < 2) return NaN;
  const m = avg(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length);
}

// ---------------------------------------------------------------------------------------------------------
// End-of-run guard decisions replayed on recorded runs: the per-table part of the choice (issue 15 + 16).

/** One decision rule: the confidence polarization needs, by table shape, and whether a warm-up the answers
 * show wrong loses its place as the fallback. */
export interface GuardRule {
  id: string;
  /** Confidence needed on tables with at least `wideBelow` training rows per column. */
  confidence: number;
  /** ... and on wider tables (fewer rows per column). */
  wideConfidence: number;
  wideBelow: number;
  /** The adaptive guard's other half: a warm-up shown wrong on the answers is no fallback. */
  distrustWrongWarmup: boolean;
  /** Fewer outlier answers than this decide nothing (GuardOptions.minOutliers; on wide tables adaptiveMinOutliers). */
  minOutliers: number;
}

/** The guard before this selection: confidence 0.8 on every table, the warm-up always the fallback. */
export const CURRENT_RULE = 'c0.8';

export function guardRules(): GuardRule[] {
  const rules: GuardRule[] = [];
  for (const wideBelow of [0, 1, 2, 4])
    for (const confidence of [0.5, 0.6, 0.7, 0.8])
      for (const wideConfidence of wideBelow === 0 ? [confidence] : [0.8, 0.9])
        for (const distrustWrongWarmup of [false, true]) {
          if (wideBelow > 0 && wideConfidence <= confidence) continue;
          const id =
            `c${confidence}` + (wideBelow ? `-wide<${wideBelow}:c${wideConfidence}` : '') + (distrustWrongWarmup ? '-distrust' : '');
          // minOutliers 1: the guard as it was when this grid was recorded and chosen.
          rules.push({ id, confidence, wideConfidence, wideBelow, distrustWrongWarmup, minOutliers: 1 });
        }
  // Today's rule first: ties go to it.
  const today = rules.findIndex((r) => r.id === CURRENT_RULE);
  return [rules[today], ...rules.filter((_, i) => i !== today)];
}

/**
 * The adaptive guard on wide tables (issue 16): the confidence polarization must reach on the held-out answers
 * before it replaces the warm-up, whether a warm-up the answers show wrong is still the fallback (`-distrust`:
 * not, as adaptive does; without it, as guard 'on'), and how many outlier answers it takes to decide either
 * (`-min`). Today's rule (DEFAULT_GUARD_OPTIONS) first: ties go to it. Narrow tables are not judged (adaptive keeps their polarized
 * ranking), so these rules only differ on wide tables.
 */
export function wideConfidenceRules(): GuardRule[] {
  const rules: GuardRule[] = [];
  for (const minOutliers of [7, 3, 1, 2, 4, 5])
    for (const distrustWrongWarmup of [true, false])
      for (const c of [0.8, 0.9, 0.95, 0.99])
        rules.push({
          id: `wide:c${c}${distrustWrongWarmup ? '-distrust' : ''}-min${minOutliers}`,
          confidence: c,
          wideConfidence: c,
          wideBelow: DEFAULT_GUARD_OPTIONS.wideBelow,
          distrustWrongWarmup,
          minOutliers,
        });
  const d = DEFAULT_GUARD_OPTIONS;
  const today = rules.findIndex(
    (r) =>
      r.wideConfidence === d.adaptiveConfidence && r.distrustWrongWarmup === d.adaptiveDistrust && r.minOutliers === d.adaptiveMinOutliers,
  );
  return [rules[today], ...rules.filter((_, i) => i !== today)];
}

/** The rule's choice on one recorded run, from the labels it recorded only; then the AUCs that choice ends with. */
export function replay(
  row: SelectRow,
  rule: GuardRule,
  criterion: Criterion = 'train',
): { choice: 'polarized' | 'warmup'; train: number; test: number } | null {
  if (!row.guard_samples || row.warmup_train_auc == null || row.polarized_train_auc == null) return null;
  if (row.warmup_test_auc == null || row.polarized_test_auc == null) return null;
  const samples: GuardSample[] = row.guard_samples.map(([polarized, warmup, label, round]) => ({ polarized, warmup, label, round }));
  const wide = isWideTable(row.n_train, row.cols, { ...DEFAULT_GUARD_OPTIONS, wideBelow: rule.wideBelow });
  const opts = { ...DEFAULT_GUARD_OPTIONS, confidence: wide ? rule.wideConfidence : rule.confidence, minOutliers: rule.minOutliers };
  // The warm-up's record from its percentiles when each answer was asked (its raw scores are not kept).
  const record = rule.distrustWrongWarmup
    ? warmupRecord(
        samples.map((x) => x.warmup),
        samples.map((x) => x.label),
        opts,
      )
    : null;
  const choice = judge(samples, opts, record).choice;
  return choice === 'warmup'
    ? { choice, train: criterionAuc(row, criterion, 'warmup')!, test: row.warmup_test_auc }
    : { choice, train: criterionAuc(row, criterion, 'polarized')!, test: row.polarized_test_auc };
}

/** Replayed rules as SetScores (mean over the recorded seeds of each set), ready for leaveDatasetsOut. */
export function replaySets(rows: SelectRow[], rules: GuardRule[], criterion: Criterion = 'train'): SetScores[] {
  const sets = [...new Set(rows.map((r) => r.dataset))].sort();
  const out: SetScores[] = [];
  for (const d of sets) {
    const rs = rows.filter((r) => r.dataset === d && r.guard_samples);
    if (!rs.length) continue;
    const train: Record<string, number> = {};
    const test: Record<string, number> = {};
    for (const rule of rules) {
      const got = rs.map((r) => replay(r, rule, criterion)).filter((x): x is NonNullable<typeof x> => x != null);
      train[rule.id] = avg(got.map((g) => g.train));
      test[rule.id] = avg(got.map((g) => g.test));
    }
    out.push({ dataset: d, family: rs[0].family, train, test, seeds: rs.length });
  }
  return out;
}
