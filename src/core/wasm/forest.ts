/**
 * The random forest's scoring of many rows in the WebAssembly kernels (wasm/assembly/forest.ts) when they are
 * registered: the same walk as peers/forestPredict.ts, the same sums in the same order, about 1.7x faster on a
 * 600k-row table. The rows go in blocks, one call each, so V8's optimizing compiler takes over after the first few
 * (one long call would stay in its baseline code, slower than the JavaScript walk).
 */
import { sumFlat, type FlatForest } from '../peers/forestPredict';
import { acquireKernels, releaseKernels, wasmKernelsAvailable } from './kernels';

/** Rows a call walks: the JavaScript walk's cache block. */
const BLOCK = 1024;

/** Cells of the table in the kernels' memory at once (16 MB): a wide, tall table goes through in chunks of rows. */
const CHUNK_CELLS = 1 << 22;

/**
 * sumFlat (peers/forestPredict.ts) in the kernels, or null when they are not registered or their memory cannot grow
 * to the chunk (the JavaScript walk then gives the same numbers).
 */
export function sumFlatWasm(
  forest: FlatForest,
  X: Float32Array,
  n: number,
  d: number,
  chunkCells = CHUNK_CELLS,
): Float64Array | null {
  if (!wasmKernelsAvailable()) return null;
  const kernels = acquireKernels();
  try {
    const m = Math.min(n, Math.max(BLOCK, Math.floor(chunkCells / Math.max(1, d) / BLOCK) * BLOCK));
    // Sizes in 4-byte slots; every allocation first, then the views (a memory growth detaches earlier ones).
    const x = kernels.alloc(m * d);
    const roots = kernels.alloc(forest.roots.length);
    const feature = kernels.alloc(forest.feature.length);
    const threshold = kernels.alloc(2 * forest.threshold.length);
    const children = kernels.alloc(forest.children.length);
    const leaf = kernels.alloc(Math.ceil(forest.leaf.length / 4));
    const leafValue = kernels.alloc(2 * forest.leafValue.length);
    const out = kernels.alloc(2 * m);
    const buf = kernels.k.memory.buffer;
    new Int32Array(buf, roots, forest.roots.length).set(forest.roots);
    new Int32Array(buf, feature, forest.feature.length).set(forest.feature);
    new Float64Array(buf, threshold, forest.threshold.length).set(forest.threshold);
    new Int32Array(buf, children, forest.children.length).set(forest.children);
    new Uint8Array(buf, leaf, forest.leaf.length).set(forest.leaf);
    new Float64Array(buf, leafValue, forest.leafValue.length).set(forest.leafValue);
    const sums = new Float64Array(n);
    const trees = forest.roots.length;
    for (let c0 = 0; c0 < n; c0 += m) {
      const rows = Math.min(m, n - c0);
      new Float32Array(buf, x, rows * d).set(X.subarray(c0 * d, (c0 + rows) * d));
      new Float64Array(buf, out, rows).fill(0);
      for (let b0 = 0; b0 < rows; b0 += BLOCK)
        kernels.k.forestSum(x, d, b0, Math.min(rows, b0 + BLOCK), roots, trees, feature, threshold, children, leaf, leafValue, out);
      sums.set(new Float64Array(buf, out, rows), c0);
    }
    return sums;
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  } finally {
    releaseKernels(kernels);
  }
}

/**
 * Sum over trees of the leaf value each of n rows reaches: in the kernels when registered and `kernels`, else the
 * JavaScript walk (the same numbers either way). Both forests (random and isolation) score through here.
 */
export function sumTrees(forest: FlatForest, X: Float32Array, n: number, d: number, kernels = true): Float64Array {
  return (kernels ? sumFlatWasm(forest, X, n, d) : null) ?? sumFlat(forest, X, n, d);
}
