/**
 * Label propagation from the answers (after SSDO, Vercruyssen et al. 2018): a row's rank moves up by its nearness
 * to a confirmed outlier and down by its nearness to a confirmed inlier. Nearness is a Gaussian kernel on the
 * features whose width is the typical squared distance from a row to its nearest answered row, so "near" means
 * nearer than most rows are to any answer. Its weight fades as answers accumulate (a forest on many answers already
 * knows their neighbourhoods): full up to `PROPAGATION_ANSWERS` answers, then that count over the answers.
 */
import type { Matrix } from '../data/matrix';

/** Answers up to which the propagation has full weight: chosen leave-datasets-out (docs/benchmarks.md). */
export const PROPAGATION_ANSWERS = 20;

/** Rows the kernel's width is estimated on, at most (strided through the table). */
const WIDTH_SAMPLE = 1000;

export interface Propagation {
  outliers: Packed;
  inliers: Packed;
  /** The kernel's width: the median squared distance from an unanswered row to its nearest answered row. */
  width: number;
  /** The weight of the kernel terms against the rank in [0, 1]. */
  weight: number;
}

/** The weight at `answers` answers when it is full up to `full` answers (0: propagation off). */
export function propagationWeight(answers: number, full: number): number {
  return full > 0 && answers > 0 ? Math.min(1, full / answers) : 0;
}

/** The run panel's words for it, after the sentence naming the ranking ('' when off). */
export function propagationNote(weight: number): string {
  if (weight <= 0) return '';
  return ` Rows near your answers move with them (label propagation, ${weight >= 1 ? 'full weight' : `weight ${weight.toFixed(2)}`}).`;
}

/** Packed rows in blocks of LANES: a block's values column by column, so one of a row's loads serves all of them. */
const LANES = 8;

/** Some training rows packed together, so the nearest of them to a row is one pass through contiguous memory. */
interface Packed {
  ids: readonly number[];
  /** Blocks of LANES rows, column-major within a block; the last block padded with zeros (lanes never read). */
  data: Float32Array;
}

function pack(train: Matrix, ids: readonly number[]): Packed {
  const d = train.cols;
  const blocks = Math.ceil(ids.length / LANES);
  const data = new Float32Array(blocks * LANES * d);
  ids.forEach((r, j) => {
    const b = Math.floor(j / LANES);
    for (let k = 0; k < d; k++) data[(b * d + k) * LANES + (j % LANES)] = train.data[r * d + k];
  });
  return { ids, data };
}

/**
 * The smallest squared distance from row i of `target` to the packed rows (skipping training row `self`). Eight
 * packed rows at a time share each of the row's loads (each sum over the columns in the same order as one at a time).
 */
function nearestSq(target: Matrix, i: number, set: Packed, self: number): number {
  const d = target.cols;
  const x = target.data;
  const y = set.data;
  const ids = set.ids;
  const m = ids.length;
  const o = i * d;
  let best = Infinity;
  for (let j = 0, q = 0; j < m; j += LANES) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let k = 0; k < d; k++, q += LANES) {
      const v = x[o + k];
      let t = v - y[q];
      s0 += t * t;
      t = v - y[q + 1];
      s1 += t * t;
      t = v - y[q + 2];
      s2 += t * t;
      t = v - y[q + 3];
      s3 += t * t;
      t = v - y[q + 4];
      s4 += t * t;
      t = v - y[q + 5];
      s5 += t * t;
      t = v - y[q + 6];
      s6 += t * t;
      t = v - y[q + 7];
      s7 += t * t;
    }
    // The row itself (an answered training row) is skipped, and the last block's padding lanes.
    const left = m - j;
    if (s0 < best && ids[j] !== self) best = s0;
    if (s1 < best && left > 1 && ids[j + 1] !== self) best = s1;
    if (s2 < best && left > 2 && ids[j + 2] !== self) best = s2;
    if (s3 < best && left > 3 && ids[j + 3] !== self) best = s3;
    if (s4 < best && left > 4 && ids[j + 4] !== self) best = s4;
    if (s5 < best && left > 5 && ids[j + 5] !== self) best = s5;
    if (s6 < best && left > 6 && ids[j + 6] !== self) best = s6;
    if (s7 < best && left > 7 && ids[j + 7] !== self) best = s7;
  }
  return best;
}

/** The answers' propagation on `train`, or null with no answer or a zero weight. */
export function propagationOf(
  train: Matrix,
  labels: ArrayLike<number>,
  full = PROPAGATION_ANSWERS,
  scale = { width: 1, weight: 1 },
): Propagation | null {
  const outliers: number[] = [];
  const inliers: number[] = [];
  for (let r = 0; r < train.rows; r++) {
    if (labels[r] === 1) outliers.push(r);
    else if (labels[r] === 0) inliers.push(r);
  }
  const answered = pack(train, [...outliers, ...inliers]);
  const weight = propagationWeight(answered.ids.length, full) * scale.weight;
  if (weight === 0) return null;
  const step = Math.max(1, Math.floor(train.rows / WIDTH_SAMPLE));
  const sq: number[] = [];
  for (let i = 0; i < train.rows; i += step) if (labels[i] !== 0 && labels[i] !== 1) sq.push(nearestSq(train, i, answered, -1));
  sq.sort((a, b) => a - b);
  const width = Math.max(1e-12, sq.length ? sq[sq.length >> 1] : 1) * scale.width;
  return { outliers: pack(train, outliers), inliers: pack(train, inliers), width, weight };
}

/** Row i's weighted kernel terms: up by its nearness to an outlier answer, down by its nearness to an inlier one. */
function termOf(p: Propagation, target: Matrix, i: number, isTrain: boolean): number {
  const kernel = (sq: number) => (Number.isFinite(sq) ? Math.exp(-sq / p.width) : 0);
  const self = isTrain ? i : -1;
  return p.weight * (kernel(nearestSq(target, i, p.outliers, self)) - kernel(nearestSq(target, i, p.inliers, self)));
}

/**
 * `base` (a rank in [0, 1] per row of `target`) plus the weighted kernel terms. With `target` the training rows, an
 * answered row is moved by the other answers only, so the result ranks the answers as if each were held out.
 */
export function propagate(p: Propagation, target: Matrix, base: ArrayLike<number>, isTrain: boolean): Float64Array {
  return Float64Array.from({ length: target.rows }, (_, i) => base[i] + termOf(p, target, i, isTrain));
}

/** propagate() on some rows only: the answers' own, to judge the propagation before it moves every row. */
export function propagateRows(
  p: Propagation,
  target: Matrix,
  base: ArrayLike<number>,
  rows: readonly number[],
  isTrain: boolean,
): Float64Array {
  return Float64Array.from(rows, (i) => base[i] + termOf(p, target, i, isTrain));
}
