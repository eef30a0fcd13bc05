import { makeConfig, type ConfigOverrides, type Method } from '../src/core/config';
import { takeLabels, takeRows, type Matrix } from '../src/core/data/matrix';
import { applyMinMax, fitMinMax } from '../src/core/data/scale';
import { pollutionSubsample, referenceSplit, splitRows, type RowSplit, type SplitMode } from '../src/core/data/split';
import { averagePrecision, rocAuc } from '../src/core/metrics';
import { SimulatedOracle } from '../src/core/train/oracle';
import { runMethod } from '../src/core/train/runMethod';
import type { RunResult } from '../src/core/train/run';
import { answersExtras, type StageExtras } from './answersExtras';
import type { PeerId } from '../src/core/peers/peers';

/** split: the IMBoost papers' 70/30 protocol (default); transductive: train and rank every row (the GradStop paper's). */
export type Protocol = 'split' | 'transductive';

export interface BenchRun {
  dataset: string;
  /** An IMLab method, or a label-free peer (bench/peers.ts). */
  method: Method | PeerId;
  seed: number;
  n_train: number;
  train_auc: number;
  test_auc: number;
  train_ap: number;
  test_ap: number;
  seconds: number;
  updates_per_s: number;
  backend: string;
  /** IMBoost: the warm-up's eq. (5) scores at the first round, and the guard's choice. */
  warmup_train_auc?: number | null;
  warmup_test_auc?: number | null;
  /** The polarized model's AUC (what the run ends with when the guard keeps it). */
  polarized_train_auc?: number | null;
  polarized_test_auc?: number | null;
  /**
   * Training AUC on the rows nobody was asked about (labels still unknown at the end): the training AUC without
   * the rows a polarized model trained on, which flatter it; the selection compares rankings by it (issue 15/16).
   */
  unasked_train_auc?: number | null;
  warmup_unasked_train_auc?: number | null;
  polarized_unasked_train_auc?: number | null;
  guard?: BenchGuard | null;
  /** GradStop: the kept epoch (1-based), the epochs trained, and whether the early-divergence branch chose it. */
  gradstop_kept_epoch?: number;
  gradstop_epochs?: number;
  gradstop_initial?: boolean;
}

/** The bench's run record, with the answers' stage when measured. */
export type BenchRecord = BenchRun & Partial<StageExtras>;

export interface BenchGuard {
  mode: string;
  choice: string;
  would_roll_back: boolean;
  heldout_polarized_auc: number | null;
  heldout_warmup_auc: number | null;
  heldout_outliers: number;
  heldout_inliers: number;
  labeled_polarized_auc: number | null;
  labeled_warmup_auc: number | null;
  /** Adaptive guard: the warm-up's AUC on every answer, and whether the answers showed it wrong. */
  answered_warmup_auc?: number | null;
  warmup_wrong?: boolean | null;
  samples?: unknown;
}

/**
 * The reference protocol: min-max scale over all rows, optional pollution subsampling, stratified
 * 70/30 split by data seed (or a plain random one, or the exact rows the authors' code picks),
 * model seed 1234, simulated oracle on the true labels.
 */
export async function runProtocol(
  dataset: string,
  X: Matrix,
  y: Uint8Array,
  opts: {
    method: Method;
    seed: number;
    pollution: number | null;
    overrides: ConfigOverrides;
    backend: string;
    split?: SplitMode;
    protocol?: Protocol;
    /** IMBoost: also measure the answers' stage on the run's answers (stage_* fields). */
    answersStage?: boolean;
  },
): Promise<BenchRecord> {
  const scale = fitMinMax(X);
  const scaled = applyMinMax(X, scale);
  if (opts.protocol === 'transductive') return runTransductive(dataset, scaled, y, opts);
  const { Xtr, ytr, Xte, yte } = protocolRows(scaled, y, opts.pollution, opts.seed, opts.split ?? 'stratified');
  const config = makeConfig({ ...protocolOverrides(opts.overrides, opts.answersStage ?? false), method: opts.method });
  const t0 = performance.now();
  const r = await runMethod({ X: Xtr, Xtest: Xte, scale, config, oracle: new SimulatedOracle(ytr) });
  const seconds = (performance.now() - t0) / 1000;
  const testScores = r.testScores ?? new Float32Array(0);
  return {
    dataset,
    method: opts.method,
    seed: opts.seed,
    n_train: Xtr.rows,
    ...rankingFields(r.scores, ytr, testScores, yte),
    seconds,
    updates_per_s: r.updates / seconds,
    backend: opts.backend,
    ...(opts.method === 'imboost' || opts.method === 'contrast' ? imboostExtras(r, ytr, yte, config.imboost.guard) : {}),
    ...(opts.method === 'imboost' ? unaskedExtras(r, ytr) : {}),
    ...(opts.method === 'imboost' && opts.answersStage
      ? answersExtras(r, Xtr, Xte, yte, config, scale, (s) => unaskedAuc(s, ytr, r.labels))
      : {}),
    ...gradstopExtras(r),
  };
}

/**
 * The GradStop paper's protocol: train on every row with the file's own contamination (no pollution subsampling, no
 * split) and rank those same rows; AUC and AP over every row (train_*; the test_* fields are NaN, null in --json).
 */
async function runTransductive(
  dataset: string,
  X: Matrix,
  y: Uint8Array,
  opts: { method: Method; seed: number; overrides: ConfigOverrides; backend: string },
): Promise<BenchRun> {
  // The model seed is the run's seed here: there is no data seed without a split.
  const config = makeConfig({ ...protocolOverrides(opts.overrides, false), method: opts.method, seed: opts.seed });
  const t0 = performance.now();
  const r = await runMethod({ X, config, oracle: new SimulatedOracle(y) });
  const seconds = (performance.now() - t0) / 1000;
  return {
    dataset,
    method: opts.method,
    seed: opts.seed,
    n_train: X.rows,
    ...rankingFields(r.scores, y, null, null),
    seconds,
    updates_per_s: r.updates / seconds,
    backend: opts.backend,
    ...gradstopExtras(r),
  };
}

