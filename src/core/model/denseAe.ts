import type { Rng } from '../rng';

/**
 * The plain autoencoder of the GradStop authors' code: Linear(d, h) -> BatchNorm -> ReLU -> Dropout -> Linear(h, d),
 * every Linear weight and bias drawn from N(0, initStd), BatchNorm scale 1 and shift 0; the score of a row is its
 * summed squared reconstruction error. Small enough to run as plain TypeScript loops with hand-written backprop,
 * which gives exact per-row gradients (GradStop's probe) without an autodiff engine, on every host alike.
 *
 * Parameters are float32 arrays (as PyTorch keeps them, and as checkpoints store them); sums run in float64.
 * Layout: W1 is d x h row-major (input i, unit k at i * h + k), W2 is h x d.
 */
export interface AeDims {
  d: number;
  h: number;
}

export const AE_PARAM_NAMES = ['W1', 'b1', 'gamma', 'beta', 'W2', 'b2'] as const;

export interface AeOptions {
  dropout: number;
  bnEps: number;
  bnMomentum: number;
}

/** What one train-mode forward pass keeps for the backward passes. */
export interface AeForward {
  /** Batch row indices into the data. */
  rows: Int32Array;
  n: number;
  /** Normalized pre-activations, n x h. */
  xhat: Float64Array;
  /** BatchNorm outputs, n x h (ReLU gate: y > 0). */
  y: Float64Array;
  /** Dropout multipliers (0 or 1 / (1 - p)), n x h. */
  mask: Float64Array;
  /** Hidden activations after dropout, n x h. */
  a: Float64Array;
  /** Reconstruction minus input, n x d. */
  diff: Float64Array;
  /** Per-row summed squared error. */
  s: Float64Array;
  /** sqrt(batch variance + eps), per unit. */
  sigma: Float64Array;
}

export class DenseAe {
  readonly d: number;
  readonly h: number;
  readonly opts: AeOptions;
  /** W1, b1, gamma, beta, W2, b2 (AE_PARAM_NAMES order). */
  readonly params: Float32Array[];
  readonly runMean: Float32Array;
  readonly runVar: Float32Array;

  constructor(dims: AeDims, opts: AeOptions, rng: Rng, initStd: number) {
    const { d, h } = dims;
    this.d = d;
    this.h = h;
    this.opts = opts;
    const normal = (len: number) => Float32Array.from({ length: len }, () => rng.normal() * initStd);
    // Draw order W1, b1, W2, b2 fixes the initialization by seed.
    const W1 = normal(d * h);
    const b1 = normal(h);
    const W2 = normal(h * d);
    const b2 = normal(d);
    this.params = [W1, b1, new Float32Array(h).fill(1), new Float32Array(h), W2, b2];
    this.runMean = new Float32Array(h);
    this.runVar = new Float32Array(h).fill(1);
  }

