/**
 * The loss around the bound, on the host: per row, K log weights at most 50, so these loops are a small
 * share of an update, and float32 rounding (Math.fround) follows the TF.js engine's order of operations.
 */

/** Per-row negative IWAE bound -(logsumexp_k log w - log K) from log w [K, B]. */
export function negBound(logw: Float32Array, k: number, b: number): Float32Array {
  const out = new Float32Array(b);
  const logK = Math.log(k);
  for (let r = 0; r < b; r++) out[r] = -(logSumExp(logw, k, b, r, 1) - logK);
  return out;
}

function logSumExp(logw: Float32Array, k: number, b: number, r: number, u: number): number {
  let m = -Infinity;
  for (let s = 0; s < k; s++) m = Math.max(m, u * logw[s * b + r]);
  if (m === -Infinity) return m;
  let t = 0;
  for (let s = 0; s < k; s++) t += Math.exp(u * logw[s * b + r] - m);
  return m + Math.log(t);
}

export function meanOf(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return v.length ? Math.fround(s / v.length) : NaN;
}

/**
 * The trimming mask: 1 where l <= scale * q_rho(l) + offset, q by linear interpolation between order
 * statistics (torch.quantile's default), as trim.ts computes it on a device.
 */
export function trimmedMask(l: Float32Array, rho: number, scale: number, offset: number): Float32Array {
  const n = l.length;
  const p = rho * (n - 1);
  const lo = Math.floor(p);
  const frac = Math.fround(p - lo);
  // Order statistics lo and lo + 1 by selection (linear time): after it, every value right of lo is >= it.
  const a = Float32Array.from(l);
  selectKth(a, lo);
  const low = a[lo];
  let high = Infinity;
  for (let i = lo + 1; i < n; i++) high = Math.min(high, a[i]);
  const q = frac === 0 || lo + 1 >= n ? low : Math.fround(low + Math.fround(Math.fround(high - low) * frac));
  const tau = Math.fround(Math.fround(q * Math.fround(scale)) + offset);
  return Float32Array.from(l, (v) => (v <= tau ? 1 : 0));
}

/** d loss / d log w for loss = scale * sum_b weight_b * l_b: -scale * weight_b * softmax_k(log w[:, b]). */
export function lossGrad(logw: Float32Array, k: number, b: number, weights: Float32Array, scale: number): Float32Array {
  const out = new Float32Array(k * b);
  for (let r = 0; r < b; r++) {
    const lse = logSumExp(logw, k, b, r, 1);
    const w = -scale * weights[r];
    for (let s = 0; s < k; s++) out[s * b + r] = w * Math.exp(logw[s * b + r] - lse);
  }
  return out;
}

/**
 * Mean CUBO_u = (1/u) (logsumexp_k(u log w) - log K) over the rows, and the gradient of scale * that mean:
 * scale / B * softmax_k(u log w[:, b]).
 */
export function cuboGrad(logw: Float32Array, k: number, b: number, u: number, scale: number): { value: number; grad: Float32Array } {
  const grad = new Float32Array(k * b);
  const logK = Math.log(k);
  let total = 0;
  for (let r = 0; r < b; r++) {
    const lse = logSumExp(logw, k, b, r, u);
    total += (lse - logK) / u;
    for (let s = 0; s < k; s++) grad[s * b + r] = (scale / b) * Math.exp(u * logw[s * b + r] - lse);
  }
  return { value: Math.fround(total / b), grad };
}

/** Rearranges a so that a[k] is the k-th smallest, smaller values left of it and larger right (Hoare's selection). */
export function selectKth(a: Float32Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  while (left < right) {
    const pivot = a[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
