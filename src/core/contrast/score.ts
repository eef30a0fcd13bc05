/**
 * The paper's score (eq. 11): m(x, x') = sim(F(x), F(x')) * |F(x)| = F(x) . F^(x'), F^ the unit vector. As written,
 * the nearest clean row x~ maximises m(x, x') on the unshifted rows (its argmax has no S inside), and the normality
 * sums m over the shifted views against that one neighbour: M(x) = sum_S m(S x, S x~). The outlier score is -M
 * (higher = more outlying), as every IMLab score. The bank holds each clean row's unit embeddings of every view.
 */
import type { Matrix } from '../data/matrix';
import { encode, type EncoderParams } from './encoder';
import { applyShift, type Shifts } from './views';

/** What scores a row: the encoder (null = the raw row, the clean-set cosine kNN), the shifts, the clean bank. */
export interface ContrastScorer {
  encoder: EncoderParams | null;
  shifts: Shifts;
  /** Views per row: 1 + shifts used in the score. */
  views: number;
  /** Width of one view's embedding. */
  dim: number;
  /** Unit embeddings of the clean rows, [bankRows, views * dim]. */
  bank: Float32Array;
  bankRows: number;
  /** The training row each bank entry is (so a clean training row is not its own neighbour); -1 for none. */
  bankSource: Int32Array;
  /** Query embeddings L2-normalised (cosine alone): raw rows (the cosine kNN), or eq. (11) without its norm factor. */
  normalizeQuery: boolean;
  /**
   * The clean rows' median feature norm when the score weighs the cosine by how typical a row's norm is
   * (featureNorm 'typical'), else null: min(|F(x)| / median, median / |F(x)|).
   */
  typicalNorm: number | null;
}

/** Eq. (11)'s norm factor: the paper's |F(x)|, none, or how close |F(x)| is to the clean rows' median norm. */
export type NormFactor = 'on' | 'off' | 'typical';

/** The views' embeddings of rows [rows, views * dim] (float32). */
export function embedViews(
  s: Pick<ContrastScorer, 'encoder' | 'shifts' | 'views' | 'dim'>,
  X: Matrix,
  rows: Int32Array | null,
): Float32Array {
  const n = rows ? rows.length : X.rows;
  const d = X.cols;
  const width = s.views * s.dim;
  const out = new Float32Array(n * width);
  const shifted = new Float32Array(n * d);
  for (let v = 0; v < s.views; v++) {
    for (let r = 0; r < n; r++) {
      const src = rows ? rows[r] : r;
      applyShift(s.shifts, v, X.data.subarray(src * d, (src + 1) * d), shifted, r * d);
    }
    const z = s.encoder ? encode(s.encoder, shifted, n).z : shifted;
    for (let r = 0; r < n; r++) out.set(z.subarray(r * s.dim, (r + 1) * s.dim), r * width + v * s.dim);
  }
  return out;
}

/** Scales each view's block of each row to unit length, in place. */
export function unitViews(e: Float32Array, rows: number, views: number, dim: number): void {
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < views; v++) {
      const o = (r * views + v) * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) s += e[o + k] * e[o + k];
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let k = 0; k < dim; k++) e[o + k] *= inv;
    }
  }
}

/** Builds the scorer's bank from the clean rows (training rows `clean` of X). */
export function buildScorer(
  encoder: EncoderParams | null,
  shifts: Shifts,
  views: number,
  X: Matrix,
  clean: Int32Array,
  featureNorm: NormFactor = 'on',
): ContrastScorer {
  const dim = encoder ? encoder.shape.out : X.cols;
  const bank = embedViews({ encoder, shifts, views, dim }, X, clean);
  const typicalNorm = featureNorm === 'typical' ? median(viewNorms(bank, clean.length, views, dim)) : null;
  unitViews(bank, clean.length, views, dim);
  return {
    encoder,
    shifts,
    views,
    dim,
    bank,
    bankRows: clean.length,
    bankSource: Int32Array.from(clean),
    normalizeQuery: !encoder || featureNorm !== 'on',
    typicalNorm,
  };
}

/** The norm of each row's unshifted view (the first block of its embedding). */
function viewNorms(e: Float32Array, rows: number, views: number, dim: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * views * dim;
    let s = 0;
    for (let k = 0; k < dim; k++) s += e[o + k] * e[o + k];
    out[r] = Math.sqrt(s);
  }
  return out;
}

function median(v: Float64Array): number {
  if (!v.length) return 0;
  const s = Float64Array.from(v).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Outlier scores of rows of X (eq. 11): the nearest bank row by m on the unshifted view, then -sum_S m(S x, S x~).
 * `self` maps a bank entry to the row of X it came from, excluded as that row's own neighbour (pass the bank's
 * sources when X is the training table).
 */
export function scoreRows(s: ContrastScorer, X: Matrix, self: Int32Array | null = null): Float32Array {
  const n = X.rows;
  const { views, dim } = s;
  const width = views * dim;
  const q = embedViews(s, X, null);
  const norms = s.typicalNorm != null ? viewNorms(q, n, views, dim) : null;
  if (s.normalizeQuery) unitViews(q, n, views, dim);
  // Which bank entry is each query row itself (-1: none).
  const own = new Int32Array(n).fill(-1);
  if (self) for (let b = 0; b < self.length; b++) if (self[b] >= 0 && self[b] < n) own[self[b]] = b;
  const out = new Float32Array(n);
  const bank = s.bank;
  for (let r = 0; r < n; r++) {
    const qo = r * width;
    let best = -Infinity;
    let arg = -1;
    for (let b = 0; b < s.bankRows; b++) {
      if (b === own[r]) continue;
      const bo = b * width;
      // Four partial sums: the loop-carried dependency halves the speed of a plain sum here.
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let k = 0;
      for (; k + 3 < dim; k += 4) {
        d0 += q[qo + k] * bank[bo + k];
        d1 += q[qo + k + 1] * bank[bo + k + 1];
        d2 += q[qo + k + 2] * bank[bo + k + 2];
        d3 += q[qo + k + 3] * bank[bo + k + 3];
      }
      for (; k < dim; k++) d0 += q[qo + k] * bank[bo + k];
      const dot = d0 + d1 + d2 + d3;
      if (dot > best) {
        best = dot;
        arg = b;
      }
    }
    if (arg < 0) continue;
    // |F(S x)| cos(F(S x), F(S x~)) = F(S x) . F^(S x~), summed over the views.
    let m = best;
    const bo = arg * width;
    for (let k = dim; k < width; k++) m += q[qo + k] * bank[bo + k];
    if (norms && s.typicalNorm != null) {
      // An MLP's norm grows with a row's distance from the data (docs/benchmarks.md): a norm far from the clean
      // rows' in either direction lowers the normality, where the paper's factor would raise it.
      const ratio = s.typicalNorm > 0 ? norms[r] / s.typicalNorm : 0;
      m *= ratio > 1 ? 1 / ratio : ratio;
    }
    out[r] = -m;
  }
  return out;
}
