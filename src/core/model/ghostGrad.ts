import type { AeForward, DenseAe } from './denseAe';

/**
 * Per-row gradients of one train-mode pass without materializing them ("ghost" norms): for a linear layer the
 * gradient of row j's loss is the outer product of the layer's input and the gradient at its output, so its squared
 * norm is the product of the two squared norms, and a group's summed gradient is one small matrix product.
 *
 * The first layer feeds BatchNorm in train mode, whose batch statistics tie every row to row j's loss; its exact
 * per-row gradient is then (x_j - mean x) u_j^T - C diag(v_j) (u, v: h-vectors of row j; C = mean over the batch of
 * x_r xhat_r^T), still a few dot products per row. The result equals what autodiff returns for each row's loss
 * through the same forward pass (checked against `DenseAe.backward` with one-hot weights in the tests).
 */
export interface GhostProbe {
  /** Gradient norm of each probe row's loss s_j, in probe order. */
  norms: Float64Array;
  /** Summed gradient (all parameters, flattened in parameter order) of the probe rows at these probe positions. */
  groupSum(which: ArrayLike<number>): Float64Array;
}

/** `probe`: positions within the pass's batch (not data row ids). */
export function ghostProbe(ae: DenseAe, f: AeForward, X: Float32Array, probe: Int32Array): GhostProbe {
  const { d, h } = ae;
  const [, , gamma, , W2] = ae.params;
  const { n, xhat, y, mask, a, diff, sigma, rows } = f;
  // Batch terms of the BatchNorm coupling.
  const xbar = new Float64Array(d);
  const C = new Float64Array(d * h);
  const xhatMean = new Float64Array(h);
  for (let r = 0; r < n; r++) {
    const xo = rows[r] * d;
    for (let i = 0; i < d; i++) {
      const xv = X[xo + i];
      xbar[i] += xv;
      for (let k = 0; k < h; k++) C[i * h + k] += xv * xhat[r * h + k];
    }
    for (let k = 0; k < h; k++) xhatMean[k] += xhat[r * h + k];
  }
  for (let i = 0; i < d; i++) xbar[i] /= n;
  for (let j = 0; j < d * h; j++) C[j] /= n;
  for (let k = 0; k < h; k++) xhatMean[k] /= n;
  const cNorm2 = new Float64Array(h);
  for (let i = 0; i < d; i++) for (let k = 0; k < h; k++) cNorm2[k] += C[i * h + k] ** 2;

  const P = probe.length;
  const dout = new Float64Array(P * d);
  const dy = new Float64Array(P * h);
  const u = new Float64Array(P * h);
  const v = new Float64Array(P * h);
  const e = new Float64Array(P * d);
  const norms = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    const r = probe[j];
    const ho = r * h;
    let dd = 0;
    for (let i = 0; i < d; i++) {
      const g = 2 * diff[r * d + i];
      dout[j * d + i] = g;
      dd += g * g;
      e[j * d + i] = X[rows[r] * d + i] - xbar[i];
    }
    let aa = 0;
    let gg = 0;
    let bb = 0;
    let w1 = 0;
    let b1 = 0;
    let ee = 0;
    for (let i = 0; i < d; i++) ee += e[j * d + i] ** 2;
    for (let k = 0; k < h; k++) {
      aa += a[ho + k] ** 2;
      let da = 0;
      for (let i = 0; i < d; i++) da += W2[k * d + i] * dout[j * d + i];
      const g = y[ho + k] > 0 ? da * mask[ho + k] : 0;
      dy[j * h + k] = g;
      gg += (g * xhat[ho + k]) ** 2;
      bb += g * g;
      const q = g * gamma[k];
      const uk = q / sigma[k];
      const vk = (q * xhat[ho + k]) / sigma[k];
      u[j * h + k] = uk;
      v[j * h + k] = vk;
      let pk = 0;
      for (let i = 0; i < d; i++) pk += e[j * d + i] * C[i * h + k];
      w1 += ee * uk * uk - 2 * uk * vk * pk + cNorm2[k] * vk * vk;
      b1 += (vk * xhatMean[k]) ** 2;
    }
    norms[j] = Math.sqrt(Math.max(0, w1) + b1 + gg + bb + aa * dd + dd);
  }

  function groupSum(which: ArrayLike<number>): Float64Array {
    const sizes = [d * h, h, h, h, h * d, d];
    const out = new Float64Array(sizes.reduce((s, x) => s + x, 0));
    const oB1 = d * h;
    const oGamma = oB1 + h;
    const oBeta = oGamma + h;
    const oW2 = oBeta + h;
    const oB2 = oW2 + h * d;
    const vSum = new Float64Array(h);
    for (let t = 0; t < which.length; t++) {
      const j = which[t];
      const ho = probe[j] * h;
      for (let k = 0; k < h; k++) {
        const uk = u[j * h + k];
        vSum[k] += v[j * h + k];
        for (let i = 0; i < d; i++) out[i * h + k] += e[j * d + i] * uk;
        out[oGamma + k] += dy[j * h + k] * xhat[ho + k];
        out[oBeta + k] += dy[j * h + k];
        const ak = a[ho + k];
        for (let i = 0; i < d; i++) out[oW2 + k * d + i] += ak * dout[j * d + i];
      }
      for (let i = 0; i < d; i++) out[oB2 + i] += dout[j * d + i];
    }
    for (let k = 0; k < h; k++) {
      for (let i = 0; i < d; i++) out[i * h + k] -= C[i * h + k] * vSum[k];
      out[oB1 + k] = -vSum[k] * xhatMean[k];
    }
    return out;
  }

  return { norms, groupSum };
}