  /**
   * Train-mode pass over `rows` of X (n x d, row-major): batch statistics, dropout from `rng` (or the given multipliers,
   * n x h, for tests); updates the running statistics.
   */
  forwardTrain(X: Float32Array, rows: Int32Array, rng: Rng, fixedMask?: ArrayLike<number>): AeForward {
    const { d, h } = this;
    const [W1, b1, gamma, beta, W2, b2] = this.params;
    const n = rows.length;
    const z = new Float64Array(n * h);
    for (let r = 0; r < n; r++) {
      const xo = rows[r] * d;
      const zo = r * h;
      for (let k = 0; k < h; k++) z[zo + k] = b1[k];
      for (let i = 0; i < d; i++) {
        const xv = X[xo + i];
        if (xv === 0) continue;
        const wo = i * h;
        for (let k = 0; k < h; k++) z[zo + k] += xv * W1[wo + k];
      }
    }
    const mean = new Float64Array(h);
    const vr = new Float64Array(h);
    for (let r = 0; r < n; r++) for (let k = 0; k < h; k++) mean[k] += z[r * h + k];
    for (let k = 0; k < h; k++) mean[k] /= n;
    for (let r = 0; r < n; r++)
      for (let k = 0; k < h; k++) {
        const t = z[r * h + k] - mean[k];
        vr[k] += t * t;
      }
    const sigma = new Float64Array(h);
    const m = this.opts.bnMomentum;
    for (let k = 0; k < h; k++) {
      const biased = vr[k] / n;
      sigma[k] = Math.sqrt(biased + this.opts.bnEps);
      // PyTorch: the running variance takes the unbiased estimate.
      this.runMean[k] = (1 - m) * this.runMean[k] + m * mean[k];
      this.runVar[k] = (1 - m) * this.runVar[k] + m * (n > 1 ? vr[k] / (n - 1) : biased);
    }
    const xhat = new Float64Array(n * h);
    const y = new Float64Array(n * h);
    const mask = new Float64Array(n * h);
    const a = new Float64Array(n * h);
    const p = this.opts.dropout;
    const keep = 1 / (1 - p);
    for (let r = 0; r < n; r++)
      for (let k = 0; k < h; k++) {
        const j = r * h + k;
        xhat[j] = (z[j] - mean[k]) / sigma[k];
        y[j] = gamma[k] * xhat[j] + beta[k];
        mask[j] = fixedMask ? fixedMask[j] : p > 0 ? (rng.next() < p ? 0 : keep) : 1;
        a[j] = y[j] > 0 ? y[j] * mask[j] : 0;
      }
    const { diff, s } = this.decode(a, n, X, rows, W2, b2);
    return { rows, n, xhat, y, mask, a, diff, s, sigma };
  }

  /** Eval-mode scores (running statistics, no dropout) of every row of X. */
  score(X: Float32Array, rows: number): Float32Array {
    const { d, h } = this;
    const [W1, b1, gamma, beta, W2, b2] = this.params;
    const out = new Float32Array(rows);
    const a = new Float64Array(h);
    const scale = new Float64Array(h);
    const shift = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      scale[k] = gamma[k] / Math.sqrt(this.runVar[k] + this.opts.bnEps);
      shift[k] = beta[k] + (b1[k] - this.runMean[k]) * scale[k];
    }
    for (let r = 0; r < rows; r++) {
      const xo = r * d;
      a.fill(0);
      for (let i = 0; i < d; i++) {
        const xv = X[xo + i];
        if (xv === 0) continue;
        const wo = i * h;
        for (let k = 0; k < h; k++) a[k] += xv * W1[wo + k];
      }
      for (let k = 0; k < h; k++) {
        const v = a[k] * scale[k] + shift[k];
        a[k] = v > 0 ? v : 0;
      }
      let s = 0;
      for (let i = 0; i < d; i++) {
        let o = b2[i];
        for (let k = 0; k < h; k++) o += a[k] * W2[k * d + i];
        const t = o - X[xo + i];
        s += t * t;
      }
      out[r] = s;
    }
    return out;
  }

  /**
   * Gradient of sum_r coef[r] * s[r] for the pass `f` (BatchNorm's batch statistics differentiated through, as
   * autodiff does), in parameter order.
   */
  backward(f: AeForward, X: Float32Array, coef: ArrayLike<number>): Float64Array[] {
    const { d, h } = this;
    const [, , gamma, , W2] = this.params;
    const { n, xhat, y, mask, a, diff, sigma, rows } = f;
    const gW1 = new Float64Array(d * h);
    const gb1 = new Float64Array(h);
    const gGamma = new Float64Array(h);
    const gBeta = new Float64Array(h);
    const gW2 = new Float64Array(h * d);
    const gb2 = new Float64Array(d);
    const dxhat = new Float64Array(n * h);
    const dout = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      const c = 2 * coef[r];
      const ho = r * h;
      for (let i = 0; i < d; i++) {
        dout[i] = c * diff[r * d + i];
        gb2[i] += dout[i];
      }
      for (let k = 0; k < h; k++) {
        const ak = a[ho + k];
        let da = 0;
        for (let i = 0; i < d; i++) {
          if (ak !== 0) gW2[k * d + i] += ak * dout[i];
          da += W2[k * d + i] * dout[i];
        }
        const dy = y[ho + k] > 0 ? da * mask[ho + k] : 0;
        gGamma[k] += dy * xhat[ho + k];
        gBeta[k] += dy;
        dxhat[ho + k] = dy * gamma[k];
      }
    }
    // BatchNorm backward: dz = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / sigma.
    const m1 = new Float64Array(h);
    const m2 = new Float64Array(h);
    for (let r = 0; r < n; r++)
      for (let k = 0; k < h; k++) {
        m1[k] += dxhat[r * h + k];
        m2[k] += dxhat[r * h + k] * xhat[r * h + k];
      }
    for (let k = 0; k < h; k++) {
      m1[k] /= n;
      m2[k] /= n;
    }
    const dz = new Float64Array(h);
    for (let r = 0; r < n; r++) {
      const ho = r * h;
      for (let k = 0; k < h; k++) {
        dz[k] = (dxhat[ho + k] - m1[k] - xhat[ho + k] * m2[k]) / sigma[k];
        gb1[k] += dz[k];
      }
      const xo = rows[r] * d;
      for (let i = 0; i < d; i++) {
        const xv = X[xo + i];
        if (xv === 0) continue;
        const wo = i * h;
        for (let k = 0; k < h; k++) gW1[wo + k] += xv * dz[k];
      }
    }
    return [gW1, gb1, gGamma, gBeta, gW2, gb2];
  }

  private decode(a: Float64Array, n: number, X: Float32Array, rows: Int32Array, W2: Float32Array, b2: Float32Array) {
    const { d, h } = this;
    const diff = new Float64Array(n * d);
    const s = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const o = r * d;
      for (let i = 0; i < d; i++) diff[o + i] = b2[i];
      for (let k = 0; k < h; k++) {
        const ak = a[r * h + k];
        if (ak === 0) continue;
        const wo = k * d;
        for (let i = 0; i < d; i++) diff[o + i] += ak * W2[wo + i];
      }
      const xo = rows[r] * d;
      let acc = 0;
      for (let i = 0; i < d; i++) {
        diff[o + i] -= X[xo + i];
        acc += diff[o + i] * diff[o + i];
      }
      s[r] = acc;
    }
    return { diff, s };
  }
}

