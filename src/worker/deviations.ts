import type { Matrix } from '../core/data/matrix';
import { orderByRank, rankRows } from '../core/scoreIndex';

export interface FeatureReference {
  median: Float64Array;
  /** Robust scale: 1.4826 * MAD, floored by a share of the feature's spread over all rows. */
  scale: Float64Array;
}

/**
 * Median and MAD per feature over the rows the model deems typical (the lower half of the scores):
 * the reference a candidate's values are compared with. A z-score does not change under a column's affine
 * rescaling, so the min-max scaled matrix the model trains on serves as well as the raw one.
 */
export function typicalReference(X: Matrix, scores: ArrayLike<number>): FeatureReference {
  // Typed-array ranking, not a comparator sort: a 600k-row table opens its rounds without a pause.
  const byRank = orderByRank(rankRows(scores instanceof Float32Array ? scores : Float32Array.from(scores))); // most outlying first
  const half = Math.max(1, Math.floor(X.rows / 2));
  const typical = byRank.subarray(X.rows - half).reverse();
  const median = new Float64Array(X.cols);
  const scale = new Float64Array(X.cols);
  // Two buffers for every column (a 600k-row table's half is 2.4 MB each): a copy per median and per deviation
  // vector was ~75 MB of garbage at each round's opening.
  const col = new Float64Array(typical.length);
  const scratch = new Float64Array(typical.length);
  for (let c = 0; c < X.cols; c++) {
    for (let i = 0; i < typical.length; i++) col[i] = X.data[typical[i] * X.cols + c];
    const m = medianInto(col, scratch);
    for (let i = 0; i < col.length; i++) col[i] = Math.abs(col[i] - m);
    median[c] = m;
    // A feature almost constant among typical rows (MAD 0) would turn any difference into a huge z:
    // floor the scale by a tenth of the feature's standard deviation over all rows.
    scale[c] = Math.max(1.4826 * medianInto(col, scratch), 0.1 * stdOfColumn(X, c), 1e-9);
  }
  return { median, scale };
}

export function deviationsOf(X: Matrix, row: number, ref: FeatureReference): Float64Array {
  const z = new Float64Array(X.cols);
  for (let c = 0; c < X.cols; c++) z[c] = (X.data[row * X.cols + c] - ref.median[c]) / ref.scale[c];
  return z;
}

/** The median of `v`, sorting a copy of it in `scratch` (same length). */
function medianInto(v: Float64Array, scratch: Float64Array): number {
  const s = scratch;
  s.set(v);
  s.sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function stdOfColumn(X: Matrix, c: number): number {
  let s = 0;
  let s2 = 0;
  for (let r = 0; r < X.rows; r++) {
    const v = X.data[r * X.cols + c];
    s += v;
    s2 += v * v;
  }
  const mean = s / X.rows;
  return Math.sqrt(Math.max(0, s2 / X.rows - mean * mean));
}
