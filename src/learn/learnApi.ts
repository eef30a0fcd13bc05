/** The contract between Learn mode's page and its worker (exposed with comlink). */
import type { ComputeEngine, Method } from '../core/config';
import type { QueryRequest } from '../core/train/oracle';
import type { ProgressEvent } from '../core/train/progress';

export interface LearnRunRequest {
  /** Row-major (x, y) pairs, already scaled to [0, 1]. */
  points: Float32Array;
  truth: Uint8Array;
  rows: number;
  method: Method;
  seed: number;
  /** Pause after every epoch, in ms (the speed control). */
  delayMs: number;
  /** Start paused after the first epoch (the step button pressed before play). */
  stepOnly: boolean;
  /** The compute engine (default auto: the WASM SIMD engine when it loads); benchmarks compare both. */
  engine?: ComputeEngine;
}

export interface LearnQuery extends QueryRequest {
  /** Update count when the round opened, to place its marker on the traces. */
  update: number;
  /** The oracle's answers, same order as the candidates (1 = outlier). */
  answers: number[];
}

export interface LearnDone {
  /** Every row's final score as the method reports it (ALTBI and ODIM average snapshots). */
  scores: Float32Array;
  auc: number;
  ap: number;
  seconds: number;
  updates: number;
}

export interface LearnCallbacks {
  onProgress(e: ProgressEvent): void;
  onQuery(q: LearnQuery): void;
  onDone(d: LearnDone): void;
  onError(message: string): void;
}

export interface LearnWorkerApi {
  /** Picks the TF.js backend; returns its name. */
  init(): Promise<string>;
  /** Starts a run (ending any current one). */
  start(req: LearnRunRequest, callbacks: LearnCallbacks): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Runs one more epoch, then pauses. */
  step(): Promise<void>;
  setDelay(ms: number): Promise<void>;
  /** Ends the current run, if any. */
  stop(): Promise<void>;
}
