/**
 * Everything the engine worker holds between calls, in one object: created once in engine.worker.ts and handed to
 * the calls (apiTable.ts, apiRun.ts, apiScores.ts) and to the run (executeRun.ts), so none of them keeps state of
 * its own and none imports another's.
 */
import type { ColumnEncoding } from '../core/data/featureEncoding';
import type { Matrix } from '../core/data/matrix';
import type { MinMax } from '../core/data/scale';
import { ScoreView } from '../core/scoreView';
import type { RunControl } from '../core/train/control';
import type { LabelBook } from '../core/train/labels';
import type { Answer, QueryRequest } from '../core/train/oracle';
import type { BackendInfo, RunCallbacks, TrainedModel } from './api';
import { createSimdEngine, type SimdEngine } from './computeEngine';
import { typicalReference, type FeatureReference } from './deviations';
import type { LoadedTable } from './intake';
import type { CardSource } from './roundView';

export interface Prepared {
  /** The features, min-max scaled: what the model trains on and the cards' deviations are measured in. */
  scaled: Matrix;
  /** The unscaled features' ranges (the deterministic scorer folds them in). */
  scale: MinMax;
  y: Uint8Array | null;
  featureNames: string[];
  featureSources: number[];
  /** How the columns became features: the deterministic scorer encodes new tables alike. */
  encoding: ColumnEncoding[];
}

export interface OpenRound {
  req: QueryRequest;
  resolve: (a: Answer[]) => void;
  /** What the round's cards' deviations are measured against (computed once, when it opens). */
  ref: FeatureReference;
}

export interface ActiveRun {
  control: RunControl;
  /** The run's training copy of the answers (the page's store and IndexedDB own them; setLabel feeds each one here). */
  book: LabelBook;
  simulated: boolean;
  round: OpenRound | null;
  callbacks: RunCallbacks;
  /** Contrast continued from a finished run: the ranking its clean set is cut from (no warm-up of its own). */
  startScores?: Float32Array | null;
  /** Sends the latest checkpoint held back (a big table's go at most every few seconds). */
  flushCheckpoint?: () => void;
}

export interface WorkerState {
  /** The TF.js backend and compute engine in use (init, and the ladder after a failure mid-run). */
  backend: BackendInfo | null;
  /** The WebAssembly SIMD engine's kernels, compiled once per worker. */
  readonly simd: SimdEngine;
  table: LoadedTable | null;
  prepared: Prepared | null;
  run: ActiveRun | null;
  /** The scores of the run's latest scored epoch: a round's cards are measured against the rows they deem typical. */
  latestScores: Float32Array | null;
  /** The last run's final scores (null while one trains). */
  finalScores: Float32Array | null;
  /** What the score table and histogram show: the run's latest or final scores, or a restored session's. */
  readonly view: ScoreView;
  /** The model of the last run this worker trained (its config and latest checkpoint's state). */
  trained: TrainedModel | null;
  /** The second table scored with the model, for its export. */
  scored: { table: LoadedTable; scores: Float32Array } | null;
}

export function createWorkerState(): WorkerState {
  return {
    backend: null,
    simd: createSimdEngine(),
    table: null,
    prepared: null,
    run: null,
    latestScores: null,
    finalScores: null,
    view: new ScoreView(),
    trained: null,
    scored: null,
  };
}

/** What a round's cards are read from: the prepared features and the file's own cells. */
export function cardSource(s: WorkerState): CardSource {
  return { scaled: s.prepared!.scaled, source: s.table!.source };
}

/** The reference a round's deviations are measured against: the rows the latest scores deem typical. */
export function referenceFor(s: WorkerState): FeatureReference {
  const p = s.prepared!;
  return typicalReference(p.scaled, s.latestScores ?? new Float32Array(p.scaled.rows), p);
}
