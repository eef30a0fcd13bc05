/**
 * The contrastive encoder F: a small MLP d -> hidden (ReLU) -> out (linear), plus the shift classifier of eq. (3)
 * on its output. Plain float32 loops: forward keeps what backward needs, backward accumulates into grads.
 */
import type { Rng } from '../rng';

export interface EncoderShape {
  inputDim: number;
  hidden: number;
  out: number;
  /** Classes of the shift head (identity + shifts [+ synthetic]); 1 = no head. */
  classes: number;
}

/** Parameters in a fixed order: W1 [d,h], b1 [h], W2 [h,o], b2 [o], Wc [o,C], bc [C]. */
export interface EncoderParams {
  shape: EncoderShape;
  tensors: Float32Array[];
}

/** PyTorch's default Linear initialisation, U(+-1/sqrt(fan_in)), drawn in tensor order from the seeded stream. */
export function initEncoder(shape: EncoderShape, rng: Rng): EncoderParams {
  const { inputDim: d, hidden: h, out: o, classes: c } = shape;
  const dims: [number, number][] = [
    [d, h],
    [h, o],
    [o, c],
  ];
  const tensors: Float32Array[] = [];
  for (const [i, j] of dims) {
    const bound = 1 / Math.sqrt(i);
    const w = new Float32Array(i * j);
    for (let k = 0; k < w.length; k++) w[k] = (2 * rng.next() - 1) * bound;
    const b = new Float32Array(j);
    for (let k = 0; k < b.length; k++) b[k] = (2 * rng.next() - 1) * bound;
    tensors.push(w, b);
  }
  return { shape, tensors };
}

/** What the forward pass keeps for the backward pass. */
export interface EncoderPass {
  rows: number;
  x: Float32Array;
  /** ReLU outputs [rows, hidden]. */
  h: Float32Array;
  /** Embeddings [rows, out]. */
  z: Float32Array;
}

/** y[r] = x[r] @ W + b for rows x [rows, i] and W [i, j]. */
function affine(x: Float32Array, rows: number, w: Float32Array, b: Float32Array, i: number, j: number, y: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const yo = r * j;
    y.set(b, yo);
    const xo = r * i;
    for (let k = 0; k < i; k++) {
      const v = x[xo + k];
      if (v === 0) continue;
      const wo = k * j;
      for (let c = 0; c < j; c++) y[yo + c] += v * w[wo + c];
    }
  }
}

/** Embeddings of rows x [rows, d]. */
export function encode(p: EncoderParams, x: Float32Array, rows: number): EncoderPass {
  const { inputDim: d, hidden: hd, out: o } = p.shape;
  const [w1, b1, w2, b2] = p.tensors;
  const h = new Float32Array(rows * hd);
  affine(x, rows, w1, b1, d, hd, h);
  for (let k = 0; k < h.length; k++) if (h[k] < 0) h[k] = 0;
  const z = new Float32Array(rows * o);
  affine(h, rows, w2, b2, hd, o, z);
  return { rows, x, h, z };
}

/** Shift-head logits [rows, classes] of embeddings z. */
export function classify(p: EncoderParams, z: Float32Array, rows: number): Float32Array {
  const { out: o, classes: c } = p.shape;
  const y = new Float32Array(rows * c);
  affine(z, rows, p.tensors[4], p.tensors[5], o, c, y);
  return y;
}

/**
 * Mean cross-entropy of the shift head on embeddings z with integer targets; adds its gradient to dz (in place)
 * and to grads[4], grads[5]. Returns the loss.
 */
export function classifierLoss(p: EncoderParams, z: Float32Array, targets: Uint8Array, dz: Float32Array, grads: Float32Array[]): number {
  const { out: o, classes: c } = p.shape;
  const rows = targets.length;
  const logits = classify(p, z, rows);
  const wc = p.tensors[4];
  const [gw, gb] = [grads[4], grads[5]];
  let loss = 0;
  const g = new Float64Array(c);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let k = 0; k < c; k++) max = Math.max(max, logits[r * c + k]);
    let sum = 0;
    for (let k = 0; k < c; k++) sum += Math.exp(logits[r * c + k] - max);
    const lse = max + Math.log(sum);
    loss += lse - logits[r * c + targets[r]];
    for (let k = 0; k < c; k++) g[k] = (Math.exp(logits[r * c + k] - lse) - (k === targets[r] ? 1 : 0)) / rows;
    for (let k = 0; k < c; k++) gb[k] += g[k];
    for (let a = 0; a < o; a++) {
      const za = z[r * o + a];
      let back = 0;
      for (let k = 0; k < c; k++) {
        gw[a * c + k] += za * g[k];
        back += wc[a * c + k] * g[k];
      }
      dz[r * o + a] += back;
    }
  }
  return loss / rows;
}

/** Adds the encoder's parameter gradients (grads[0..3]) for the embedding gradient dz [rows, out]. */
export function encoderBackward(p: EncoderParams, pass: EncoderPass, dz: Float32Array, grads: Float32Array[]): void {
  const { inputDim: d, hidden: hd, out: o } = p.shape;
  const w2 = p.tensors[2];
  const [gw1, gb1, gw2, gb2] = grads;
  const dh = new Float32Array(hd);
  for (let r = 0; r < pass.rows; r++) {
    const zo = r * o;
    const ho = r * hd;
    for (let c = 0; c < o; c++) gb2[c] += dz[zo + c];
    for (let k = 0; k < hd; k++) {
      const hv = pass.h[ho + k];
      if (hv <= 0) {
        dh[k] = 0;
        continue;
      }
      let s = 0;
      const wo = k * o;
      for (let c = 0; c < o; c++) {
        gw2[wo + c] += hv * dz[zo + c];
        s += w2[wo + c] * dz[zo + c];
      }
      dh[k] = s;
    }
    const xo = r * d;
    for (let k = 0; k < hd; k++) gb1[k] += dh[k];
    for (let i = 0; i < d; i++) {
      const xv = pass.x[xo + i];
      if (xv === 0) continue;
      const wo = i * hd;
      for (let k = 0; k < hd; k++) gw1[wo + k] += xv * dh[k];
    }
  }
}

/** Zeroed gradient buffers shaped like the parameters. */
export function zeroGrads(p: EncoderParams): Float32Array[] {
  return p.tensors.map((t) => new Float32Array(t.length));
}

/** Adam (Kingma & Ba) over typed arrays, with bias correction. */
export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  constructor(
    params: Float32Array[],
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  step(params: Float32Array[], grads: Float32Array[]): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const { beta1: b1, beta2: b2 } = this;
    for (let j = 0; j < params.length; j++) {
      const [p, g, m, v] = [params[j], grads[j], this.m[j], this.v[j]];
      for (let i = 0; i < p.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        p[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.eps);
      }
    }
  }
}
