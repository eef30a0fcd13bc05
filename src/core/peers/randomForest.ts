/**
 * A random forest classifier for two classes (0 = inlier, 1 = outlier), close to scikit-learn's
 * RandomForestClassifier(class_weight='balanced'): CART trees on weighted Gini impurity, one bootstrap sample per
 * tree, sqrt(d) features tried per split, leaves grown until pure (min one row per leaf), thresholds at midpoints
 * between sorted distinct values. Pure TypeScript, seeded by the project's Rng, so it runs alike in Node and a worker.
 */
import { Rng } from '../rng';
import { flattenForest, meanOverTrees, type FlatForest, type TreeNodes } from './forestPredict';
import { sumTrees } from '../wasm/forest';

export interface ForestOptions {
  /** Number of trees (200, as the peer the issue names). */
  trees?: number;
  seed?: number;
  /** Features tried per split; default floor(sqrt(d)), at least 1 (scikit-learn's 'sqrt'). */
  maxFeatures?: number;
  /** Depth cap: the trees are grown on an explicit stack, the cap only bounds pathological inputs. */
  maxDepth?: number;
  /** Class weights n / (2 n_class) (scikit-learn's 'balanced'); default true. */
  balanced?: boolean;
}

/** One tree in flat arrays (forestPredict.ts TreeNodes); a leaf's value is its weighted class-1 fraction. */
type Tree = TreeNodes;

export interface Split {
  threshold: number;
  /** Weighted Gini of the children, each weighted by its share of the node's weight. */
  impurity: number;
}

/**
 * The best threshold on one feature by weighted Gini, over midpoints between sorted distinct values;
 * null when the values are all equal. The first best (in sorted order) wins ties, as scikit-learn's scan does.
 */
export function bestSplit(values: ArrayLike<number>, y: ArrayLike<number>, w?: ArrayLike<number>): Split | null {
  const n = values.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const keys = Float64Array.from(values);
  sortPairs(keys, order, 0, n - 1);
  const wy = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) wy[2 * i + y[order[i]]] = w ? w[order[i]] : 1;
  const s = scan(keys, wy, n);
  return s ? { threshold: s.threshold, impurity: s.impurity } : null;
}

/**
 * Scans rows already sorted by key (wy holds each row's weight in slot 2i + class): the best split, or null for a
 * constant feature. Maximizes sum over children of (w0^2 + w1^2) / w, which minimizes the weighted Gini.
 */
function scan(keys: Float64Array, wy: Float64Array, n: number): { threshold: number; impurity: number; pos: number } | null {
  let t0 = 0,
    t1 = 0;
  for (let i = 0; i < n; i++) {
    t0 += wy[2 * i];
    t1 += wy[2 * i + 1];
  }
  let l0 = 0,
    l1 = 0,
    best = -Infinity,
    pos = -1;
  for (let i = 0; i < n - 1; i++) {
    l0 += wy[2 * i];
    l1 += wy[2 * i + 1];
    if (keys[i + 1] <= keys[i] + 1e-7) continue; // scikit-learn's FEATURE_THRESHOLD: nearer values are one value
    const r0 = t0 - l0,
      r1 = t1 - l1,
      wl = l0 + l1,
      wr = r0 + r1;
    if (wl <= 0 || wr <= 0) continue;
    const proxy = (l0 * l0 + l1 * l1) / wl + (r0 * r0 + r1 * r1) / wr;
    if (proxy > best) {
      best = proxy;
      pos = i;
    }
  }
  if (pos < 0) return null;
  let threshold = keys[pos] / 2 + keys[pos + 1] / 2;
  if (threshold === keys[pos + 1] || !Number.isFinite(threshold)) threshold = keys[pos];
  const total = t0 + t1;
  return { threshold, impurity: (total - best) / total, pos };
}

