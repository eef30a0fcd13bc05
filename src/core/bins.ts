/** Equal-width bins over [lo, hi]: the one binner behind the app's score histogram and Learn's loss histogram. */
export interface EqualBins {
  lo: number;
  width: number;
  count: number;
  /** The bin a value falls in, clamped to the first and last bin. */
  index(v: number): number;
}

export function equalBins(lo: number, hi: number, count: number): EqualBins {
  const width = hi > lo ? (hi - lo) / count : 1;
  return { lo, width, count, index: (v) => Math.min(count - 1, Math.max(0, Math.floor((v - lo) / width))) };
}

/** Smallest and largest finite value, or null when there is none. */
export function finiteRange(values: ArrayLike<number>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : null;
}
