import { describe, expect, it } from 'vitest';
import { matrix, takeLabels, takeRows } from '../src/core/data/matrix';
import { minMaxScale } from '../src/core/data/scale';
import { referenceSplit } from '../src/core/data/split';
import { rocAuc } from '../src/core/metrics';
import { knnScores } from '../src/core/peers/knn';
import { runPeerProtocol } from '../bench/peers';
import { blobWithOutliers } from './synthetic';

const opts = { seed: 100, pollution: 0.05, backend: 'typescript', split: 'reference' as const };

describe('the peers on the protocol rows', () => {
  it("scores the reference split's rows, min-max scaled over all rows, with IMBoost's fields", () => {
    const { X, y } = blobWithOutliers(300, 4, 0.1, 3);
    const r = runPeerProtocol('blob', X, y, { ...opts, peer: 'knn' });
    const { train, test } = referenceSplit(y, 0.05, 100);
    const S = minMaxScale(X);
    const s = knnScores(takeRows(S, train), takeRows(S, test));
    expect(r.n_train).toBe(train.length);
    expect(r.train_auc).toBe(rocAuc(s.train, takeLabels(y, train)));
    expect(r.test_auc).toBe(rocAuc(s.test, takeLabels(y, test)));
    expect(r.method).toBe('knn');
    expect(Number.isFinite(r.seconds)).toBe(true);
  });

  it('kNN and IsolationForest read scaled rows (a column in other units changes nothing); cosine kNN the raw ones', () => {
    const { X, y } = blobWithOutliers(300, 4, 0.1, 4);
    const stretched = matrix(
      X.rows,
      X.cols,
      X.data.map((v, i) => (i % X.cols === 0 ? 1000 * v + 5 : v)),
    );
    for (const peer of ['knn', 'iforest'] as const) {
      const a = runPeerProtocol('blob', X, y, { ...opts, peer });
      const b = runPeerProtocol('blob', stretched, y, { ...opts, peer });
      expect(b.test_auc).toBeCloseTo(a.test_auc, 6);
      expect(b.train_auc).toBeCloseTo(a.train_auc, 6);
    }
    const { train, test } = referenceSplit(y, 0.05, 100);
    const raw = knnScores(takeRows(stretched, train), takeRows(stretched, test), { metric: 'cosine' });
    const r = runPeerProtocol('blob', stretched, y, { ...opts, peer: 'cosine-knn' });
    expect(r.train_auc).toBe(rocAuc(raw.train, takeLabels(y, train)));
    expect(r.test_auc).toBe(rocAuc(raw.test, takeLabels(y, test)));
  });

  it('transductive: train and rank every row, no test fields', () => {
    const { X, y } = blobWithOutliers(200, 3, 0.1, 5);
    const r = runPeerProtocol('blob', X, y, { ...opts, peer: 'iforest', protocol: 'transductive' });
    expect(r.n_train).toBe(200);
    expect(r.train_auc).toBeGreaterThan(0.8);
    expect(r.test_auc).toBeNaN();
  });
});
