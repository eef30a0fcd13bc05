/** What the caller and a helper thread send each other: plain data only (structured clone). */
import type { EngineConfig } from '../config';
import type { Matrix } from '../data/matrix';

/**
 * Score a slice of rows with the caller's weights, from a given state of the seeded stream. The slice's rows go
 * with the first job naming `key` and stay in the helper (a big table's slice is sent once, not every epoch).
 */
export interface ScoreJob {
  kind: 'score';
  key: string;
  /** The slice's features, row-major; null when the helper already holds `key`. */
  x: Float32Array | null;
  rows: number;
  cols: number;
  config: EngineConfig;
  /** Parameters then BatchNorm running statistics, in the checkpoint layout (EngineState.state). */
  weights: Float32Array[];
  k: number;
  rngState: number;
}

export interface ScoreResult {
  kind: 'score';
  scores: Float32Array;
  rngState: number;
}

/** Train ODIM's ensemble member `member` (seed config.seed + member) from scratch, without progress events. */
export interface OdimMemberJob {
  kind: 'odimMember';
  X: Matrix;
  Xtest: Matrix | null;
  config: EngineConfig;
  member: number;
}

export interface OdimMemberResult {
  kind: 'odimMember';
  scores: Float32Array;
  testScores: Float32Array | null;
  updates: number;
}

export type HelperJob = ScoreJob | OdimMemberJob;
export type HelperResult = ScoreResult | OdimMemberResult;

/** Caller -> helper. */
export type HelperRequest = { type: 'kernels'; module: unknown } | { type: 'job'; id: number; job: HelperJob };

/** Helper -> caller. */
export type HelperReply = { id: number; ok: true; result: HelperResult } | { id: number; ok: false; error: string };

/** Row slices a helper keeps (the training rows and one other table, e.g. a test split). */
export const SLICES_KEPT = 2;
