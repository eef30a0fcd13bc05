/** Element-wise mean of equal-length vectors (eq. 5's ensembled loss). */
export function averageOf(vs: ArrayLike<number>[]): Float64Array {
  if (!vs.length) throw new Error('averageOf: no vectors');
  const out = new Float64Array(vs[0].length);
  for (const v of vs) for (let i = 0; i < out.length; i++) out[i] += v[i];
  for (let i = 0; i < out.length; i++) out[i] /= vs.length;
  return out;
}

/** Min-max scaled copy (constant vector -> zeros). */
export function minMaxScaled(v: ArrayLike<number>): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  const span = hi - lo;
  return Float64Array.from({ length: v.length }, (_, i) => (span > 0 ? (v[i] - lo) / span : 0));
}
