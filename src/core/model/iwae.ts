import * as tf from '../tf';
import type { ModelConfig } from '../config';
import type { Rng } from '../rng';
import type { Architecture } from './architecture';
import { batchNormWidths, initialParams, paramSpecs } from './init';

/**
 * The reference's Gaussian IWAE. Weights are stored [in, out] so the hot path is a plain matMul
 * (transpose flags are slow on tfjs-wasm). Blocks: Linear without bias -> BatchNorm without affine -> LeakyReLU.
 */
export type Mode = 'train' | 'eval';

interface BatchNormState {
  mean: tf.Variable;
  variance: tf.Variable;
}

/** Batch statistics a train-mode forward pass produced, to fold into the running statistics. */
export interface BatchStats {
  /** Per layer: [groups, width] means and (biased) variances over `count` rows each. */
  moments: { mean: tf.Tensor2D; variance: tf.Tensor2D; count: number }[];
}

export class Iwae {
  readonly arch: Architecture;
  readonly cfg: ModelConfig;
  /** Trainable parameters, in a stable order (checkpoints rely on it). */
  readonly params: tf.Variable[];
  readonly bn: BatchNormState[];
  private readonly enc: tf.Variable[];
  private readonly dec: tf.Variable[];
  private readonly encHead: tf.Variable;
  private readonly encLogvarBias: tf.Variable;
  private readonly decHead: tf.Variable;
  private readonly decLogvarBias: tf.Variable;

  constructor(arch: Architecture, cfg: ModelConfig, rng: Rng) {
    this.arch = arch;
    this.cfg = cfg;
    const { hidden } = arch;
    // tf.variable shares the initial tensor's data; tidy disposes the initial tensors themselves.
    const variable = (t: () => tf.Tensor, trainable = true) => tf.tidy(() => tf.variable(t(), trainable));
    const specs = paramSpecs(arch);
    const init = initialParams(arch, rng);
    const params = specs.map((s, i) => variable(() => tf.tensor(init[i], s.shape)));
    const nEnc = hidden.length;
    this.enc = params.slice(0, nEnc);
    this.dec = params.slice(nEnc, 2 * nEnc);
    // Mean and log-variance heads share one matMul; only the log-variance half has a bias.
    [this.encHead, this.encLogvarBias, this.decHead, this.decLogvarBias] = params.slice(2 * nEnc);
    this.params = params;
    this.bn = batchNormWidths(arch).map((w) => ({
      mean: variable(() => tf.zeros([w]), false),
      variance: variable(() => tf.ones([w]), false),
    }));
  }

  /**
   * log importance weights, shape [K, B], for rows x [B, d] and standard-normal noise eps [K, B, latent].
   * log w = log p(x|z) + log p(z) - log q(z|x), without 2*pi constants and with the reference's -logvar term.
   * With a tape, the pass also records what the hand-written backward pass needs (iwaeBackward.ts).
   */
  logWeights(x: tf.Tensor2D, eps: tf.Tensor3D, mode: Mode, stats?: BatchStats, tape?: ForwardTape): tf.Tensor2D {
    const [k, b, l] = eps.shape;
    const d = this.arch.inputDim;
    const { logvarMin, logvarMax } = this.cfg;
    let h: tf.Tensor2D = x;
    let bnIndex = 0;
    for (const w of this.enc) h = this.block(h, w, bnIndex++, mode, stats, 1, tape);
    const encOut = tf.matMul(h, this.encHead);
    const muQ = tf.slice(encOut, [0, 0], [b, l]);
    const lvQRaw = tf.add(tf.slice(encOut, [0, l], [b, l]), this.encLogvarBias);
    const lvQ = tf.clipByValue(lvQRaw, logvarMin, logvarMax);
    const sigmaQ = tf.exp(tf.mul(lvQ, 0.5));
    const z = tf.add(muQ, tf.mul(eps, sigmaQ)) as tf.Tensor3D; // [K, B, L]
    let g: tf.Tensor2D = tf.reshape(z, [k * b, l]);
    const groups = this.cfg.decoderBn === 'per-sample' ? k : 1;
    for (const w of this.dec) g = this.block(g, w, bnIndex++, mode, stats, groups, tape);
    const decOut = tf.matMul(g, this.decHead);
    const muX = tf.sigmoid(tf.slice(decOut, [0, 0], [k * b, d]));
    const lvXRaw = tf.add(tf.slice(decOut, [0, d], [k * b, d]), this.decLogvarBias);
    const lvX = tf.clipByValue(lvXRaw, logvarMin, logvarMax);
    const diff = tf.sub(tf.reshape(muX, [k, b, d]), x);
    const lvX3 = tf.reshape(lvX, [k, b, d]);
    const expNegLvX = tf.exp(tf.neg(lvX3));
    // log p(x|z) = sum_d [-logvar - (x - mu)^2 / (2 exp(logvar))]
    const logPx = tf.sum(tf.neg(tf.add(lvX3, tf.mul(tf.square(diff), tf.mul(expNegLvX, 0.5)))), 2);
    // log p(z) - log q(z|x): since z - mu = eps * sigma, the quadratic term of q is eps^2 / 2.
    const logPz = tf.mul(tf.sum(tf.square(z), 2), -0.5);
    const logQz = tf.sub(tf.mul(tf.sum(lvQ, 1), -0.5), tf.mul(tf.sum(tf.square(eps), 2), 0.5));
    if (tape) {
      // A clipped entry passes no gradient; clipByValue's own gradient keeps the bounds inclusive, as equality does.
      const inRange = (clipped: tf.Tensor, raw: tf.Tensor) => tf.cast(tf.equal(clipped, raw), 'float32');
      Object.assign(tape, {
        encTop: h,
        lvQMask: inRange(lvQ, lvQRaw),
        sigmaQ,
        z,
        decTop: g,
        muX,
        diff,
        expNegLvX,
        lvXMask: inRange(lvX, lvXRaw),
      });
    }
    return tf.sub(tf.add(logPx, logPz), logQz) as tf.Tensor2D;
  }

