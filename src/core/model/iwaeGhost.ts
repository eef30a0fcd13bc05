/**
 * Per-row gradient statistics of the IWAE's per-row negative bound s_j on a probe batch, from one eval-mode
 * forward and backward pass ("ghost" norms: per-row gradients are never materialized).
 *
 * In eval mode BatchNorm uses its running statistics, so row j's loss depends on row j alone and the backward pass
 * of sum_j s_j gives, at every linear layer, each row's own gradient at the layer's output. For a layer with input
 * a and output gradient dz, row j's weight gradient is sum over its K importance samples of a_k dz_k^T (K = 1 on the
 * encoder side, where the row is one row), so its squared Frobenius norm is sum_{k,k'} (a_k . a_k') (dz_k . dz_k');
 * a bias has a = 1. A group's summed gradient is sum over its rows and samples of a_k dz_k^T. Both engines supply
 * the layers' inputs and output gradients (`LinearGrad`); the arithmetic is here once, in float64.
 */

/** One parameter's share of the backward pass, rows indexed sample-major (row s * b + j for sample s of row j). */
export interface LinearGrad {
  /** The layer's inputs [rows, inW]; null for a bias (input 1). */
  input: Float32Array | null;
  inW: number;
  /** The gradient at the layer's output [rows, outW]. */
  dOut: Float32Array;
  outW: number;
  /** The output columns this parameter covers (a head's log-variance bias covers its second half). */
  col0: number;
  cols: number;
  /** Rows per data row: K on the decoder side, 1 on the encoder side. */
  samples: number;
}

export interface GradientProbe {
  /** ||grad s_j|| over all parameters, per probe row, in probe order. */
  norms: Float64Array;
  /** The gradient (all parameters flattened in paramSpecs order) of the summed loss of the probe rows at these positions. */
  groupSum(which: ArrayLike<number>): Float64Array;
}

/** Ghost norms and group sums of `b` probe rows from the layers' tapes, in parameter order. */
export function ghostProbeFromTape(layers: LinearGrad[], b: number): GradientProbe {
  const norms2 = new Float64Array(b);
  for (const L of layers) {
    const K = L.samples;
    const inW = L.input ? L.inW : 1;
    // The same norm two ways: the K x K Gram sums cost K(K+1)/2 (inW + cols) per row, the row's gradient itself
    // K inW cols; a bias or a narrow layer under many samples (ALTBI's K = 50) is far cheaper materialized.
    if (K * inW * L.cols < ((K * (K + 1)) / 2) * (inW + L.cols)) {
      addMaterializedNorms(L, b, norms2);
      continue;
    }
    for (let j = 0; j < b; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) {
        const rp = p * b + j;
        for (let q = p; q < K; q++) {
          const rq = q * b + j;
          const aa = L.input ? dot(L.input, rp * L.inW, rq * L.inW, L.inW) : 1;
          const zz = dot(L.dOut, rp * L.outW + L.col0, rq * L.outW + L.col0, L.cols);
          // Off-diagonal pairs appear twice in the double sum.
          s += (p === q ? 1 : 2) * aa * zz;
        }
      }
      norms2[j] += s;
    }
  }
  const norms = Float64Array.from(norms2, (v) => Math.sqrt(Math.max(0, v)));
  const sizes = layers.map((L) => (L.input ? L.inW : 1) * L.cols);
  const total = sizes.reduce((a, v) => a + v, 0);

  function groupSum(which: ArrayLike<number>): Float64Array {
    const out = new Float64Array(total);
    let off = 0;
    layers.forEach((L, li) => {
      for (let t = 0; t < which.length; t++) for (let s = 0; s < L.samples; s++) addRowGradient(L, s * b + which[t], out, off);
      off += sizes[li];
    });
    return out;
  }

  return { norms, groupSum };
}

/** Adds each row's squared norm of sum_k a_k dz_k^T, built in float64 [inW, cols]. */
function addMaterializedNorms(L: LinearGrad, b: number, norms2: Float64Array): void {
  const inW = L.input ? L.inW : 1;
  const g = new Float64Array(inW * L.cols);
  for (let j = 0; j < b; j++) {
    g.fill(0);
    for (let s = 0; s < L.samples; s++) addRowGradient(L, s * b + j, g, 0);
    let n2 = 0;
    for (let t = 0; t < g.length; t++) n2 += g[t] * g[t];
    norms2[j] += n2;
  }
}

/** out[off + i * cols + c] += a_i dz_c for tape row r: one sample's outer product, added in float64. */
function addRowGradient(L: LinearGrad, r: number, out: Float64Array, off: number): void {
  const inW = L.input ? L.inW : 1;
  const z0 = r * L.outW + L.col0;
  for (let i = 0; i < inW; i++) {
    const a = L.input ? L.input[r * L.inW + i] : 1;
    if (a === 0) continue;
    const o = off + i * L.cols;
    for (let c = 0; c < L.cols; c++) out[o + c] += a * L.dOut[z0 + c];
  }
}

function dot(v: Float32Array, i0: number, j0: number, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += v[i0 + t] * v[j0 + t];
  return s;
}

/**
 * The layers in paramSpecs order (encoder blocks, decoder blocks, encoder head, its log-variance bias, decoder head,
 * its bias) from per-block (input, gradient at the linear output) pairs and the two heads' (input, output gradient).
 */
export function iwaeLinearGrads(
  t: {
    blocks: { input: Float32Array; dOut: Float32Array; inW: number; outW: number }[];
    encTop: Float32Array;
    dEncOut: Float32Array;
    decTop: Float32Array;
    dDecOut: Float32Array;
  },
  dims: { nEnc: number; d: number; latent: number; hLast: number; hFirst: number; k: number },
): LinearGrad[] {
  const { nEnc, d, latent: l, hLast, hFirst, k } = dims;
  const blocks = t.blocks.map((blk, i): LinearGrad => ({ ...blk, col0: 0, cols: blk.outW, samples: i < nEnc ? 1 : k }));
  const head = (
    input: Float32Array | null,
    inW: number,
    dOut: Float32Array,
    outW: number,
    col0: number,
    cols: number,
    samples: number,
  ): LinearGrad => ({
    input,
    inW,
    dOut,
    outW,
    col0,
    cols,
    samples,
  });
  return [
    ...blocks,
    head(t.encTop, hLast, t.dEncOut, 2 * l, 0, 2 * l, 1),
    head(null, 1, t.dEncOut, 2 * l, l, l, 1),
    head(t.decTop, hFirst, t.dDecOut, 2 * d, 0, 2 * d, k),
    head(null, 1, t.dDecOut, 2 * d, d, d, k),
  ];
}
