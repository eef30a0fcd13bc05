import * as tf from '../tf';
import type { EngineConfig } from '../config';
import type { Matrix } from '../data/matrix';
import { architectureFor } from '../model/architecture';
import { Adam } from '../model/adam';
import { cubo, negIwaeBound } from '../model/bounds';
import { disposeStats, Iwae, newBatchStats, type BatchStats } from '../model/iwae';
import { logWeightsWithGradient, probePass } from '../model/iwaeBackward';
import { ghostProbeFromTape, iwaeLinearGrads, type GradientProbe } from '../model/iwaeGhost';
import { stopGradient, trimMask, trimmedMean } from '../model/trim';
import { Rng } from '../rng';
import { sampleRows, type EngineState, type Readback, type StepOutput, type StepSpec, type TrainContext } from './trainContext';

/** The TF.js engine: the model as TF.js variables on the current backend (the reference; the GPU path). */
export class TfTrainContext implements TrainContext {
  readonly engine = 'tfjs' as const;
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

  sample(pool: Int32Array, size: number): Int32Array {
    return sampleRows(this.rng, pool, size);
  }

  /** One optimizer update. Returns the loss (and optionally per-sample losses) without reading them back. */
  step(spec: StepSpec): StepOutput {
    const stats = newBatchStats();
    const kept: { t: tf.Tensor1D | null } = { t: null };
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(this.lossOf(spec, stats, kept), this.model.params);
      this.adam.apply(this.model.params.map((p) => grads[p.name]));
      return value;
    });
    this.model.updateRunningStats(stats);
    const losses = kept.t;
    return { loss: tensorReadback(loss, (v) => v[0]), losses: losses ? tensorReadback(losses, (v) => Float32Array.from(v)) : null };
  }

  /** The loss of one update and its autodiff gradient per parameter, not applied (the WASM engine's tests compare). */
  async lossAndGradients(spec: StepSpec): Promise<{ loss: number; grads: Float32Array[] }> {
    const stats = newBatchStats();
    const { value, grads } = tf.tidy(() => {
      const r = tf.variableGrads(this.lossOf(spec, stats, { t: null }), this.model.params);
      return { value: r.value, grads: this.model.params.map((p) => r.grads[p.name]) };
    });
    disposeStats(stats);
    const out = { loss: (await value.data())[0], grads: await Promise.all(grads.map(async (g) => Float32Array.from(await g.data()))) };
    value.dispose();
    grads.forEach((g) => g.dispose());
    return out;
  }

  /** Loss (3) of one update as a function for variableGrads; draws the update's noise now. */
  private lossOf(spec: StepSpec, stats: BatchStats, kept: { t: tf.Tensor1D | null }): () => tf.Scalar {
    const xb = tf.gather(this.x, tf.tensor1d(spec.batch, 'int32')) as tf.Tensor2D;
    const eps = this.noise(spec.k, spec.batch.length);
    const epsI = spec.inliers?.length ? this.noise(spec.k, spec.inliers.length) : null;
    const epsO = spec.outliers?.length ? this.noise(spec.k, spec.outliers.length) : null;
    const xi = spec.inliers?.length ? (tf.gather(this.x, tf.tensor1d(spec.inliers, 'int32')) as tf.Tensor2D) : null;
    const xo = spec.outliers?.length ? (tf.gather(this.x, tf.tensor1d(spec.outliers, 'int32')) as tf.Tensor2D) : null;
    return () => {
      const l = negIwaeBound(logWeightsWithGradient(this.model, xb, eps, 'train', stats));
      if (spec.keepLosses) kept.t = tf.keep(stopGradient(l));
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
    };
  }

  scoreTrain(k: number): Promise<Float32Array> {
    return this.score(this.x, k);
  }

  async scoreMatrix(m: Matrix, k: number): Promise<Float32Array> {
    const x = tf.tensor2d(m.data, [m.rows, m.cols]);
    try {
      return await this.score(x, k);
    } finally {
      x.dispose();
    }
  }

  async probeGradients(rows: Int32Array, k: number): Promise<GradientProbe> {
    const eps = this.noise(k, rows.length);
    const nEnc = this.model.arch.hidden.length;
    const nBlocks = 2 * nEnc;
    const kept = tf.tidy(() => {
      const rec = probePass(this.model, tf.gather(this.x, tf.tensor1d(rows, 'int32')) as tf.Tensor2D, eps);
      const order = [...Array.from({ length: nBlocks }, (_, i) => i), nBlocks, nBlocks + 2];
      return order.flatMap((i) => [rec.get(i)!.input, rec.get(i)!.dOut]);
    });
    eps.dispose();
    const data = await Promise.all(kept.map(async (t) => (await t.data()) as Float32Array));
    const widths = kept.map((t) => t.shape[1]!);
    kept.forEach((t) => t.dispose());
    const { hidden, latent, inputDim } = this.model.arch;
    const blocks = Array.from({ length: nBlocks }, (_, i) => ({
      input: data[2 * i],
      dOut: data[2 * i + 1],
      inW: widths[2 * i],
      outW: widths[2 * i + 1],
    }));
    const tape = {
      blocks,
      encTop: data[2 * nBlocks],
      dEncOut: data[2 * nBlocks + 1],
      decTop: data[2 * nBlocks + 2],
      dDecOut: data[2 * nBlocks + 3],
    };
    const dims = { nEnc, d: inputDim, latent, hLast: hidden[hidden.length - 1], hFirst: hidden[0], k };
    return ghostProbeFromTape(iwaeLinearGrads(tape, dims), rows.length);
  }

  async readState(): Promise<EngineState> {
    const state = await Promise.all(this.model.stateVariables().map(async (v) => Float32Array.from(await v.data())));
    const moments = await this.adam.readMoments();
    return { state, adamM: moments.m, adamV: moments.v, adamStep: this.adam.step };
  }

  writeState(s: EngineState): void {
    const vs = this.model.stateVariables();
    if (vs.length !== s.state.length) throw new Error('checkpoint does not match the model');
    vs.forEach((v, i) => {
      if (s.state[i].length !== v.size) throw new Error('checkpoint does not match the model');
      tf.tidy(() => v.assign(tf.tensor(s.state[i], v.shape)));
    });
    this.adam.writeMoments(s.adamM, s.adamV);
    this.adam.step = s.adamStep;
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

function tensorReadback<T>(t: tf.Tensor, map: (v: Float32Array) => T): Readback<T> {
  return {
    read: async () => {
      const v = map((await t.data()) as Float32Array);
      t.dispose();
      return v;
    },
    dispose: () => t.dispose(),
  };
}
