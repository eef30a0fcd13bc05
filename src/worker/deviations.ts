import type { Matrix } from '../core/data/matrix';

export interface FeatureReference {
  median: Float64Array;
  /** Robust scale: 1.4826 * MAD, floored so constant features do not blow up. */
  scale: Float64Array;
}

/**
 * Median and MAD per feature over the rows the model deems typical (the lower half of the scores):
 * the reference a candidate's values are compared with.
 */
export function typicalReference(X: Matrix, scores: ArrayLike<number>): FeatureReference {
  const order = Array.from({ length: X.rows }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const typical = order.slice(0, Math.max(1, Math.floor(X.rows / 2)));
  const median = new Float64Array(X.cols);
  const scale = new Float64Array(X.cols);
  const col = new Float64Array(typical.length);
  for (let c = 0; c < X.cols; c++) {
    typical.forEach((r, i) => (col[i] = X.data[r * X.cols + c]));
    const m = medianOf(col);
    const dev = col.map((v) => Math.abs(v - m));
    median[c] = m;
    scale[c] = Math.max(1.4826 * medianOf(dev), 1e-6 * (Math.abs(m) + 1));
  }
  return { median, scale };
}

export function deviationsOf(X: Matrix, row: number, ref: FeatureReference): Float64Array {
  const z = new Float64Array(X.cols);
  for (let c = 0; c < X.cols; c++) z[c] = (X.data[row * X.cols + c] - ref.median[c]) / ref.scale[c];
  return z;
}

function medianOf(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
