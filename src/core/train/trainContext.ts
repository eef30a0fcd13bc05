import type { Matrix } from '../data/matrix';
import type { Rng } from '../rng';
import type { GradientProbe } from '../model/iwaeGhost';

/** One update's recipe. Index arrays are rows of the training matrix. */
export interface StepSpec {
  batch: Int32Array;
  k: number;
  /** Trimmed loss: keep l <= scale * q_rho + xi * (labeled inlier loss). */
  trim: { rho: number; scale: number; xi: number } | null;
  inliers: Int32Array | null;
  outliers: Int32Array | null;
  lambda1: number;
  lambda2: number;
  cuboU: number;
  /** Keep the per-sample losses of the batch (ODIM reads them). */
  keepLosses: boolean;
}

/** A value that may still be on a device: read it once (which frees it), or drop it. */
export interface Readback<T> {
  read(): Promise<T>;
  dispose(): void;
}

export interface StepOutput {
  loss: Readback<number>;
  losses: Readback<Float32Array> | null;
}

/** The model's whole state in the checkpoint layout, the same on every engine. */
export interface EngineState {
  /** Parameters in paramSpecs order, then per BatchNorm layer its running mean and variance. */
  state: Float32Array[];
  /** Adam's moments, one array per parameter. */
  adamM: Float32Array[];
  adamV: Float32Array[];
  adamStep: number;
}

export type EngineName = 'wasm' | 'tfjs';

/**
 * The training state every method shares (model, optimizer, seeded RNG, the training rows) and its two
 * hot operations, one update and scoring, behind one contract: the TF.js engine and the WebAssembly
 * SIMD engine implement it alike, and a seed gives the same run on either.
 */
export interface TrainContext {
  readonly engine: EngineName;
  readonly rng: Rng;
  readonly n: number;
  readonly latent: number;
  /** A uniformly random subset (without replacement) of `pool`. */
  sample(pool: Int32Array, size: number): Int32Array;
  /** One optimizer update. */
  step(spec: StepSpec): StepOutput;
  /** Per-row negative IWAE bound (eval mode) of every training row. */
  scoreTrain(k: number): Promise<Float32Array>;
  /** The same for other rows (a test split, a new table). */
  scoreMatrix(m: Matrix, k: number): Promise<Float32Array>;
  /**
   * Per-row gradient norms of the per-row negative IWAE bound on these rows, and summed gradients of row groups
   * (model/iwaeGhost.ts), in eval mode: BatchNorm with its running statistics, so each row's gradient is its own and
   * does not depend on the other probe rows. Draws K noise vectors per row from the seeded stream as scoring does.
   */
  probeGradients(rows: Int32Array, k: number): Promise<GradientProbe>;
  readState(): Promise<EngineState>;
  writeState(s: EngineState): void;
  dispose(): void;
}

/** A uniformly random subset (without replacement) of `pool`, by partial Fisher-Yates on the seeded stream. */
export function sampleRows(rng: Rng, pool: Int32Array, size: number): Int32Array {
  const m = Math.min(size, pool.length);
  const a = Int32Array.from(pool);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.slice(0, m);
}

/**
 * An update without labels (warm-up, ALTBI, ODIM, benchmarks): the batch's plain or trimmed loss. `trimRho` keeps
 * losses up to that quantile (scale 1, no inlier offset).
 */
export function unlabeledStep(batch: Int32Array, k: number, trimRho: number | null = null, keepLosses = false): StepSpec {
  const trim = trimRho === null ? null : { rho: trimRho, scale: 1, xi: 0 };
  return { batch, k, trim, inliers: null, outliers: null, lambda1: 0, lambda2: 0, cuboU: 2, keepLosses };
}

/** A value already in JavaScript. */
export function ready<T>(value: T): Readback<T> {
  return { read: () => Promise.resolve(value), dispose: () => {} };
}