/** PyTorch's Adam (no weight decay, as the GradStop code), moments per parameter in float32. */
export class AeAdam {
  step = 0;
  readonly m: Float32Array[];
  readonly v: Float32Array[];
  constructor(
    params: Float32Array[],
    private readonly cfg: { lr: number; beta1: number; beta2: number; eps: number },
  ) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  apply(params: Float32Array[], grads: Float64Array[]): void {
    const { lr, beta1, beta2, eps } = this.cfg;
    this.step++;
    const c1 = 1 - beta1 ** this.step;
    const c2 = Math.sqrt(1 - beta2 ** this.step);
    params.forEach((p, j) => {
      const g = grads[j];
      const m = this.m[j];
      const v = this.v[j];
      for (let i = 0; i < p.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        p[i] -= (lr / c1) * (m[i] / (Math.sqrt(v[i]) / c2 + eps));
      }
    });
  }
}

/** Column means and standard deviations (population, as sklearn's StandardScaler) of a row-major table. */
export function fitStandard(X: Float32Array, rows: number, cols: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(cols);
  const sd = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += X[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) sd[c] += (X[r * cols + c] - mean[c]) ** 2;
  for (let c = 0; c < cols; c++) sd[c] = Math.sqrt(sd[c] / rows);
  return { mean, sd };
}

/** Standardizes with fitted statistics (a constant column becomes 0), as the GradStop code does before training. */
export function applyStandard(X: Float32Array, cols: number, st: { mean: Float64Array; sd: Float64Array }): Float32Array {
  const out = new Float32Array(X.length);
  for (let j = 0; j < X.length; j++) {
    const c = j % cols;
    out[j] = st.sd[c] > 0 ? (X[j] - st.mean[c]) / st.sd[c] : 0;
  }
  return out;
}