function gradstopExtras(r: RunResult): Partial<BenchRun> {
  const g = r.gradstop;
  return g ? { gradstop_kept_epoch: g.keptEpoch + 1, gradstop_epochs: g.epochs, gradstop_initial: g.initialReturned } : {};
}

/** AUC over the training rows left unlabeled at the end; null when they hold one class only. */
export function unaskedAuc(scores: ArrayLike<number>, y: Uint8Array, labels: ArrayLike<number>): number | null {
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (labels[i] === -1) rows.push(i);
  const yu = Uint8Array.from(rows, (i) => y[i]);
  const pos = yu.reduce((a, v) => a + v, 0);
  if (pos === 0 || pos === yu.length) return null;
  return rocAuc(
    Float64Array.from(rows, (i) => scores[i]),
    yu,
  );
}

function unaskedExtras(r: RunResult, ytr: Uint8Array): Partial<BenchRun> {
  return {
    unasked_train_auc: unaskedAuc(r.scores, ytr, r.labels),
    warmup_unasked_train_auc: r.warmup ? unaskedAuc(r.warmup.scores, ytr, r.labels) : null,
    polarized_unasked_train_auc: r.polarized ? unaskedAuc(r.polarized.scores, ytr, r.labels) : null,
  };
}

function imboostExtras(r: RunResult, ytr: Uint8Array, yte: Uint8Array, mode: string): Partial<BenchRun> {
  const w = r.warmup;
  const g = r.guard;
  return {
    warmup_train_auc: w ? rocAuc(w.scores, ytr) : null,
    warmup_test_auc: w?.testScores ? rocAuc(w.testScores, yte) : null,
    polarized_train_auc: r.polarized ? rocAuc(r.polarized.scores, ytr) : null,
    polarized_test_auc: r.polarized?.testScores ? rocAuc(r.polarized.testScores, yte) : null,
    guard: g
      ? {
          mode,
          choice: g.choice,
          would_roll_back: g.wouldRollBack ?? g.choice === 'warmup',
          heldout_polarized_auc: g.polarizedAuc,
          heldout_warmup_auc: g.warmupAuc,
          heldout_outliers: g.outliers,
          heldout_inliers: g.inliers,
          labeled_polarized_auc: g.inSample?.polarized ?? null,
          labeled_warmup_auc: g.inSample?.warmup ?? null,
          answered_warmup_auc: g.warmupRecord?.auc ?? null,
          warmup_wrong: g.warmupRecord?.wrong ?? null,
          ...(process.env.IMLAB_GUARD_TRACE ? { samples: (g as { samples?: unknown }).samples } : {}),
        }
      : null,
  };
}

/** AUC and AP on the training rows and on the test rows (NaN without test rows: the transductive protocol). */
export function rankingFields(
  train: ArrayLike<number>,
  ytr: Uint8Array,
  test: ArrayLike<number> | null,
  yte: Uint8Array | null,
): Pick<BenchRun, 'train_auc' | 'test_auc' | 'train_ap' | 'test_ap'> {
  return {
    train_auc: rocAuc(train, ytr),
    test_auc: test && yte ? rocAuc(test, yte) : NaN,
    train_ap: averagePrecision(train, ytr),
    test_ap: test && yte ? averagePrecision(test, yte) : NaN,
  };
}

/** The protocol's training and test rows for a data seed (X already scaled as the method reads it). */
export function protocolRows(
  X: Matrix,
  y: Uint8Array,
  pollution: number | null,
  seed: number,
  split: SplitMode,
): { Xtr: Matrix; ytr: Uint8Array; Xte: Matrix; yte: Uint8Array } {
  const { Xp, yp, train, test } = selectRows(X, y, pollution, seed, split);
  return { Xtr: takeRows(Xp, train), ytr: takeLabels(yp, train), Xte: takeRows(Xp, test), yte: takeLabels(yp, test) };
}

/** Pollution subsampling and the 70/30 split; 'reference' does both as the authors' code does. */
export function selectRows(
  X: Matrix,
  y: Uint8Array,
  pollution: number | null,
  seed: number,
  split: SplitMode,
): { Xp: Matrix; yp: Uint8Array } & RowSplit {
  if (split === 'reference') return { Xp: X, yp: y, ...referenceSplit(y, pollution, seed) };
  const kept = pollution != null ? pollutionSubsample(y, pollution, seed) : Int32Array.from(y, (_, i) => i);
  const yp = takeLabels(y, kept);
  return { Xp: takeRows(X, kept), yp, ...splitRows(yp, 0.7, seed, split) };
}

/**
 * The published protocol's settings under the caller's: 1% of the rows a round with no cap (the app caps a round at
 * imboost.budgetCap; --set imboost.budgetCap=32 measures that) and no early questions (the app asks 8 while the
 * warm-up trains; --set imboost.earlyQuestions=8 measures that: the ground truth answers them and they count in the
 * run's answers). --answers-stage measures the stage beside the run it follows: the run itself then ends without it.
 */
function protocolOverrides(o: ConfigOverrides, answersStage: boolean): ConfigOverrides {
  const imboost = { budgetCap: null, earlyQuestions: 0, ...o.imboost, ...(answersStage ? { answersStage: 'off' as const } : {}) };
  return { ...o, imboost };
}
