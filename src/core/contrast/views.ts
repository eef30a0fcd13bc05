/**
 * Tabular stand-ins for the paper's image transformations. T (views that keep a row an inlier): SCARF's feature
 * masking, each feature replaced with probability maskRate by the same feature of a random reference row (a draw
 * from that column's marginal), then Gaussian jitter. S (shifted instances, which do not keep a row an inlier, the
 * role rotations play in CSI): a fixed permutation of the feature columns, and the reflection x -> 1 - x of the
 * min-max scaled features (a large sign flip and shift).
 */
import type { Rng } from '../rng';

export type ShiftName = 'permute' | 'flip';

/** The shift transformations a run uses, in class order (class 0 is the identity). */
export interface Shifts {
  names: ShiftName[];
  /** The column permutation of 'permute' (seeded once per run, so the shift is one fixed transformation). */
  perm: Int32Array;
}

/** A permutation with no fixed column where one exists (d >= 2), from the seeded stream. */
export function derangement(d: number, rng: Rng): Int32Array {
  const p = Int32Array.from({ length: d }, (_, i) => i);
  if (d < 2) return p;
  // Sattolo's algorithm: a uniformly random single cycle, so no column stays in place.
  for (let i = d - 1; i > 0; i--) {
    const j = rng.int(i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Writes shift `s` (0 = identity, then names[s-1]) of row x [d] into out [d]. */
export function applyShift(shifts: Shifts, s: number, x: ArrayLike<number>, out: Float32Array, outOffset = 0): void {
  const d = shifts.perm.length;
  const name = s === 0 ? null : shifts.names[s - 1];
  for (let j = 0; j < d; j++) {
    out[outOffset + j] = name === 'permute' ? x[shifts.perm[j]] : name === 'flip' ? 1 - x[j] : x[j];
  }
}

export interface Augment {
  maskRate: number;
  jitter: number;
}

/**
 * One view T(x) of row x [d] into out: masked features take the value of a random reference row's same feature
 * (reference: row-major [refRows, d]), then every feature gets N(0, jitter^2) noise.
 */
export function augment(
  x: ArrayLike<number>,
  d: number,
  reference: Float32Array,
  refRows: number,
  a: Augment,
  rng: Rng,
  out: Float32Array,
  outOffset = 0,
): void {
  for (let j = 0; j < d; j++) {
    let v = x[j];
    if (a.maskRate > 0 && rng.next() < a.maskRate) v = reference[rng.int(refRows) * d + j];
    if (a.jitter > 0) v += a.jitter * rng.normal();
    out[outOffset + j] = v;
  }
}
