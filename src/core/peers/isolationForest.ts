/**
 * IsolationForest (Liu, Ting & Zhou 2008), built as scikit-learn builds it so the two rank rows alike: each tree
 * on a subsample of min(256, n) rows drawn without replacement, depth limit ceil(log2(subsample)), at each node
 * a random feature among those not constant in the node and a split uniform in its [min, max); a row's path
 * length is its depth plus c(size) of the leaf it ends in. Score 2^(-E[h] / c(subsample)): higher = more anomalous.
 */
import type { Matrix } from '../data/matrix';
import { Rng } from '../rng';
import { sumTrees } from '../wasm/forest';
import { flattenForest, type FlatForest, type TreeNodes } from './forestPredict';

const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): the mean path length of an unsuccessful search in a binary search tree of n points, 2 H(n-1) - 2 (n-1)/n
 * with H(i) ~ ln(i) + gamma; c(2) = 1 exactly (the approximation is poor there), c(n <= 1) = 0, as scikit-learn.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export interface IsolationForestOptions {
  seed: number;
  trees?: number;
  subsample?: number;
}

export class IsolationForest {
  /**
   * The trees in the random forest's flat arrays, a leaf's value its whole path length: its depth plus c(size) of
   * its rows (computed once per leaf, not per row: the log made scoring 600k rows take 10 s). So the forest's walk,
   * eight rows at a time and in the WebAssembly kernels when registered, scores the rows.
   */
  private readonly flat: FlatForest;
  readonly subsample: number;

  private constructor(trees: TreeNodes[], subsample: number) {
    this.flat = flattenForest(trees);
    this.subsample = subsample;
  }

  static fit(X: Matrix, opts: IsolationForestOptions): IsolationForest {
    if (X.rows < 1) throw new Error('IsolationForest: no rows');
    const nTrees = opts.trees ?? 100;
    const psi = Math.min(opts.subsample ?? 256, X.rows);
    const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
    const rng = new Rng(opts.seed);
    const all = Int32Array.from({ length: X.rows }, (_, i) => i);
    const trees: TreeNodes[] = [];
    for (let t = 0; t < nTrees; t++) {
      // Partial Fisher-Yates: the first psi slots are a uniform sample without replacement.
      for (let i = 0; i < psi; i++) {
        const j = i + rng.int(X.rows - i);
        const v = all[i];
        all[i] = all[j];
        all[j] = v;
      }
      trees.push(buildTree(X, all.slice(0, psi), maxDepth, rng));
    }
    return new IsolationForest(trees, psi);
  }

  /** Mean path length E[h] of each row over the trees (summed tree by tree, in tree order). */
  pathLengths(X: Matrix): Float64Array {
    const sum = sumTrees(this.flat, X.data, X.rows, X.cols);
    const t = this.flat.roots.length;
    return sum.map((v) => v / t);
  }

  /** The anomaly score 2^(-E[h] / c(psi)) in (0, 1]; scikit-learn's score_samples is its negative. */
  score(X: Matrix): Float64Array {
    const h = this.pathLengths(X);
    const c = averagePathLength(this.subsample);
    // One row per tree (psi = 1): every path is 0 long and c is 0; every row is equally (un)isolated.
    return h.map((v) => (c > 0 ? Math.pow(2, -v / c) : 1));
  }
}

/** One tree in preorder (a split's left child is the next node); a leaf's value is its depth plus c(its rows). */
function buildTree(X: Matrix, rows: Int32Array, maxDepth: number, rng: Rng): TreeNodes {
  const feature: number[] = [];
  const value: number[] = [];
  const right: number[] = [];
  const d = X.cols;
  const order = Int32Array.from({ length: d }, (_, i) => i);
  const grow = (lo: number, hi: number, depth: number): number => {
    const id = feature.length;
    feature.push(-1);
    value.push(depth + averagePathLength(hi - lo));
    right.push(-1);
    if (hi - lo <= 1 || depth >= maxDepth) return id;
    // Draw features without replacement until one varies in this node; none varies: a leaf.
    let f = -1;
    let min = 0;
    let max = 0;
    for (let k = 0; k < d && f < 0; k++) {
      const j = k + rng.int(d - k);
      const c = order[j];
      order[j] = order[k];
      order[k] = c;
      min = Infinity;
      max = -Infinity;
      for (let i = lo; i < hi; i++) {
        const v = X.data[rows[i] * d + c];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max > min) f = c;
    }
    if (f < 0) return id;
    let t = min + rng.next() * (max - min);
    if (t >= max) t = min; // rounding could reach max and send every row left
    let mid = lo;
    for (let i = lo; i < hi; i++) {
      if (X.data[rows[i] * d + f] <= t) {
        const v = rows[i];
        rows[i] = rows[mid];
        rows[mid] = v;
        mid++;
      }
    }
    feature[id] = f;
    value[id] = t;
    grow(lo, mid, depth + 1);
    right[id] = grow(mid, hi, depth + 1);
    return id;
  };
  grow(0, rows.length, 0);
  return { feature: Int32Array.from(feature), value: Float64Array.from(value), right: Int32Array.from(right) };
}
