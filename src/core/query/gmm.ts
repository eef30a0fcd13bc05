/**
 * One-dimensional, two-component Gaussian mixture fitted by EM.
 *
 * Mirrors scikit-learn's GaussianMixture(n_components=2, covariance_type='full')
 * step for step (E-step, M-step, stop when the mean log-likelihood of the
 * E-step changes by less than `tol`), so fits can be checked against it.
 *
 * Initialisation is deterministic: sort the values, take the split with the
 * smallest within-part sum of squares (the optimal 2-means split), and start
 * each component at its part's mean, variance + regVar and share of the values.
 * (A lone value seeds both components, each with weight 1/2.)
 * scripts/make_fixtures.py feeds sklearn the same start.
 */

export interface Gmm1d {
  means: [number, number];
  variances: [number, number];
  weights: [number, number];
  /** Mean per-sample log-likelihood of the returned parameters. */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

export interface GmmOptions {
  /** Maximum EM iterations (default 100). */
  maxIter?: number;
  /** Stop when the mean log-likelihood changes by less than this (default 1e-3, as sklearn). */
  tol?: number;
  /** Added to each variance so a component cannot collapse onto one point (default 1e-6). */
  regVar?: number;
}

const LOG_2PI = Math.log(2 * Math.PI);
// sklearn adds 10 * eps to each component's mass so an emptied component cannot divide by zero.
const MASS_EPS = 10 * Number.EPSILON;

interface Params {
  m0: number;
  m1: number;
  v0: number;
  v1: number;
  w0: number;
  w1: number;
}

function checkFinite(x: ArrayLike<number>, fn: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new Error(`${fn}: value at index ${i} is ${x[i]}; only finite numbers are allowed`);
    }
  }
}

function halfStats(xs: Float64Array, from: number, to: number, reg: number): [mean: number, variance: number] {
  const k = to - from;
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  const mean = s / k;
  // Two-pass variance: a large offset (1e4 + tiny spread) would cancel in E[x^2] - E[x]^2.
  let ss = 0;
  for (let i = from; i < to; i++) {
    const d = xs[i] - mean;
    ss += d * d;
  }
  return [mean, ss / k + reg];
}

/**
 * Starts EM from the optimal 2-means split of the sorted values (what k-means converges to in 1-D,
 * found exactly with prefix sums). A median split would start from two halves of the inlier bulk;
 * the 2-means split starts from bulk vs tail, the boundary the MM query strategy needs.
 */
function initFromBestSplit(sorted: Float64Array, reg: number): Params {
  const n = sorted.length;
  if (n === 1) {
    const [m, v] = halfStats(sorted, 0, 1, reg);
    return { m0: m, m1: m, v0: v, v1: v, w0: 0.5, w1: 0.5 };
  }
  // Centre first: a large offset (1e4 + tiny spread) would cancel in the sums of squares.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i];
  mean /= n;
  let total = 0;
  let total2 = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean;
    total += d;
    total2 += d * d;
  }
  let best = 1;
  let bestSse = Infinity;
  let s = 0;
  let s2 = 0;
  for (let h = 1; h < n; h++) {
    const d = sorted[h - 1] - mean;
    s += d;
    s2 += d * d;
    const sse = s2 - (s * s) / h + (total2 - s2) - ((total - s) * (total - s)) / (n - h);
    // Strictly better by a relative margin, so float noise cannot move ties: the first best split wins.
    if (h === 1 || sse < bestSse - 1e-12 * Math.abs(bestSse)) {
      bestSse = sse;
      best = h;
    }
  }
  // Constant data: every split is as good; the middle one keeps the two components symmetric.
  if (total2 <= 0) best = Math.floor(n / 2);
  const [m0, v0] = halfStats(sorted, 0, best, reg);
  const [m1, v1] = halfStats(sorted, best, n, reg);
  return { m0, m1, v0, v1, w0: best / n, w1: (n - best) / n };
}

/** Per-component log of weight * density; shared by the E-step and the posteriors. */
function logTerms(p: Params) {
  return {
    c0: Math.log(p.w0) - 0.5 * (LOG_2PI + Math.log(p.v0)),
    c1: Math.log(p.w1) - 0.5 * (LOG_2PI + Math.log(p.v1)),
    h0: 0.5 / p.v0,
    h1: 0.5 / p.v1,
  };
}

/** Writes responsibilities into r0/r1 and returns the mean log-likelihood. */
function eStep(x: Float64Array, p: Params, r0: Float64Array, r1: Float64Array): number {
  const { c0, c1, h0, h1 } = logTerms(p);
  const { m0, m1 } = p;
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const d0 = x[i] - m0,
      d1 = x[i] - m1;
    const l0 = c0 - h0 * d0 * d0;
    const l1 = c1 - h1 * d1 * d1;
    // log-sum-exp: far from both means the raw densities underflow to 0.
    const hi = l0 > l1 ? l0 : l1;
    const lse = hi + Math.log1p(Math.exp((l0 > l1 ? l1 : l0) - hi));
    r0[i] = Math.exp(l0 - lse);
    r1[i] = Math.exp(l1 - lse);
    ll += lse;
  }
  return ll / x.length;
}