/** Sorts keys ascending and carries idx along (quicksort, insertion sort below 16): no allocation per node. */
function sortPairs(keys: Float64Array, idx: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 15) {
    const mid = (lo + hi) >>> 1;
    const p = median3(keys[lo], keys[mid], keys[hi]);
    let i = lo,
      j = hi;
    while (i <= j) {
      while (keys[i] < p) i++;
      while (keys[j] > p) j--;
      if (i <= j) {
        swap(keys, idx, i++, j--);
      }
    }
    // Recurse into the smaller side, loop on the larger: stack depth stays O(log n).
    if (j - lo < hi - i) {
      sortPairs(keys, idx, lo, j);
      lo = i;
    } else {
      sortPairs(keys, idx, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const k = keys[i],
      v = idx[i];
    let j = i - 1;
    while (j >= lo && keys[j] > k) {
      keys[j + 1] = keys[j];
      idx[j + 1] = idx[j];
      j--;
    }
    keys[j + 1] = k;
    idx[j + 1] = v;
  }
}

const median3 = (a: number, b: number, c: number) => Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));

function swap(keys: Float64Array, idx: Int32Array, i: number, j: number): void {
  const k = keys[i];
  keys[i] = keys[j];
  keys[j] = k;
  const v = idx[i];
  idx[i] = idx[j];
  idx[j] = v;
}

export class RandomForest {
  private readonly opts: Required<Omit<ForestOptions, 'maxFeatures'>> & { maxFeatures?: number };
  private trees: Tree[] = [];
  private flat: FlatForest | null = null;
  private d = 0;
  private oob: Float64Array = new Float64Array(0);

  constructor(opts: ForestOptions = {}) {
    this.opts = { trees: 200, seed: 0, maxDepth: 64, balanced: true, ...opts };
  }

  /** Fits on n rows of d columns (row-major), labels 0/1, optional per-row weights (multiplying the class weights). */
  fit(X: Float32Array, n: number, d: number, y: Uint8Array, weights?: ArrayLike<number>): this {
    if (X.length !== n * d || y.length !== n) throw new Error(`RandomForest.fit: ${X.length} values, ${y.length} labels for ${n}x${d}`);
    if (n === 0) throw new Error('RandomForest.fit: no rows');
    this.d = d;
    const n1 = y.reduce((a, v) => a + (v ? 1 : 0), 0);
    const cw = this.opts.balanced && n1 > 0 && n1 < n ? [n / (2 * (n - n1)), n / (2 * n1)] : [1, 1];
    const base = Float64Array.from(y, (v, i) => cw[v] * (weights ? weights[i] : 1));
    const mtry = Math.max(1, Math.min(d, this.opts.maxFeatures ?? Math.floor(Math.sqrt(d))));
    const rng = new Rng(this.opts.seed);
    const grower = new Grower(X, d, y, mtry, this.opts.maxDepth);
    const oobSum = new Float64Array(n);
    const oobCount = new Int32Array(n);
    const counts = new Int32Array(n);
    this.trees = [];
    for (let t = 0; t < this.opts.trees; t++) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[rng.int(n)]++;
      const tree = grower.grow(counts, base, new Rng(rng.int(0x7fffffff)));
      this.trees.push(tree);
      // Out of bag: the rows this tree never saw, scored by it; their mean judges the forest from its own answers.
      for (let i = 0; i < n; i++) {
        if (counts[i] > 0) continue;
        oobSum[i] += leafValue(tree, X, i * d);
        oobCount[i]++;
      }
    }
    this.oob = Float64Array.from(oobSum, (s, i) => (oobCount[i] ? s / oobCount[i] : NaN));
    this.flat = flattenForest(this.trees);
    return this;
  }

  /**
   * Outlier probability per row: the mean over trees of the leaf's weighted class-1 fraction (in the WebAssembly
   * kernels when registered and `kernels`; the same numbers either way).
   */
  predictProba(X: Float32Array, n: number, kernels = true): Float64Array {
    const { d, flat } = this;
    if (!flat) throw new Error('RandomForest.predictProba: not fitted');
    if (X.length !== n * d) throw new Error(`RandomForest.predictProba: ${X.length} values for ${n}x${d}`);
    return meanOverTrees(sumTrees(flat, X, n, d, kernels), flat.roots.length);
  }

  /** Out-of-bag outlier probability of each training row; NaN for a row every bootstrap drew. */
  oobProba(): Float64Array {
    return this.oob;
  }

  get treeCount(): number {
    return this.trees.length;
  }
}

function leafValue(tree: Tree, X: Float32Array, o: number): number {
  const { feature, value, right } = tree;
  let k = 0,
    f: number;
  while ((f = feature[k]) >= 0) k = X[o + f] <= value[k] ? k + 1 : right[k];
  return value[k];
}

