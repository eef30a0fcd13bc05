/**
 * Label propagation from the answers (after SSDO, Vercruyssen et al. 2018): a row's rank moves up by its nearness
 * to a confirmed outlier and down by its nearness to a confirmed inlier. Nearness is a Gaussian kernel on the
 * features whose width is the typical squared distance from a row to its nearest answered row, so "near" means
 * nearer than most rows are to any answer. Its weight fades as answers accumulate (a forest on many answers already
 * knows their neighbourhoods): full up to `PROPAGATION_ANSWERS` answers, then that count over the answers.
 */
import { matrix, type Matrix } from '../data/matrix';

/** Answers up to which the propagation has full weight: chosen leave-datasets-out (docs/benchmarks.md). */
export const PROPAGATION_ANSWERS = 20;

/** Rows the kernel's width is estimated on, at most (strided through the table). */
const WIDTH_SAMPLE = 1000;

export interface Propagation {
  outliers: number[];
  inliers: number[];
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

/** The rows scaled to unit length (a zero row stays zero): squared distances between them are 2 - 2 cosine. */
export function unitRows(m: Matrix): Matrix {
  const d = m.cols;
  const out = new Float32Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += m.data[i * d + k] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < d; k++) out[i * d + k] = m.data[i * d + k] * inv;
  }
  return matrix(m.rows, d, out);
}

/** Squared distance of row i of A to row j of B (same columns). */
function sqDist(A: Matrix, i: number, B: Matrix, j: number): number {
  const d = A.cols;
  const a = A.data;
  const b = B.data;
  let s = 0;
  for (let k = 0, p = i * d, q = j * d; k < d; k++, p++, q++) {
    const t = a[p] - b[q];
    s += t * t;
  }
  return s;
}

/** The smallest squared distance from row i of `target` to the training rows `rows` (skipping `self`). */
function nearestSq(target: Matrix, i: number, train: Matrix, rows: readonly number[], self: number): number {
  let best = Infinity;
  for (const r of rows) if (r !== self) best = Math.min(best, sqDist(target, i, train, r));
  return best;
}

/** The answers' propagation on `train`, or null with no answer or a zero weight. */
export function propagationOf(train: Matrix, labels: ArrayLike<number>, full = PROPAGATION_ANSWERS): Propagation | null {
  const outliers: number[] = [];
  const inliers: number[] = [];
  for (let r = 0; r < train.rows; r++) {
    if (labels[r] === 1) outliers.push(r);
    else if (labels[r] === 0) inliers.push(r);
  }
  const answered = [...outliers, ...inliers];
  const weight = propagationWeight(answered.length, full);
  if (weight === 0) return null;
  const step = Math.max(1, Math.floor(train.rows / WIDTH_SAMPLE));
  const sq: number[] = [];
  for (let i = 0; i < train.rows; i += step) if (labels[i] !== 0 && labels[i] !== 1) sq.push(nearestSq(train, i, train, answered, -1));
  sq.sort((a, b) => a - b);
  const width = Math.max(1e-12, sq.length ? sq[sq.length >> 1] : 1);
  return { outliers, inliers, width, weight };
}

/**
 * `base` (a rank in [0, 1] per row of `target`) plus the weighted kernel terms. With `target` the training rows, an
 * answered row is moved by the other answers only, so the result ranks the answers as if each were held out.
 */
export function propagate(p: Propagation, train: Matrix, target: Matrix, base: ArrayLike<number>, isTrain: boolean): Float64Array {
  const kernel = (sq: number) => (Number.isFinite(sq) ? Math.exp(-sq / p.width) : 0);
  return Float64Array.from({ length: target.rows }, (_, i) => {
    const self = isTrain ? i : -1;
    const up = kernel(nearestSq(target, i, train, p.outliers, self));
    const down = kernel(nearestSq(target, i, train, p.inliers, self));
    return base[i] + p.weight * (up - down);
  });
}
