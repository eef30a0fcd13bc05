import { describe, expect, it } from 'vitest';
import fixture from './fixtures/peers.json';
import { matrix, type Matrix } from '../data/matrix';
import { Rng } from '../rng';
import { knnScores, referenceRows } from './knn';

const rowsOf = (rows: number[][]): Matrix => matrix(rows.length, rows[0].length, Float32Array.from(rows.flat()));

/** The k-th smallest of every distance from row q to the rows of R, skipping index skip: a plain sort. */
function bruteKth(q: ArrayLike<number>, R: Matrix, refRows: number[], k: number, skip: number): number {
  const ds: number[] = [];
  for (const j of refRows) {
    if (j === skip) continue;
    let s = 0;
    for (let c = 0; c < R.cols; c++) s += (q[c] - R.data[j * R.cols + c]) ** 2;
    ds.push(Math.sqrt(s));
  }
  return ds.sort((a, b) => a - b)[k - 1];
}

describe('kNN distance', () => {
  it('matches a hand-worked line of points', () => {
    // Training 0 1 2 4 10, k = 2: e.g. row 4 sees 4 3 2 6, so its 2nd nearest is 3 away.
    const train = rowsOf([[0], [1], [2], [4], [10]]);
    const test = rowsOf([[3], [20]]);
    const s = knnScores(train, test, { k: 2 });
    expect(Array.from(s.train)).toEqual([2, 1, 2, 3, 8]);
    // 3 sees 3 2 1 1 7 (no self to skip: a test row is not a training row); 20 sees 20 19 18 16 10.
    expect(Array.from(s.test)).toEqual([1, 16]);
  });

  it('cosine distance is 1 - cosine similarity of the k-th nearest direction', () => {
    const train = rowsOf([
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 0],
    ]);
    const s = knnScores(train, rowsOf([[0, 3]]), { k: 1, metric: 'cosine' });
    // (1,0) and (2,0) point the same way; (1,1) is 45 degrees from both axes.
    expect(s.train[0]).toBeCloseTo(0, 12);
    expect(s.train[1]).toBeCloseTo(1 - Math.SQRT1_2, 12);
    expect(s.train[2]).toBeCloseTo(1 - Math.SQRT1_2, 12);
    expect(s.train[3]).toBeCloseTo(0, 12);
    expect(s.test[0]).toBeCloseTo(0, 12);
  });

  it.each(['euclidean', 'cosine'] as const)('matches scikit-learn NearestNeighbors (%s)', (metric) => {
    const { train, test } = fixture.knn;
    const s = knnScores(rowsOf(train), rowsOf(test), { k: fixture.k, metric });
    const want = fixture.knn[metric];
    // scikit-learn's brute force expands |x-y|^2 = |x|^2 + |y|^2 - 2 x.y, good to about 1e-8 of the distance.
    s.train.forEach((v, i) => expect(v).toBeCloseTo(want.train[i], 6));
    s.test.forEach((v, i) => expect(v).toBeCloseTo(want.test[i], 6));
  });

  it('past maxReference, searches a seeded sample of the training rows, skipping only the row itself', () => {
    const rng = new Rng(3);
    const X = matrix(
      120,
      3,
      Float32Array.from({ length: 360 }, () => rng.normal()),
    );
    const Q = matrix(
      10,
      3,
      Float32Array.from({ length: 30 }, () => rng.normal()),
    );
    const s = knnScores(X, Q, { maxReference: 50, seed: 9 });
    expect(s.reference).toBe(50);
    expect(knnScores(X, Q, { maxReference: 50, seed: 9 })).toEqual(s);
    const sample = Array.from(referenceRows(120, 50, 9));
    expect(new Set(sample).size).toBe(50);
    for (let i = 0; i < 120; i++) expect(s.train[i]).toBeCloseTo(bruteKth(X.data.subarray(i * 3), X, sample, 5, i), 12);
    for (let i = 0; i < 10; i++) expect(s.test[i]).toBeCloseTo(bruteKth(Q.data.subarray(i * 3), X, sample, 5, -1), 12);
    // Up to the cap, every row is searched.
    expect(Array.from(referenceRows(120, 120, 9))).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('cosine by dot products, four rows at a time, matches a sort of every cosine distance (zero rows, a short last block)', () => {
    const rng = new Rng(11);
    const n = 63; // 15 blocks of four and one of three
    const d = 37;
    const data = Float32Array.from({ length: n * d }, () => rng.normal() + 0.5);
    data.fill(0, 5 * d, 6 * d); // a zero row: its distance to any unit row is 1/2
    data.copyWithin(7 * d, 8 * d, 9 * d); // a duplicate pair: distance 0 to each other
    const X = matrix(n, d, data);
    const Q = matrix(
      6,
      d,
      Float32Array.from({ length: 6 * d }, () => rng.normal()),
    );
    const unit = (m: Matrix) =>
      matrix(
        m.rows,
        d,
        Float32Array.from({ length: m.rows * d }, (_, i) => {
          const r = Math.floor(i / d);
          const norm = Math.hypot(...m.data.subarray(r * d, r * d + d));
          return norm > 0 ? m.data[i] / norm : 0;
        }),
      );
    const Xu = unit(X);
    const Qu = unit(Q);
    // Half the squared distance between unit rows is 1 - cosine similarity; computed here in float32-rounded rows.
    const cos = (v: number) => (v * v) / 2;
    for (const maxReference of [n, 40]) {
      const s = knnScores(X, Q, { k: 3, metric: 'cosine', maxReference, seed: 4 });
      const ref = Array.from(referenceRows(n, maxReference, 4));
      for (let i = 0; i < n; i++) expect(s.train[i]).toBeCloseTo(cos(bruteKth(Xu.data.subarray(i * d), Xu, ref, 3, i)), 6);
      for (let i = 0; i < 6; i++) expect(s.test[i]).toBeCloseTo(cos(bruteKth(Qu.data.subarray(i * d), Xu, ref, 3, -1)), 6);
    }
    expect(knnScores(X, null, { k: 1, metric: 'cosine' }).train[7]).toBeCloseTo(0, 12);
  });
});
