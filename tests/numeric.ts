import type { Matrix } from '../src/core/data/matrix';
import { Rng } from '../src/core/rng';

/** max |a - b| / max |b|: the error relative to the tensor's scale. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}

/** A seeded table of uniform [0, 1) values. */
export function uniformTable(rows: number, d: number, seed: number): Matrix {
  const rng = new Rng(seed);
  return { data: Float32Array.from({ length: rows * d }, () => rng.next()), rows, cols: d };
}
