/**
 * The deterministic scorer: a trained IWAE's final weights with the training table's preprocessing folded in
 * (column encoding, median fill, min-max ranges) and one fixed draw of importance-sample noise shared by every
 * row, so the same row always gets the same score, here, in the worker and in an exported ONNX file.
 * Score = -(logsumexp_k log w_k - log K), the run's per-row negative IWAE bound in eval mode (docs/engine.md).
 */
import type { Method, ModelConfig } from '../config';
import { encodedWidth, type ColumnEncoding } from '../data/featureEncoding';
import type { Matrix } from '../data/matrix';
import type { MinMax } from '../data/scale';
import type { Architecture } from '../model/architecture';
import { batchNormWidths, paramSpecs } from '../model/init';
import { Rng } from '../rng';

export const SCORER_FORMAT = 'imlab-scorer';
export const SCORER_VERSION = 1;
/** Importance samples of the fixed noise: more than training's K, since one draw serves every row forever. */
export const DEFAULT_SCORER_K = 16;

export interface ScoringModel {
  format: typeof SCORER_FORMAT;
  version: typeof SCORER_VERSION;
  method: Method;
  columns: ColumnEncoding[];
  featureNames: string[];
  /** Per feature: NaN cells get this (the training median). */
  fill: Float64Array;
  min: Float64Array;
  max: Float64Array;
  arch: Architecture;
  model: Pick<ModelConfig, 'logvarMin' | 'logvarMax' | 'bnEps' | 'leakySlope'>;
  /** Parameters in paramSpecs order, then per BatchNorm layer its running mean and variance (the checkpoint layout). */
  state: Float32Array[];
  k: number;
  /** Standard-normal noise [k, latent], drawn once from noiseSeed. */
  noise: Float32Array;
  noiseSeed: number;
}

export interface ScorerInput {
  method: Method;
  columns: ColumnEncoding[];
  featureNames: string[];
  fill: ArrayLike<number>;
  scale: MinMax;
  arch: Architecture;
  model: ModelConfig;
  state: Float32Array[];
  k?: number;
  noiseSeed: number;
}

export class ScorerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScorerError';
  }
}

export function buildScoringModel(i: ScorerInput): ScoringModel {
  const d = i.arch.inputDim;
  const width = i.columns.reduce((s, c) => s + encodedWidth(c), 0);
  if (width !== d || i.featureNames.length !== d || i.fill.length !== d || i.scale.min.length !== d)
    throw new ScorerError(`the encoding gives ${width} features but the model reads ${d}`);
  const specs = paramSpecs(i.arch);
  const bn = batchNormWidths(i.arch);
  const sizes = [...specs.map((s) => s.shape.reduce((a, b) => a * b, 1)), ...bn.flatMap((w) => [w, w])];
  if (i.state.length !== sizes.length || i.state.some((s, j) => s.length !== sizes[j]))
    throw new ScorerError('the checkpoint does not match the architecture');
  const k = i.k ?? DEFAULT_SCORER_K;
  const rng = new Rng(i.noiseSeed);
  const noise = new Float32Array(k * i.arch.latent);
  for (let j = 0; j < noise.length; j++) noise[j] = rng.normal();
  const { logvarMin, logvarMax, bnEps, leakySlope } = i.model;
  return {
    format: SCORER_FORMAT,
    version: SCORER_VERSION,
    method: i.method,
    columns: i.columns,
    featureNames: i.featureNames,
    fill: Float64Array.from(i.fill),
    min: Float64Array.from(i.scale.min),
    max: Float64Array.from(i.scale.max),
    arch: i.arch,
    model: { logvarMin, logvarMax, bnEps, leakySlope },
    state: i.state.map((s) => Float32Array.from(s)),
    k,
    noise,
    noiseSeed: i.noiseSeed,
  };
}

/** The model's tensors by role (the same split as Iwae.weights()). */
export function scorerWeights(m: ScoringModel) {
  const n = m.arch.hidden.length;
  const s = m.state;
  const p = 2 * n + 4;
  return {
    enc: s.slice(0, n),
    dec: s.slice(n, 2 * n),
    encHead: s[2 * n],
    encLogvarBias: s[2 * n + 1],
    decHead: s[2 * n + 2],
    decLogvarBias: s[2 * n + 3],
    /** Per BatchNorm layer (encoder, then decoder): running mean and variance. */
    bn: batchNormWidths(m.arch).map((_, j) => ({ mean: s[p + 2 * j], variance: s[p + 2 * j + 1] })),
  };
}

