import * as tf from '../tf';
import type { EngineConfig } from '../config';
import type { Matrix } from '../data/matrix';
import { architectureFor } from '../model/architecture';
import { Adam } from '../model/adam';
import { cubo, negIwaeBound } from '../model/bounds';
import { Iwae, newBatchStats } from '../model/iwae';
import { logWeightsWithGradient } from '../model/iwaeBackward';
import { stopGradient, trimMask, trimmedMean } from '../model/trim';
import { Rng } from '../rng';

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

export interface StepOutput {
  loss: tf.Scalar;
  losses: tf.Tensor1D | null;
}

/**
 * The training state shared by every method: model, optimizer, RNG, the rows on device,
 * and the two hot operations (one update, scoring every row).
 */
export class TrainContext {
  readonly model: Iwae;
  readonly adam: Adam;
  readonly rng: Rng;
  readonly x: tf.Tensor2D;
  readonly n: number;
  readonly latent: number;
  private readonly cfg: EngineConfig;

  constructor(X: Matrix, cfg: EngineConfig, seed: number) {
    this.cfg = cfg;
    this.rng = new Rng(seed);
    const arch = architectureFor(X.cols, cfg.model.hidden, cfg.model.latent);
    this.latent = arch.latent;
    this.model = new Iwae(arch, cfg.model, this.rng);
    this.adam = new Adam(this.model.params, cfg.optim);
    this.x = tf.tensor2d(X.data, [X.rows, X.cols]);
    this.n = X.rows;
  }

  /** Standard-normal noise [K, B, latent] from the seeded RNG (same stream on every backend). */
  noise(k: number, b: number): tf.Tensor3D {
    const v = new Float32Array(k * b * this.latent);
    for (let i = 0; i < v.length; i++) v[i] = this.rng.normal();
    return tf.tensor3d(v, [k, b, this.latent]);
  }

  /** A uniformly random subset (without replacement) of `pool`, by partial Fisher-Yates. */
  sample(pool: Int32Array, size: number): Int32Array {
    const m = Math.min(size, pool.length);
    const a = Int32Array.from(pool);
    for (let i = 0; i < m; i++) {
      const j = i + this.rng.int(a.length - i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a.slice(0, m);
  }

  /** One optimizer update. Returns the loss (and optionally per-sample losses) without reading them back. */
  step(spec: StepSpec): StepOutput {
    const stats = newBatchStats();
    let kept: tf.Tensor1D | null = null;
    const loss = tf.tidy(() => {
      const xb = tf.gather(this.x, tf.tensor1d(spec.batch, 'int32')) as tf.Tensor2D;
      const eps = this.noise(spec.k, spec.batch.length);
      const epsI = spec.inliers?.length ? this.noise(spec.k, spec.inliers.length) : null;
      const epsO = spec.outliers?.length ? this.noise(spec.k, spec.outliers.length) : null;
      const xi = spec.inliers?.length ? (tf.gather(this.x, tf.tensor1d(spec.inliers, 'int32')) as tf.Tensor2D) : null;
      const xo = spec.outliers?.length ? (tf.gather(this.x, tf.tensor1d(spec.outliers, 'int32')) as tf.Tensor2D) : null;
      const { value, grads } = tf.variableGrads(() => {
        const l = negIwaeBound(logWeightsWithGradient(this.model, xb, eps, 'train', stats));
        if (spec.keepLosses) kept = tf.keep(stopGradient(l));
        // Labeled terms use the running BatchNorm statistics (the reference's eval mode), with gradients.
        const inlierLoss = xi && epsI ? tf.mean(negIwaeBound(logWeightsWithGradient(this.model, xi, epsI, 'eval'))) : null;
        let loss: tf.Scalar;
        if (spec.trim) {
          const offset = inlierLoss ? tf.mul(inlierLoss, spec.trim.xi) : tf.scalar(0);
          loss = trimmedMean(l, trimMask(l, offset as tf.Scalar, spec.trim.rho, spec.trim.scale));
        } else {
          loss = tf.mean(l);
        }
        if (inlierLoss && spec.lambda1 !== 0) loss = tf.add(loss, tf.mul(inlierLoss, spec.lambda1));
        if (xo && epsO && spec.lambda2 !== 0) {
          const c = tf.mean(cubo(logWeightsWithGradient(this.model, xo, epsO, 'eval'), spec.cuboU));
          loss = tf.add(loss, tf.mul(c, spec.lambda2));
        }
        return loss;
      }, this.model.params);
      this.adam.apply(this.model.params.map((p) => grads[p.name]));
      return value;
    });
    this.model.updateRunningStats(stats);
    return { loss, losses: kept };
  }

  /** Per-sample negative IWAE bound of every row of x (eval mode), in chunks. */
  async score(x: tf.Tensor2D, k: number): Promise<Float32Array> {
    const rows = x.shape[0];
    const chunk = Math.max(1, Math.floor(this.cfg.scoreChunk / Math.max(1, k / 2)));
    const parts: tf.Tensor1D[] = [];
    for (let start = 0; start < rows; start += chunk) {
      const size = Math.min(chunk, rows - start);
      parts.push(
        tf.tidy(() => {
          const xb = tf.slice(x, [start, 0], [size, x.shape[1]]);
          return negIwaeBound(this.model.logWeights(xb, this.noise(k, size), 'eval'));
        }),
      );
    }
    const all = parts.length === 1 ? parts[0] : tf.concat(parts);
    const data = (await all.data()) as Float32Array;
    if (all !== parts[0]) all.dispose();
    for (const p of parts) p.dispose();
    return data;
  }

  dispose(): void {
    this.model.dispose();
    this.adam.dispose();
    this.x.dispose();
  }
}
