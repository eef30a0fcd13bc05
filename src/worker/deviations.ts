import { encodedWidth, type ColumnEncoding } from '../core/data/featureEncoding';
import type { Matrix } from '../core/data/matrix';
import { orderByRank, rankRows } from '../core/scoreIndex';
import { rarityZ } from './rarity';

/** How the features came from the file's columns: a categorical column's one-hot block is one column. */
export interface FeatureLayout {
  /** Per feature, its file column. */
  featureSources: readonly number[];
  /** The file columns' encodings, in feature order. */
  encoding: readonly ColumnEncoding[];
}

/** A categorical column's one-hot block and the share of all rows holding each of its features. */
export interface CategoryBlock {
  column: number;
  start: number;
  /** Per feature of the block, its category ("(other)" for the capped rest). */
  levels: string[];
  share: Float64Array;
  /** Rows holding none of the block's features (a missing cell). */
  noneShare: number;
}

export interface FeatureReference {
  median: Float64Array;
  /** Robust scale: 1.4826 * MAD, floored by a share of the feature's spread over all rows. */
  scale: Float64Array;
  /** Per feature, its file column. */
  sources: Int32Array;
  /** 1 for the features of a categorical column's block: measured by rarity, their median and scale unused. */
  inBlock: Uint8Array;
  categories: CategoryBlock[];
}

/** What stands out in one file column of a row. */
export interface ColumnDeviation {
  column: number;
  /** The robust z-score (the largest of the column's features), or for a category its rarity as a |z| (rarity.ts). */
  z: number;
  /** A categorical column: the row's category and its share of all rows. */
  category?: string;
  share?: number;
}

/**
 * Median and MAD per feature over the rows the model deems typical (the lower half of the scores):
 * the reference a candidate's values are compared with. A z-score does not change under a column's affine
 * rescaling, so the min-max scaled matrix the model trains on serves as well as the raw one.
 * Categorical columns (given a layout) are measured by how rare each category is among all rows instead: a
 * one-hot feature is 0 for most typical rows (MAD 0), so its z was 1 / (0.1 · std), +21σ for a city of 37%.
 */
export function typicalReference(X: Matrix, scores: ArrayLike<number>, layout?: FeatureLayout): FeatureReference {
  const categories = layout ? categoryBlocks(X, layout) : [];
  const inBlock = new Uint8Array(X.cols);
  for (const b of categories) inBlock.fill(1, b.start, b.start + b.levels.length);
  const sources = layout ? Int32Array.from(layout.featureSources) : Int32Array.from({ length: X.cols }, (_, c) => c);
  // Typed-array ranking, not a comparator sort: a 600k-row table opens its rounds without a pause.
  const byRank = orderByRank(rankRows(scores instanceof Float32Array ? scores : Float32Array.from(scores))); // most outlying first
  const half = Math.max(1, Math.floor(X.rows / 2));
  const typical = byRank.subarray(X.rows - half).reverse();
  const median = new Float64Array(X.cols);
  const scale = new Float64Array(X.cols).fill(1);
  const std = columnStds(X);
  // The typical rows' values gathered a block of columns at a time: one pass over each row per block, not one per
  // column (a 10k x 1000 table's column-by-column gather missed the cache on every value: ~2 s of a round's opening).
  // At most ~1M values buffered (8 MB), two columns at least.
  const block = Math.max(2, Math.min(64, Math.floor(2 ** 20 / typical.length)));
  const cols = Array.from({ length: Math.min(block, X.cols) }, () => new Float64Array(typical.length));
  for (let c0 = 0; c0 < X.cols; c0 += block) {
    const c1 = Math.min(X.cols, c0 + block);
    for (let i = 0; i < typical.length; i++) {
      const o = typical[i] * X.cols;
      for (let c = c0; c < c1; c++) cols[c - c0][i] = X.data[o + c];
    }
    for (let c = c0; c < c1; c++) {
      if (inBlock[c]) continue;
      const col = cols[c - c0];
      const m = medianInPlace(col);
      for (let i = 0; i < col.length; i++) col[i] = Math.abs(col[i] - m);
      median[c] = m;
      // A feature almost constant among typical rows (MAD 0) would turn any difference into a huge z:
      // floor the scale by a tenth of the feature's standard deviation over all rows.
      scale[c] = Math.max(1.4826 * medianInPlace(col), 0.1 * std[c], 1e-9);
    }
  }
  return { median, scale, sources, inBlock, categories };
}