function mStep(x: Float64Array, r0: Float64Array, r1: Float64Array, reg: number, p: Params): void {
  let n0 = 0,
    n1 = 0,
    s0 = 0,
    s1 = 0;
  for (let i = 0; i < x.length; i++) {
    n0 += r0[i];
    n1 += r1[i];
    s0 += r0[i] * x[i];
    s1 += r1[i] * x[i];
  }
  n0 += MASS_EPS;
  n1 += MASS_EPS;
  const m0 = s0 / n0,
    m1 = s1 / n1;
  let q0 = 0,
    q1 = 0;
  for (let i = 0; i < x.length; i++) {
    const d0 = x[i] - m0,
      d1 = x[i] - m1;
    q0 += r0[i] * d0 * d0;
    q1 += r1[i] * d1 * d1;
  }
  p.m0 = m0;
  p.m1 = m1;
  p.v0 = q0 / n0 + reg;
  p.v1 = q1 / n1 + reg;
  p.w0 = n0 / (n0 + n1);
  p.w1 = n1 / (n0 + n1);
}

/**
 * Fits the mixture; components come back ordered so means[0] <= means[1].
 * Throws on empty input, NaN/Infinity, or invalid options.
 */
export function fitGmm1d(x: ArrayLike<number>, opts: GmmOptions = {}): Gmm1d {
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-3;
  const reg = opts.regVar ?? 1e-6;
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new Error(`fitGmm1d: maxIter must be a non-negative integer, got ${maxIter}`);
  if (!(tol >= 0)) throw new Error(`fitGmm1d: tol must be >= 0, got ${tol}`);
  // Without a positive floor, constant data gives a zero variance and NaN densities.
  if (!(reg > 0) || !Number.isFinite(reg)) throw new Error(`fitGmm1d: regVar must be a positive finite number, got ${reg}`);
  if (x.length === 0) throw new Error('fitGmm1d: need at least one value');
  checkFinite(x, 'fitGmm1d');

  // The sorted copy serves both the initial split and EM, which ignores order.
  const data = Float64Array.from(x).sort();
  const p = initFromBestSplit(data, reg);
  const r0 = new Float64Array(data.length);
  const r1 = new Float64Array(data.length);

  let prev = -Infinity;
  let iterations = 0;
  let converged = false;
  for (let it = 1; it <= maxIter; it++) {
    iterations = it;
    const ll = eStep(data, p, r0, r1);
    mStep(data, r0, r1, reg, p);
    if (Math.abs(ll - prev) < tol) {
      converged = true;
      break;
    }
    prev = ll;
  }
  // The loop's likelihood belongs to the parameters before the last M-step; report the final one.
  const logLikelihood = eStep(data, p, r0, r1);

  const swap = p.m0 > p.m1;
  return {
    means: swap ? [p.m1, p.m0] : [p.m0, p.m1],
    variances: swap ? [p.v1, p.v0] : [p.v0, p.v1],
    weights: swap ? [p.w1, p.w0] : [p.w0, p.w1],
    logLikelihood,
    iterations,
    converged,
  };
}

/** log(w0 N0(x)) - log(w1 N1(x)) per value; the posterior of component 0 is its logistic. */
function logOdds(g: Gmm1d, x: ArrayLike<number>, fn: string): Float64Array {
  checkFinite(x, fn);
  const p: Params = {
    m0: g.means[0],
    m1: g.means[1],
    v0: g.variances[0],
    v1: g.variances[1],
    w0: g.weights[0],
    w1: g.weights[1],
  };
  const { c0, c1, h0, h1 } = logTerms(p);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const d0 = x[i] - p.m0,
      d1 = x[i] - p.m1;
    out[i] = c0 - h0 * d0 * d0 - (c1 - h1 * d1 * d1);
  }
  return out;
}

/** Logistic function that never forms exp of a large positive number. */
function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** Posterior probability of the lower-mean component (index 0) for each value. */
export function lowerComponentPosterior(g: Gmm1d, x: ArrayLike<number>): Float64Array {
  const out = logOdds(g, x, 'lowerComponentPosterior');
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]);
  return out;
}

/** Smaller of the two posteriors per value, in [0, 0.5]: near 0.5 means the value is ambiguous. */
export function minPosterior(g: Gmm1d, x: ArrayLike<number>): Float64Array {
  const out = logOdds(g, x, 'minPosterior');
  // sigmoid(-|t|) avoids the cancellation in 1 - p when p is close to 1.
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(-Math.abs(out[i]));
  return out;
}

/** ODIM's bimodality check: squared gap between the means plus squared gap between the variances. */
export function bimodalityGap(g: Gmm1d): number {
  const dm = g.means[0] - g.means[1];
  const dv = g.variances[0] - g.variances[1];
  return dm * dm + dv * dv;
}
