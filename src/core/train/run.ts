import type { EngineConfig } from '../config';
import type { MinMax } from '../data/scale';
import type { Matrix } from '../data/matrix';
import type { Checkpoint } from './checkpoint';
import type { RunControl } from './control';
import type { LabelBook } from './labels';
import type { Oracle, QueryRequest } from './oracle';
import type { ProgressEvent } from './progress';
import type { GuardVerdict, WarmupRecord } from './guard';
import type { RankingView } from '../session';
import type { ContrastScorer } from '../contrast/score';

export interface RunOptions {
  X: Matrix;
  config: EngineConfig;
  /** Answers the query rounds (IMBoost). Without one, rounds open and close with no answers. */
  oracle?: Oracle;
  /** Ground truth per training row (1 = outlier), for true risks and AUC in the progress events. */
  truth?: ArrayLike<number> | null;
  /** Rows scored by the final model (benchmark test split). */
  Xtest?: Matrix | null;
  /**
   * The features' min-max ranges (X is scaled by them): a label-free ranking that is not scale-free (cosine kNN on
   * wide tables) reads the rows as the file gave them.
   */
  scale?: MinMax | null;
  control?: RunControl;
  labels?: LabelBook;
  onProgress?: (e: ProgressEvent) => void;
  /** Called at epoch boundaries and right after each round's answers. */
  onCheckpoint?: (c: Checkpoint) => void;
  /** Told when a round opens (the app shows its candidates). */
  onQuery?: (q: QueryRequest) => void;
  resume?: Checkpoint | null;
  /** IMBoost resumed: its early questions were on screen when it was left, and are offered again before round 1. */
  earlyOpen?: boolean;
  /** Told the polarization guard's verdict at the end of an IMBoost run. */
  onGuard?: (v: GuardVerdict) => void;
  /** Contrast: the ranking to cut the clean set from instead of its own warm-up (*Continue with contrast*). */
  startScores?: Float32Array | null;
}

export interface RunResult {
  /** Final outlier score of every training row (higher = more outlying). */
  scores: Float32Array;
  testScores: Float32Array | null;
  labels: Int8Array;
  updates: number;
  seconds: number;
  /** IMBoost and contrast: the warm-up's eq. (5) scores at the first round (the guard's fallback; contrast's start). */
  warmup?: { scores: Float32Array; testScores: Float32Array | null } | null;
  /** IMBoost: the polarized model's final scores, also when the guard rolled back (benchmark). */
  polarized?: { scores: Float32Array; testScores: Float32Array | null } | null;
  /** GradStop: the epoch whose scores were kept (0-based), the epochs trained, and whether the early-divergence branch chose it. */
  gradstop?: { keptEpoch: number; epochs: number; initialReturned: boolean } | null;
  /** IMBoost with the answers' stage on: which ranking the scores are, and why. */
  ranking?: RankingView | null;
  /** Contrast: the encoder and clean rows that score a new row as the run's rows were scored (eq. 11). */
  contrast?: ContrastScorer | null;
  /** IMBoost: the guard's verdict (with the guard off, what it would have done). */
  guard?:
    | (GuardVerdict & {
        inSample?: { polarized: number | null; warmup: number | null };
        wouldRollBack?: boolean;
        warmupRecord?: WarmupRecord | null;
      })
    | null;
}
