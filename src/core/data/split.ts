import { Rng } from '../rng';
import { NumpyRandomState } from './numpyRandom';

export interface RowSplit {
  train: Int32Array;
  test: Int32Array;
}
export type SplitMode = 'stratified' | 'random' | 'reference';

/** scikit-learn's sizing: n_test = ceil((1 - trainFraction) * n), the rest trains. */
function trainSize(n: number, trainFraction: number): number {
  return n - Math.ceil((1 - trainFraction) * n - 1e-9);
}

/**
 * Plain random split of the same sizes: what the reference's benchmark does in effect (its stratify
 * vector is all zeros), so a small set's test part can hold any number of outliers.
 */
export function randomSplit(n: number, trainFraction: number, seed: number): RowSplit {
  const idx = Array.from({ length: n }, (_, i) => i);
  new Rng(seed).shuffle(idx);
  const nTrain = trainSize(n, trainFraction);
  const sorted = (a: number[]) => Int32Array.from(a).sort();
  return { train: sorted(idx.slice(0, nTrain)), test: sorted(idx.slice(nTrain)) };
}

/** The split of the rows that pollution subsampling kept ('reference' subsamples too: use referenceSplit). */
export function splitRows(y: ArrayLike<number>, trainFraction: number, seed: number, mode: 'stratified' | 'random'): RowSplit {
  return mode === 'random' ? randomSplit(y.length, trainFraction, seed) : stratifiedSplit(y, trainFraction, seed);
}

/**
 * Stratified split: n_test = ceil((1 - trainFraction) * n) as scikit-learn sizes it; outliers get their
 * proportional share of the training rows; each class is shuffled by seed.
 */
export function stratifiedSplit(y: ArrayLike<number>, trainFraction: number, seed: number): RowSplit {
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  const n = y.length;
  const nTrain = trainSize(n, trainFraction);
  let nOut = 0;
  for (let i = 0; i < n; i++) if (y[i]) nOut++;
  const outTrain = Math.round((nOut * nTrain) / n);
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if ((y[i] ? 1 : 0) === cls) idx.push(i);
    rng.shuffle(idx);
    const cut = cls === 1 ? outTrain : nTrain - outTrain;
    train.push(...idx.slice(0, cut));
    test.push(...idx.slice(cut));
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * The benchmark's pollution subsampling: keep every inlier and floor(n_in * r / (1 - r)) outliers
 * (a seeded random subset), so the outlier share is about r. Returns the kept row indices, sorted.
 */
export function pollutionSubsample(y: ArrayLike<number>, ratio: number, seed: number): Int32Array {
  const inl: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] ? out : inl).push(i);
  const want = Math.min(out.length, Math.floor((inl.length * ratio) / (1 - ratio)));
  new Rng(seed).shuffle(out);
  return Int32Array.from([...inl, ...out.slice(0, want)].sort((a, b) => a - b));
}

/**
 * The exact rows the authors' benchmark used for a data seed (pollution subsampling and 70/30 split in
 * one), reproduced with NumPy's generator: rows reordered inliers first; seed the generator; permute the
 * inliers, then the outliers; keep every inlier and the first floor(n_in r / (1 - r)) permuted outliers
 * (all of them when ratio is null); then scikit-learn's train_test_split(train_size=0.7) with a fresh
 * generator of the same seed and an all-zero stratify vector, which is a plain random split of the kept
 * rows. Checked against NumPy and scikit-learn in split.test.ts.
 */
export function referenceSplit(y: ArrayLike<number>, ratio: number | null, seed: number): RowSplit {
  const inl: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] ? out : inl).push(i);
  const want = ratio == null ? out.length : Math.min(out.length, Math.floor((ratio * inl.length) / (1 - ratio)));
  const g = new NumpyRandomState(seed);
  const pIn = g.permutation(inl.length);
  const pOut = g.permutation(out.length);
  const kept = [...Array.from(pIn, (i) => inl[i]), ...Array.from(pOut.subarray(0, want), (i) => out[i])];
  // scikit-learn: n_train = floor(0.7 n); one class, so the positions are a single permutation.
  const nTrain = Math.floor(0.7 * kept.length);
  const perm = new NumpyRandomState(seed).permutation(kept.length);
  const pick = (from: number, to: number) => Int32Array.from(perm.subarray(from, to), (p) => kept[p]).sort();
  return { train: pick(0, nTrain), test: pick(nTrain, kept.length) };
}
