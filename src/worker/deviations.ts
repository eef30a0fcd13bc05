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
  // Two buffers for every column (a 600k-row table's half is 2.4 MB each): a copy per median and per deviation
  // vector was ~75 MB of garbage at each round's opening.
  const col = new Float64Array(typical.length);
  const scratch = new Float64Array(typical.length);
  for (let c = 0; c < X.cols; c++) {
    if (inBlock[c]) continue;
    for (let i = 0; i < typical.length; i++) col[i] = X.data[typical[i] * X.cols + c];
    const m = medianInto(col, scratch);
    for (let i = 0; i < col.length; i++) col[i] = Math.abs(col[i] - m);
    median[c] = m;
    // A feature almost constant among typical rows (MAD 0) would turn any difference into a huge z:
    // floor the scale by a tenth of the feature's standard deviation over all rows.
    scale[c] = Math.max(1.4826 * medianInto(col, scratch), 0.1 * stdOfColumn(X, c), 1e-9);
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

/** The median of `v`, sorting a copy of it in `scratch` (same length). */
function medianInto(v: Float64Array, scratch: Float64Array): number {
  const s = scratch;
  s.set(v);
  s.sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function stdOfColumn(X: Matrix, c: number): number {
  let s = 0;
  let s2 = 0;
  for (let r = 0; r < X.rows; r++) {
    const v = X.data[r * X.cols + c];
    s += v;
    s2 += v * v;
  }
  const mean = s / X.rows;
  return Math.sqrt(Math.max(0, s2 / X.rows - mean * mean));
}