/** Grows trees on one training table, reusing its scratch arrays from tree to tree. */
class Grower {
  private readonly rows: Int32Array;
  private readonly keys: Float64Array;
  private readonly ord: Int32Array;
  private readonly wy: Float64Array;
  private readonly w: Float64Array;
  private readonly feats: Int32Array;

  constructor(
    private readonly X: Float32Array,
    private readonly d: number,
    private readonly y: Uint8Array,
    private readonly mtry: number,
    private readonly maxDepth: number,
  ) {
    const n = y.length;
    this.rows = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.ord = new Int32Array(n);
    this.wy = new Float64Array(2 * n);
    this.w = new Float64Array(n);
    this.feats = Int32Array.from({ length: d }, (_, i) => i);
  }

  /** One tree on the drawn rows (counts = bootstrap multiplicity), grown depth-first on an explicit stack. */
  grow(counts: Int32Array, base: Float64Array, rng: Rng): Tree {
    const { rows, w, y } = this;
    let m = 0;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) continue;
      rows[m++] = i;
      w[i] = counts[i] * base[i];
    }
    const feature: number[] = [];
    const value: number[] = [];
    const right: number[] = [];
    // Each entry: rows[lo..hi) of one node, its depth, and the parent whose right child it is (-1 if none).
    const stack: number[] = [0, m, 0, -1];
    while (stack.length) {
      const parent = stack.pop()!,
        depth = stack.pop()!,
        hi = stack.pop()!,
        lo = stack.pop()!;
      const id = feature.length;
      if (parent >= 0) right[parent] = id;
      let w0 = 0,
        w1 = 0;
      for (let i = lo; i < hi; i++) {
        const r = rows[i];
        if (y[r]) w1 += w[r];
        else w0 += w[r];
      }
      const split = w0 > 0 && w1 > 0 && depth < this.maxDepth ? this.split(lo, hi, rng) : null;
      if (!split) {
        feature.push(-1);
        value.push(w1 / (w0 + w1));
        right.push(-1);
        continue;
      }
      feature.push(split.feature);
      value.push(split.threshold);
      right.push(-1);
      const mid = this.partition(lo, hi, split.feature, split.threshold);
      // Right pushed first so the left child is popped next and takes id + 1 (preorder).
      stack.push(mid, hi, depth + 1, id, lo, mid, depth + 1, -1);
    }
    return { feature: Int32Array.from(feature), value: Float64Array.from(value), right: Int32Array.from(right) };
  }

  /**
   * The best split over features drawn at random without replacement until mtry non-constant ones were tried
   * (constant ones do not count, as in scikit-learn), or null when every feature is constant here.
   */
  private split(lo: number, hi: number, rng: Rng): { feature: number; threshold: number } | null {
    const { X, d, rows, keys, ord, wy, w, y, feats } = this;
    const m = hi - lo;
    let best = Infinity,
      bestF = -1,
      bestT = 0,
      tried = 0;
    for (let k = 0; k < d && tried < this.mtry; k++) {
      const j = k + rng.int(d - k);
      const f = feats[j];
      feats[j] = feats[k];
      feats[k] = f;
      for (let i = 0; i < m; i++) {
        const r = rows[lo + i];
        keys[i] = X[r * d + f];
        ord[i] = r;
      }
      sortPairs(keys, ord, 0, m - 1);
      if (keys[m - 1] <= keys[0] + 1e-7) continue;
      tried++;
      wy.fill(0, 0, 2 * m);
      for (let i = 0; i < m; i++) wy[2 * i + y[ord[i]]] = w[ord[i]];
      const s = scan(keys, wy, m);
      if (s && s.impurity < best) {
        best = s.impurity;
        bestF = f;
        bestT = s.threshold;
      }
    }
    return bestF < 0 ? null : { feature: bestF, threshold: bestT };
  }

  /** Moves rows[lo..hi) with x_f <= t to the front; returns where the right child starts. */
  private partition(lo: number, hi: number, f: number, t: number): number {
    const { X, d, rows } = this;
    let i = lo,
      j = hi - 1;
    while (i <= j) {
      if (X[rows[i] * d + f] <= t) i++;
      else {
        const r = rows[i];
        rows[i] = rows[j];
        rows[j--] = r;
      }
    }
    return i;
  }
}
