import { describe, expect, it } from 'vitest';
import { matrix } from '../data/matrix';
import { applyMinMax, fitMinMax } from '../data/scale';
import { rocAuc } from '../metrics';
import { IsolationForest } from '../peers/isolationForest';
import { knnScores } from '../peers/knn';
import { forestClassifier } from './forestClassifier';
import { labelFreeKind, labelFreeRanking, labelFreeSeed, WIDE_COLUMNS } from './labelFree';
import { answersStage, DEFAULT_STAGE } from './stack';

/** n rows of d columns: inliers along one direction, every 10th row off it (an angle outlier, same norm range). */
function table(n: number, d: number, seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const y = Uint8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < d; c++) data[i * d + c] = (y[i] ? (c % 2 ? 1 : 0.1) : c % 2 ? 0.1 : 1) * (0.5 + rnd()) + 0.05 * rnd();
  return { X: matrix(n, d, data), y };
}

describe('the label-free ranking that stands while no outlier is answered', () => {
  it('is IsolationForest below WIDE_COLUMNS columns and cosine kNN from there', () => {
    expect(labelFreeKind(WIDE_COLUMNS - 1)).toBe('iforest');
    expect(labelFreeKind(WIDE_COLUMNS)).toBe('cosine');
    expect(labelFreeKind(512)).toBe('cosine');
  });

  it('scores as the peers do, with the early questions’ seed', () => {
    const narrow = table(300, 6, 1);
    const r = labelFreeRanking(narrow.X, null, 9);
    expect(r.id).toBe('iforest');
    expect(Array.from(r.train)).toEqual(Array.from(IsolationForest.fit(narrow.X, { seed: labelFreeSeed(9) }).score(narrow.X)));
    const wide = table(200, WIDE_COLUMNS, 2);
    const w = labelFreeRanking(wide.X, wide.X, 9);
    expect(w.id).toBe('cosine');
    expect(Array.from(w.test!)).toEqual(Array.from(knnScores(wide.X, wide.X, { metric: 'cosine', seed: labelFreeSeed(9) }).test));
    // Angle outliers: the cosine ranking finds them.
    expect(rocAuc(w.train, wide.y)).toBeGreaterThan(0.95);
  });

  it('is what the answers’ stage returns while the answers hold no outlier, and no longer once one is', () => {
    const { X, y } = table(300, 6, 3);
    const free = labelFreeRanking(X, null, 4);
    // A prior that ranks every outlier last.
    const prior = Float64Array.from(y, (v, i) => (v ? 0 : 1) + i * 1e-6);
    const labels = new Int8Array(300).fill(-1);
    for (const r of [1, 2, 3, 4, 5, 6, 7, 8]) labels[r] = 0;
    const pickOnly = { ...DEFAULT_STAGE, propagationAnswers: 0 };
    const none = answersStage(X, null, { train: prior, test: null, labelFree: free }, labels, forestClassifier(1), pickOnly);
    expect(none.choice.id).toBe('iforest');
    expect(Array.from(none.train)).toEqual(Array.from(free.train));
    expect(none.choice.reason).toContain('0 outliers');
    labels[10] = 1;
    labels[20] = 1;
    labels[30] = 1;
    const some = answersStage(X, null, { train: prior, test: null, labelFree: free }, labels, forestClassifier(1));
    expect(some.choice.id).not.toBe('iforest');
  });
});

describe('cosine kNN on the rows as the file gave them', () => {
  it('undoes the min-max scaling first when the ranges are given', () => {
    const wide = table(150, WIDE_COLUMNS, 5);
    const scale = fitMinMax(wide.X);
    const scaled = applyMinMax(wide.X, scale);
    const fromScaled = labelFreeRanking(scaled, null, 2, scale);
    const fromRaw = knnScores(wide.X, null, { metric: 'cosine', seed: labelFreeSeed(2) });
    fromScaled.train.forEach((v, i) => expect(v).toBeCloseTo(fromRaw.train[i], 5));
    // Without the ranges it reads the scaled rows: another ranking.
    const plain = labelFreeRanking(scaled, null, 2);
    expect(Array.from(plain.train)).not.toEqual(Array.from(fromScaled.train));
  });
});
