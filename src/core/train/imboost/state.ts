/** IMBoost's run state: one object every phase reads and writes, built once per run (or from a checkpoint). */
import type { ImboostConfig } from '../../config';
import type { OtherRanking } from '../../answers/stack';
import type { RankingView } from '../../session';
import { captureCheckpoint, checkpointOf, restoreCheckpoint, type Checkpoint, type ImboostCheckpoint } from '../checkpoint';
import { createTrainContext } from '../context';
import { DEFAULT_GUARD_OPTIONS, PolarizationGuard, isWideTable } from '../guard';
import { LabelBook } from '../labels';
import type { QueryRequest } from '../oracle';
import type { RunOptions } from '../run';
import { ensembleEpochs, queryEpochs, roundBudget } from '../schedule';
import { LiveTrace } from '../trace';
import type { TrainContext } from '../trainContext';
import { WarmupGradStop } from '../warmupStop';

/** The warm-up's eq. (5) scores (and model) at the first round: the guard's fallback. */
export interface WarmupSnapshot {
  scores: Float32Array;
  testScores: Float32Array | null;
  /** Null after a resume: the warm-up's model is not in the checkpoint, a resumed roll-back restores its scores only. */
  checkpoint: Checkpoint | null;
}

/**
 * The schedule the epochs follow. GradStop's rule may end the warm-up early: the rest (rounds, batch sizes) then
 * runs as if the warm-up had been the kept epochs, `shift` actual epochs later (the ones trained past the kept
 * model and undone).
 */
export interface Schedule {
  sched: ImboostConfig;
  shift: number;
  totalEpochs: number;
  /** Epochs after which a round opens. */
  rounds: number[];
  /** The first epoch whose scores enter the eq. (5) window. */
  firstScoredEpoch: number;
}

/** The label book's rows by label, re-read only when the book changes. */
export interface Pools {
  version: number;
  unlabeled: Int32Array;
  inliers: Int32Array;
  outliers: Int32Array;
}

export interface ImboostRun {
  readonly opts: RunOptions;
  readonly c: ImboostConfig;
  readonly t0: number;
  readonly ctx: TrainContext;
  readonly book: LabelBook;
  /** Epochs in the eq. (5) window. */
  readonly keep: number;
  readonly budget: number;
  readonly scoreK: number;
  /** Adaptive: only wide tables get the warm-up's share of the questions and a possible roll-back. */
  readonly wide: boolean;
  readonly warmupQuestions: boolean;
  readonly stop: WarmupGradStop | null;
  readonly trace: LiveTrace | null;
  schedule: Schedule;
  /** Query rounds opened so far. */
  round: number;
  startEpoch: number;
  updates: number;
  /** The eq. (5) window of training-row scores. */
  history: Float32Array[];
  /** Test-row scores of the warm-up's window (benchmark) and of the final average. */
  warmTestHistory: Float32Array[];
  testHistory: Float32Array[];
  warmup: WarmupSnapshot | null;
  guard: PolarizationGuard | null;
  /**
   * Adaptive guard: set when the answers show the warm-up ranking is wrong; the rounds then push harder (larger
   * lambdas, no questions from the warm-up's boundary). A function of the labels: a resume recomputes it.
   */
  pushing: boolean;
  pools: Pools;
  lastScores: Float32Array | null;
  /**
   * The ranking the answers so far choose, with the table's learning curve (a point after each round's answers,
   * curve.ts): kept in the checkpoint, and carried by every later progress event (the host thins them).
   */
  ranking: RankingView | null;
  /** The ranking that stands while the answers hold no outlier (prior.ts): computed once, not checkpointed. */
  labelFree: OtherRanking | null;
  /** The label-free ranking was shown at Start: the view keeps it until the answers' choice moves off it. */
  showLabelFree: boolean;
}

