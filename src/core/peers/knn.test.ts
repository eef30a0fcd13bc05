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
});
