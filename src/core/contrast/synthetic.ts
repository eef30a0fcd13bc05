/**
 * The generator's samples: h ~ N(0, I) through the IWAE's decoder (eval mode, BatchNorm with its running statistics),
 * taking the decoder's mean, sigmoid(head), as the sample: the role of the paper's G(h), which is deterministic given
 * h (the decoder's per-feature noise would only add what the jitter augmentation already adds). Reads the checkpoint
 * layout of model/init.ts (encoder weights, decoder weights, heads, then the running statistics).
 */
import type { Architecture } from '../model/architecture';
import { batchNormWidths } from '../model/init';
import { Rng } from '../rng';

export function decoderSamples(
  arch: Architecture,
  state: Float32Array[],
  bnEps: number,
  leakySlope: number,
  count: number,
  seed: number,
): Float32Array {
  const { inputDim: d, hidden, latent: l } = arch;
  const nH = hidden.length;
  const decWeights = state.slice(nH, 2 * nH);
  const decHead = state[2 * nH + 2];
  const p = 2 * nH + 4;
  const widths = batchNormWidths(arch);
  const decWidths = [l, ...[...hidden].reverse()];
  const rng = new Rng(seed);
  const out = new Float32Array(count * d);
  const widest = Math.max(d, l, ...hidden) * 2;
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < l; j++) a[j] = rng.normal();
    for (let i = 0; i < nH; i++) {
      const [inW, outW] = [decWidths[i], decWidths[i + 1]];
      const w = decWeights[i];
      const bn = nH + i;
      const mean = state[p + 2 * bn];
      const variance = state[p + 2 * bn + 1];
      if (mean.length !== widths[bn]) throw new Error('decoder state does not match the architecture');
      b.fill(0, 0, outW);
      for (let q = 0; q < inW; q++) for (let j = 0; j < outW; j++) b[j] += a[q] * w[q * outW + j];
      for (let j = 0; j < outW; j++) {
        const v = (b[j] - mean[j]) / Math.sqrt(variance[j] + bnEps);
        b[j] = v >= 0 ? v : v * leakySlope;
      }
      [a, b] = [b, a];
    }
    const h0 = hidden[0];
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let q = 0; q < h0; q++) s += a[q] * decHead[q * 2 * d + j];
      out[r * d + j] = 1 / (1 + Math.exp(-s));
    }
  }
  return out;
}
