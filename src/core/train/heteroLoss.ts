/**
 * The heterogeneous loss with aggressive rejection (the heterogeneous-loss paper, eqs. 1-5), on per-row squared
 * reconstruction errors s of one batch:
 *  - rejection: rows above the batch's q-quantile of s get weight t_s (0.1 soft, 0 hard), the rest 1 (eq. 2);
 *  - shape: alpha_i = 2 - (2 - alpha_r)(z_i / m)^2 for modified z-score z_i > 0, else 2, m = max(3.5, max|z|) (eq. 5);
 *  - loss: Barron's general robust loss of s with shape alpha_i and scale c (eq. 3), times the weight.
 * Weights and shapes are functions of the batch's values only and are treated as constants: the gradient is
 * w_i * d rho(s_i; alpha_i) / d s_i, never through the quantile or the z-scores.
 */

export type RejectionMode = 'soft' | 'hard' | 'none';

export interface HeteroSettings {
  mode: RejectionMode;
  q: number;
  /** Weight of rejected rows in soft mode. */
  ts: number;
  alphaR: number;
  /** Squared scale c^2 of the robust loss (the paper: c = sqrt(0.5)). */
  c2: number;
}

/** Below this distance from 2 the alpha = 2 limit is used: eq. 3 divides by |alpha - 2| and is 0 * inf at 2. */
const NEAR_TWO = 1e-6;

/** Barron's loss of x^2 = s (eq. 3), with its alpha = 2 (0.5 s / c^2) and alpha = 1 (pseudo-Huber) closed forms. */
export function robustLoss(s: number, alpha: number, c2: number): number {
  const x = s / c2;
  const dev = Math.abs(alpha - 2);
  if (dev < NEAR_TWO) return 0.5 * x;
  if (alpha === 1) return Math.sqrt(x + 1) - 1;
  return (dev / alpha) * (Math.pow(x / dev + 1, alpha / 2) - 1);
}

/** d robustLoss / d s: (1 / 2c^2) (s / (c^2 |alpha - 2|) + 1)^(alpha/2 - 1), finite at alpha = 2 (value 1 / 2c^2). */
export function robustLossGrad(s: number, alpha: number, c2: number): number {
  const dev = Math.abs(alpha - 2);
  if (dev < NEAR_TWO) return 0.5 / c2;
  return (0.5 / c2) * Math.pow(s / c2 / dev + 1, alpha / 2 - 1);
}

/** Linear-interpolation quantile (numpy/torch default) of a copy of v. */
export function quantile(v: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(v).sort();
  if (!a.length) return NaN;
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, a.length - 1);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}

/** eq. 2: t_s above the q-quantile, 1 otherwise (mode none: all 1; hard: t_s = 0). */
export function rejectionWeights(s: ArrayLike<number>, c: Pick<HeteroSettings, 'mode' | 'q' | 'ts'>): Float64Array {
  const w = new Float64Array(s.length).fill(1);
  if (c.mode === 'none') return w;
  const sq = quantile(s, c.q);
  const low = c.mode === 'hard' ? 0 : c.ts;
  for (let i = 0; i < s.length; i++) if (s[i] > sq) w[i] = low;
  return w;
}

/** eqs. 4-5: the per-row shape from the batch's modified z-scores. */
export function shapes(s: ArrayLike<number>, alphaR: number): Float64Array {
  const alpha = new Float64Array(s.length).fill(2);
  const med = quantile(s, 0.5);
  const mad = quantile(
    Array.from(s, (v) => Math.abs(v - med)),
    0.5,
  );
  if (!(mad > 0)) return alpha;
  let maxAbs = 0;
  const z = Float64Array.from(s, (v) => (0.6745 * (v - med)) / mad);
  for (const v of z) maxAbs = Math.max(maxAbs, Math.abs(v));
  const m = Math.max(3.5, maxAbs);
  for (let i = 0; i < z.length; i++) if (z[i] > 0) alpha[i] = 2 - (2 - alphaR) * (z[i] / m) ** 2;
  return alpha;
}

/** The batch's mean weighted robust loss and its gradient with respect to each s_i (weights and shapes held constant). */
export function heteroLoss(
  s: ArrayLike<number>,
  c: HeteroSettings,
): { loss: number; dLds: Float64Array; weights: Float64Array; alpha: Float64Array } {
  const n = s.length;
  const weights = rejectionWeights(s, c);
  const alpha = shapes(s, c.alphaR);
  const dLds = new Float64Array(n);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    loss += weights[i] * robustLoss(s[i], alpha[i], c.c2);
    dLds[i] = (weights[i] * robustLossGrad(s[i], alpha[i], c.c2)) / n;
  }
  return { loss: loss / n, dLds, weights, alpha };
}
