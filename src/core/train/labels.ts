/** The analyst's (or oracle's) labels per training row: -1 unknown, 0 inlier, 1 outlier. Mutable mid-run. */
export class LabelBook {
  readonly values: Int8Array;
  /** Bumped on every change so the training loop knows to rebuild its pools. */
  version = 0;

  constructor(n: number, initial?: Int8Array) {
    this.values = initial ? Int8Array.from(initial) : new Int8Array(n).fill(-1);
  }

  set(row: number, label: -1 | 0 | 1): void {
    if (row < 0 || row >= this.values.length) throw new RangeError(`row ${row} out of range`);
    if (this.values[row] === label) return;
    this.values[row] = label;
    this.version++;
  }

  /** Rows with the given label (or unlabeled for -1). */
  rows(label: -1 | 0 | 1): Int32Array {
    let c = 0;
    for (const v of this.values) if (v === label) c++;
    const out = new Int32Array(c);
    let j = 0;
    for (let i = 0; i < this.values.length; i++) if (this.values[i] === label) out[j++] = i;
    return out;
  }

  count(label: 0 | 1): number {
    let c = 0;
    for (const v of this.values) if (v === label) c++;
    return c;
  }
}
