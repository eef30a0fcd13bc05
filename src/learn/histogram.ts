/**
 * The per-sample loss histogram, split by true class, with the 2-component GMM that IMBoost's
 * query strategy fits to the losses and the alpha cut: the losses whose smaller posterior equals
 * alpha, where the next round's candidates come from. Bins are even on a linear scale while the
 * losses span a few tens; once polarization sends some into the hundreds, on a signed log scale
 * (like the risk chart) so the bulk does not collapse into one bin.
 */
import { fitGmm1d, minPosterior, type Gmm1d } from '../core/query/gmm';
import { equalBins } from '../core/bins';
import { symexp, symlog } from './chartScale';

/** Beyond this span of raw losses a linear axis would squash the bulk. */
const LINEAR_SPAN_MAX = 40;

export interface LossScale {
  kind: 'linear' | 'symlog';
  /** Raw loss to axis units. */
  fwd(x: number): number;
  /** Axis units back to a raw loss. */
  inv(t: number): number;
  /** d(raw) / d(axis) at a raw loss: turns a density per raw unit into one per axis unit. */
  stretch(x: number): number;
}

const LINEAR: LossScale = { kind: 'linear', fwd: (x) => x, inv: (t) => t, stretch: () => 1 };
const SYMLOG: LossScale = { kind: 'symlog', fwd: symlog, inv: symexp, stretch: (x) => Math.LN10 * (1 + Math.abs(x)) };

export function scaleFor(min: number, max: number): LossScale {
  return max - min > LINEAR_SPAN_MAX ? SYMLOG : LINEAR;
}

/** Round tick values for a linear axis: steps of 1, 2 or 5 times a power of ten. */
export function linearTicks(lo: number, hi: number, target = 6): number[] {
  const raw = (hi - lo) / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

export interface HistBin {
  /** Edges in axis units. */
  y0: number;
  y1: number;
  inliers: number;
  outliers: number;
}

export interface LossHistogram {
  scale: LossScale;
  /** Plotted range in axis units. */
  lo: number;
  hi: number;
  bins: HistBin[];
  gmm: Gmm1d | null;
  /** Expected count per bin under the mixture, at evenly spaced axis positions. */
  curve: { y: number; count: number }[];
  /** Losses (raw units) where the smaller GMM posterior equals alpha. */
  cuts: number[];
  maxCount: number;
}

function mixtureDensity(g: Gmm1d, x: number): number {
  let d = 0;
  for (let k = 0; k < 2; k++) {
    const v = g.variances[k];
    d += (g.weights[k] * Math.exp((-0.5 * (x - g.means[k]) ** 2) / v)) / Math.sqrt(2 * Math.PI * v);
  }
  return d;
}

/** Where minPosterior crosses alpha on a fine grid over [lo, hi] (raw units, linearly interpolated). */
export function alphaCuts(g: Gmm1d, lo: number, hi: number, alpha: number, steps = 800): number[] {
  const xs = Float64Array.from({ length: steps + 1 }, (_, i) => lo + ((hi - lo) * i) / steps);
  const p = minPosterior(g, xs);
  const cuts: number[] = [];
  for (let i = 1; i < xs.length; i++) {
    const a = p[i - 1] - alpha;
    const b = p[i] - alpha;
    if (a === 0) cuts.push(xs[i - 1]);
    else if (a * b < 0) cuts.push(xs[i - 1] + ((xs[i] - xs[i - 1]) * a) / (a - b));
  }
  return cuts;
}

export function buildHistogram(scores: ArrayLike<number>, truth: ArrayLike<number>, alpha: number, binCount = 36): LossHistogram | null {
  const n = scores.length;
  if (n < 2) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (!Number.isFinite(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = scaleFor(min, max);
  let lo = scale.fwd(min);
  let hi = scale.fwd(max);
  if (hi - lo < 1e-6) [lo, hi] = [lo - 0.5, hi + 0.5];
  const { width, index } = equalBins(lo, hi, binCount);
  const bins: HistBin[] = Array.from({ length: binCount }, (_, i) => ({
    y0: lo + i * width,
    y1: lo + (i + 1) * width,
    inliers: 0,
    outliers: 0,
  }));
  for (let i = 0; i < n; i++) {
    const b = index(scale.fwd(scores[i]));
    if (truth[i]) bins[b].outliers++;
    else bins[b].inliers++;
  }
  let gmm: Gmm1d | null = null;
  try {
    gmm = fitGmm1d(scores);
  } catch {
    gmm = null;
  }
  // Count per bin near axis position y: n * density(x) * dx/dy * bin width.
  const curve = gmm
    ? Array.from({ length: 241 }, (_, i) => {
        const y = lo + ((hi - lo) * i) / 240;
        const x = scale.inv(y);
        return { y, count: n * mixtureDensity(gmm!, x) * scale.stretch(x) * width };
      })
    : [];
  const cuts = gmm ? alphaCuts(gmm, min, max, alpha) : [];
  const maxCount = Math.max(1, ...bins.map((b) => b.inliers + b.outliers));
  return { scale, lo, hi, bins, gmm, curve, cuts, maxCount };
}