/** The run's context, schedule and state; from the checkpoint when resuming. */
export function createRun(opts: RunOptions): ImboostRun {
  const { X, config: cfg } = opts;
  const c = cfg.imboost;
  const t0 = performance.now();
  const ctx = createTrainContext(X, cfg, cfg.seed);
  const stop =
    c.warmupStop === 'gradstop'
      ? new WarmupGradStop(ctx, cfg.gradstop, c.k, c.warmupEpochs, checkpointOf(opts.resume, 'imboost')?.warmupStop ?? null)
      : null;
  const wide = isWideTable(X.rows, X.cols);
  const run: ImboostRun = {
    opts,
    c,
    t0,
    ctx,
    book: opts.labels ?? new LabelBook(X.rows),
    keep: ensembleEpochs(c),
    budget: roundBudget(X.rows, c.budget, c.budgetCap),
    scoreK: c.scoreK ?? c.k,
    wide,
    warmupQuestions: c.guard === 'on' || (c.guard === 'adaptive' && wide),
    stop,
    trace: cfg.traceEveryEpoch ? new LiveTrace(X, opts.truth ?? null, cfg.seed, cfg.traceRows) : null,
    schedule: { sched: c, shift: 0, totalEpochs: 0, rounds: [], firstScoredEpoch: 0 },
    round: 0,
    startEpoch: 0,
    updates: 0,
    history: [],
    warmTestHistory: [],
    testHistory: [],
    warmup: null,
    guard: null,
    pushing: false,
    pools: { version: -1, unlabeled: new Int32Array(0), inliers: new Int32Array(0), outliers: new Int32Array(0) },
    lastScores: null,
    ranking: null,
    labelFree: null,
    showLabelFree: false,
  };
  reschedule(run);
  const own = checkpointOf(opts.resume, 'imboost');
  if (own) resumeRun(run, own);
  run.updates = run.startEpoch * c.updatesPerEpoch;
  return run;
}

/** The schedule from the warm-up's (possibly early) end. */
export function reschedule(run: ImboostRun): void {
  const { c, stop, keep } = run;
  const sched = stop ? { ...c, warmupEpochs: stop.warmupEpochs(c.warmupEpochs) } : c;
  const shift = stop?.shift ?? 0;
  const totalEpochs = sched.warmupEpochs + c.polarizationEpochs + shift;
  const rounds = queryEpochs(sched).map((e) => e + shift);
  run.schedule = { sched, shift, totalEpochs, rounds, firstScoredEpoch: rounds.length ? rounds[0] - keep + 1 : totalEpochs - 1 };
}

function resumeRun(run: ImboostRun, cp: ImboostCheckpoint): void {
  restoreCheckpoint(run.ctx, cp);
  run.startEpoch = cp.nextEpoch;
  run.round = cp.round;
  run.history = cp.history.map((h) => Float32Array.from(h));
  run.ranking = cp.ranking ?? null;
  if (cp.guard) {
    run.guard = PolarizationGuard.fromState(cp.guard);
    run.warmup = { scores: Float32Array.from(cp.guard.warmup), testScores: null, checkpoint: null };
  }
  updatePush(run);
  // Labels the caller passes (the app's own record, saved as each answer is given) win over the
  // checkpoint's, which may predate the latest answers.
  if (!run.opts.labels) cp.labels.forEach((v, i) => run.book.set(i, v as -1 | 0 | 1));
}

export function updatePush(run: ImboostRun): void {
  run.pushing = run.c.guard === 'adaptive' && run.guard != null && run.guard.warmupRecord(run.book.values).wrong;
}

/** The loss weights of the labeled rows: pushed harder once the answers show the warm-up wrong. */
export function lambdas(run: ImboostRun): { lambda1: number; lambda2: number } {
  const f = run.pushing ? DEFAULT_GUARD_OPTIONS.push : 1;
  return { lambda1: run.c.lambda1 * f, lambda2: run.c.lambda2 * f };
}

/** Tells the host where a resumed run would start: `openRound` set while a round waits for its answers. */
export async function saveCheckpoint(run: ImboostRun, nextEpoch: number, openRound: QueryRequest | null): Promise<void> {
  if (!run.opts.onCheckpoint) return;
  run.opts.onCheckpoint(
    await captureCheckpoint(run.ctx, {
      method: 'imboost',
      nextEpoch,
      round: run.round,
      labels: run.book.values,
      history: run.history,
      openRound,
      updates: run.updates,
      guard: run.guard?.state() ?? null,
      warmupStop: run.stop?.state() ?? null,
      ranking: run.ranking,
    }),
  );
}

export function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