/** Imputes and min-max scales encoded rows as the run did (float32 result, as the training matrix). */
export function prepareRows(m: ScoringModel, X: Matrix): Matrix {
  const d = m.arch.inputDim;
  if (X.cols !== d) throw new ScorerError(`the model reads ${d} feature columns; this matrix has ${X.cols}`);
  const out = new Float32Array(X.data.length);
  for (let r = 0, o = 0; r < X.rows; r++, o += d) {
    for (let c = 0; c < d; c++) {
      let v = X.data[o + c];
      if (Number.isNaN(v)) v = m.fill[c];
      const span = m.max[c] - m.min[c];
      out[o + c] = span > 0 ? (v - m.min[c]) / span : 0;
    }
  }
  return { data: out, rows: X.rows, cols: d };
}

/** x @ W for one row (W [in, out] row-major), into out. */
function rowTimes(x: Float64Array, w: Float32Array, inDim: number, outDim: number, out: Float64Array): void {
  out.fill(0, 0, outDim);
  for (let i = 0; i < inDim; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let j = 0, o = i * outDim; j < outDim; j++) out[j] += xi * w[o + j];
  }
}

/** Scores encoded rows (NaN = missing): higher = more outlying. Plain loops in float64: runs anywhere core runs. */
export function scoreEncoded(m: ScoringModel, X: Matrix): Float32Array {
  const xs = prepareRows(m, X);
  const { inputDim: d, hidden, latent: l } = m.arch;
  const { logvarMin, logvarMax, bnEps, leakySlope } = m.model;
  const w = scorerWeights(m);
  const nH = hidden.length;
  const invStd = w.bn.map((b) => Float64Array.from(b.variance, (v) => 1 / Math.sqrt(v + bnEps)));
  const widest = Math.max(d, l, ...hidden) * 2;
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  const muQ = new Float64Array(l);
  const lvQ = new Float64Array(l);
  const sigma = new Float64Array(l);
  const logw = new Float64Array(m.k);
  const epsSq = new Float64Array(m.k);
  for (let k = 0; k < m.k; k++) for (let j = 0; j < l; j++) epsSq[k] += m.noise[k * l + j] ** 2;
  const clip = (v: number) => Math.min(logvarMax, Math.max(logvarMin, v));
  // One Linear -> BatchNorm (running statistics) -> LeakyReLU block: a holds the input, the result lands in a.
  const block = (inDim: number, weight: Float32Array, outDim: number, bnIndex: number) => {
    rowTimes(a, weight, inDim, outDim, b);
    const { mean } = w.bn[bnIndex];
    const inv = invStd[bnIndex];
    for (let j = 0; j < outDim; j++) {
      const v = (b[j] - mean[j]) * inv[j];
      b[j] = v >= 0 ? v : v * leakySlope;
    }
    [a, b] = [b, a];
  };
  const scores = new Float32Array(X.rows);
  const encWidths = [d, ...hidden];
  const decWidths = [l, ...[...hidden].reverse()];
  for (let r = 0; r < X.rows; r++) {
    const x = xs.data.subarray(r * d, (r + 1) * d);
    for (let j = 0; j < d; j++) a[j] = x[j];
    for (let i = 0; i < nH; i++) block(encWidths[i], w.enc[i], encWidths[i + 1], i);
    rowTimes(a, w.encHead, hidden[nH - 1], 2 * l, b);
    let sumLvQ = 0;
    for (let j = 0; j < l; j++) {
      muQ[j] = b[j];
      lvQ[j] = clip(b[l + j] + w.encLogvarBias[j]);
      sigma[j] = Math.exp(0.5 * lvQ[j]);
      sumLvQ += lvQ[j];
    }
    for (let k = 0; k < m.k; k++) {
      let zSq = 0;
      for (let j = 0; j < l; j++) {
        const z = muQ[j] + m.noise[k * l + j] * sigma[j];
        a[j] = z;
        zSq += z * z;
      }
      for (let i = 0; i < nH; i++) block(decWidths[i], w.dec[i], decWidths[i + 1], nH + i);
      rowTimes(a, w.decHead, hidden[0], 2 * d, b);
      let logPx = 0;
      for (let j = 0; j < d; j++) {
        const mu = 1 / (1 + Math.exp(-b[j]));
        const lv = clip(b[d + j] + w.decLogvarBias[j]);
        const diff = mu - x[j];
        logPx -= lv + diff * diff * Math.exp(-lv) * 0.5;
      }
      // log p(z) - log q(z|x) with z - mu = eps * sigma (the same terms as Iwae.logWeights).
      logw[k] = logPx - 0.5 * zSq - (-0.5 * sumLvQ - 0.5 * epsSq[k]);
    }
    let max = -Infinity;
    for (let k = 0; k < m.k; k++) max = Math.max(max, logw[k]);
    let sum = 0;
    for (let k = 0; k < m.k; k++) sum += Math.exp(logw[k] - max);
    scores[r] = -(max + Math.log(sum) - Math.log(m.k));
  }
  return scores;
}