  /**
   * Linear -> BatchNorm -> LeakyReLU. `groups` > 1 splits the rows into that many equal consecutive
   * groups with their own batch statistics (model.decoderBn 'per-sample': the reference runs its decoder
   * once per importance sample, so each sample's batch is normalised on its own and is one running-stats update).
   */
  private block(
    h: tf.Tensor2D,
    w: tf.Variable,
    bnIndex: number,
    mode: Mode,
    stats?: BatchStats,
    groups = 1,
    tape?: ForwardTape,
  ): tf.Tensor2D {
    const a = tf.matMul(h, w as tf.Tensor2D);
    const [rows, width] = a.shape;
    const perGroup = rows / groups;
    let normed: tf.Tensor2D;
    let invStd: tf.Tensor;
    // Batch statistics are undefined for fewer than 2 rows: fall back to the running ones.
    const batchStats = mode === 'train' && perGroup >= 2;
    if (batchStats) {
      const a3 = tf.reshape(a, [groups, perGroup, width]);
      const { mean, variance } = tf.moments(a3, 1, true);
      if (stats)
        stats.moments[bnIndex] = {
          mean: tf.keep(tf.reshape(mean, [groups, width])),
          variance: tf.keep(tf.reshape(variance, [groups, width])),
          count: perGroup,
        };
      invStd = tf.rsqrt(tf.add(variance, this.cfg.bnEps));
      normed = tf.reshape(tf.mul(tf.sub(a3, mean), invStd), [rows, width]);
    } else {
      const s = this.bn[bnIndex];
      invStd = tf.rsqrt(tf.add(s.variance, this.cfg.bnEps));
      normed = tf.mul(tf.sub(a, s.mean), invStd);
    }
    tape?.blocks.push({ input: h, normed, invStd, groups: batchStats ? groups : 0 });
    return tf.leakyRelu(normed, this.cfg.leakySlope);
  }

  /**
   * Folds one train-mode pass's batch statistics into the running ones (PyTorch: unbiased variance),
   * one momentum update per normalised group, in order.
   */
  updateRunningStats(stats: BatchStats): void {
    const m = this.cfg.bnMomentum;
    tf.tidy(() => {
      stats.moments.forEach((s, i) => {
        if (!s) return;
        const bn = this.bn[i];
        const unbiased = tf.mul(s.variance, s.count / Math.max(1, s.count - 1));
        // G sequential updates x <- (1 - m) x + m s_g, in closed form: (1 - m)^G x + sum_g m (1 - m)^(G-1-g) s_g.
        const groups = s.mean.shape[0];
        const w = tf.tensor2d(
          Array.from({ length: groups }, (_, g) => m * (1 - m) ** (groups - 1 - g)),
          [groups, 1],
        );
        const decay = (1 - m) ** groups;
        const mean = tf.add(tf.mul(bn.mean, decay), tf.sum(tf.mul(s.mean, w), 0));
        const variance = tf.add(tf.mul(bn.variance, decay), tf.sum(tf.mul(unbiased, w), 0));
        bn.mean.assign(mean);
        bn.variance.assign(variance);
      });
    });
    disposeStats(stats);
  }

  /** The parameters by role (the hand-written backward pass reads them). */
  weights() {
    return {
      enc: this.enc,
      dec: this.dec,
      encHead: this.encHead,
      encLogvarBias: this.encLogvarBias,
      decHead: this.decHead,
      decLogvarBias: this.decLogvarBias,
    };
  }

  /** Every state tensor (parameters then running statistics), for checkpoints. */
  stateVariables(): tf.Variable[] {
    return [...this.params, ...this.bn.flatMap((s) => [s.mean, s.variance])];
  }

  dispose(): void {
    for (const v of this.stateVariables()) v.dispose();
  }
}

/**
 * What a forward pass recorded for the hand-written backward pass: per block its input, normalised
 * pre-activation and 1/std (groups = how many groups had batch statistics, 0 = running statistics),
 * then the tensors of the heads and of the bound.
 */
export interface ForwardTape {
  blocks: { input: tf.Tensor2D; normed: tf.Tensor2D; invStd: tf.Tensor; groups: number }[];
  encTop?: tf.Tensor2D;
  lvQMask?: tf.Tensor;
  sigmaQ?: tf.Tensor;
  z?: tf.Tensor3D;
  decTop?: tf.Tensor2D;
  muX?: tf.Tensor;
  diff?: tf.Tensor;
  expNegLvX?: tf.Tensor;
  lvXMask?: tf.Tensor;
}

export function newBatchStats(): BatchStats {
  return { moments: [] };
}

export function disposeStats(stats: BatchStats): void {
  for (const s of stats.moments) {
    if (!s) continue;
    s.mean.dispose();
    s.variance.dispose();
  }
  stats.moments.length = 0;
}