/** Per feature, the robust z-score of `row` (0 for the features of a categorical block). */
export function deviationsOf(X: Matrix, row: number, ref: FeatureReference): Float64Array {
  const z = new Float64Array(X.cols);
  for (let c = 0; c < X.cols; c++) if (!ref.inBlock[c]) z[c] = (X.data[row * X.cols + c] - ref.median[c]) / ref.scale[c];
  return z;
}

/**
 * Per file column, what stands out in `row`, largest |z| first: a numeric or date column by its largest feature
 * z-score; a categorical column only when the row's category is rare (rarity.ts), never for a common one.
 */
export function columnDeviations(X: Matrix, row: number, ref: FeatureReference): ColumnDeviation[] {
  const z = deviationsOf(X, row, ref);
  const byColumn = new Map<number, ColumnDeviation>();
  z.forEach((v, f) => {
    if (ref.inBlock[f]) return;
    const column = ref.sources[f];
    const seen = byColumn.get(column);
    if (!seen || Math.abs(v) > Math.abs(seen.z)) byColumn.set(column, { column, z: v });
  });
  for (const b of ref.categories) {
    const o = row * X.cols + b.start;
    let k = 0;
    while (k < b.levels.length && !(X.data[o + k] > 0.5)) k++;
    const held = k < b.levels.length;
    const share = held ? b.share[k] : b.noneShare;
    const r = rarityZ(share);
    if (r > 0) byColumn.set(b.column, { column: b.column, z: r, category: held ? b.levels[k] : '(missing)', share });
  }
  return [...byColumn.values()].sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
}

/** The categorical columns' one-hot blocks, with each category's share of all rows. */
function categoryBlocks(X: Matrix, layout: FeatureLayout): CategoryBlock[] {
  const width = layout.encoding.reduce((s, c) => s + encodedWidth(c), 0);
  if (width !== X.cols || layout.featureSources.length !== X.cols) {
    throw new Error(`deviations: a layout of ${width} features for a matrix of ${X.cols} columns`);
  }
  const out: CategoryBlock[] = [];
  let start = 0;
  for (const c of layout.encoding) {
    const w = encodedWidth(c);
    if (c.type === 'categorical') {
      const counts = new Float64Array(w);
      let held = 0;
      for (let r = 0, o = start; r < X.rows; r++, o += X.cols) {
        // One-hot values stay 0 / 1 under min-max scaling (a constant feature maps to 0).
        for (let k = 0; k < w; k++) {
          if (X.data[o + k] > 0.5) {
            counts[k]++;
            held++;
            break;
          }
        }
      }
      const n = Math.max(1, X.rows);
      const levels = c.other ? [...c.levels, '(other)'] : [...c.levels];
      out.push({ column: layout.featureSources[start], start, levels, share: counts.map((v) => v / n), noneShare: (X.rows - held) / n });
    }
    start += w;
  }
  return out;
}

/** The median of `v`, reordering it: quickselect, the order statistics a sort gives (a sort when a value is NaN). */
export function medianInPlace(v: Float64Array): number {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    if (v[i] !== v[i]) {
      v.sort();
      return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
  }
  const k = n >> 1;
  selectInPlace(v, k);
  if (n % 2) return v[k];
  let lower = -Infinity;
  for (let i = 0; i < k; i++) if (v[i] > lower) lower = v[i];
  return (lower + v[k]) / 2;
}

/** Reorders `a` so that a[k] is its k-th smallest value, the ones before it no larger (Hoare's selection). */
function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo],
      y = a[(lo + hi) >>> 1],
      z = a[hi];
    const p = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Every column's standard deviation over all rows, in one pass over the rows (each column summed in row order). */
function columnStds(X: Matrix): Float64Array {
  const s = new Float64Array(X.cols);
  const s2 = new Float64Array(X.cols);
  for (let r = 0; r < X.rows; r++) {
    const o = r * X.cols;
    for (let c = 0; c < X.cols; c++) {
      const v = X.data[o + c];
      s[c] += v;
      s2[c] += v * v;
    }
  }
  return s.map((sum, c) => {
    const mean = sum / X.rows;
    return Math.sqrt(Math.max(0, s2[c] / X.rows - mean * mean));
  });
}
