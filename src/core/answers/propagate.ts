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

/** Some training rows packed together, so the nearest of them to a row is one pass through contiguous memory. */
interface Packed {
  ids: readonly number[];
  data: Float32Array;
}

function pack(train: Matrix, ids: readonly number[]): Packed {
  const d = train.cols;
  const data = new Float32Array(ids.length * d);
  ids.forEach((r, j) => data.set(train.data.subarray(r * d, r * d + d), j * d));
  return { ids, data };
}

/**
 * The smallest squared distance from row i of `target` to the packed rows (skipping training row `self`). Four
 * packed rows at a time share each of the row's loads: twice as fast here at 600k x 10 (each sum in the same order).
 */
function nearestSq(target: Matrix, i: number, set: Packed, self: number): number {
  const d = target.cols;
  const x = target.data;
  const y = set.data;
  const ids = set.ids;
  const m = ids.length;
  const o = i * d;
  let best = Infinity;
  let j = 0;
  for (let q = 0; j + 4 <= m; j += 4, q += 4 * d) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < d; k++) {
      const v = x[o + k];
      const t0 = v - y[q + k];
      const t1 = v - y[q + d + k];
      const t2 = v - y[q + 2 * d + k];
      const t3 = v - y[q + 3 * d + k];
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    if (s0 < best && ids[j] !== self) best = s0;
    if (s1 < best && ids[j + 1] !== self) best = s1;
    if (s2 < best && ids[j + 2] !== self) best = s2;
    if (s3 < best && ids[j + 3] !== self) best = s3;
  }
  for (let q = j * d; j < m; j++, q += d) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const t = x[o + k] - y[q + k];
      s += t * t;
    }
    if (s < best && ids[j] !== self) best = s;
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

/**
 * `base` (a rank in [0, 1] per row of `target`) plus the weighted kernel terms. With `target` the training rows, an
 * answered row is moved by the other answers only, so the result ranks the answers as if each were held out.
 */
export function propagate(p: Propagation, target: Matrix, base: ArrayLike<number>, isTrain: boolean): Float64Array {
  const kernel = (sq: number) => (Number.isFinite(sq) ? Math.exp(-sq / p.width) : 0);
  return Float64Array.from({ length: target.rows }, (_, i) => {
    const self = isTrain ? i : -1;
    const up = kernel(nearestSq(target, i, p.outliers, self));
    const down = kernel(nearestSq(target, i, p.inliers, self));
    return base[i] + p.weight * (up - down);
  });
}
