import { describe, expect, it } from 'vitest';
import fixture from './fixtures/forest-sklearn.json';
import { rocAuc } from '../metrics';
import { Rng } from '../rng';
import { bestSplit, RandomForest } from './randomForest';
import { forestOnRandomAnswers } from './randomAnswers';
import { matrix } from '../data/matrix';

/** Weighted Gini of a split by the textbook formula, written apart from the scan under test. */
function giniOf(xs: number[], ys: number[], ws: number[], t: number): number {
  const side = (left: boolean) => {
    let w0 = 0,
      w1 = 0;
    xs.forEach((x, i) => {
      if (x <= t === left) {
        if (ys[i]) w1 += ws[i];
        else w0 += ws[i];
      }
    });
    const w = w0 + w1;
    return { w, g: w ? 1 - (w0 / w) ** 2 - (w1 / w) ** 2 : 0 };
  };
  const l = side(true),
    r = side(false);
  return (l.w * l.g + r.w * r.g) / (l.w + r.w);
}

function twoBlobs(n: number, d: number, seed: number, gap: number): { X: Float32Array; y: Uint8Array } {
  const rng = new Rng(seed);
  const X = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 4 === 0 ? 1 : 0;
    for (let j = 0; j < d; j++) X[i * d + j] = rng.normal() + (y[i] && j < 2 ? gap : 0);
  }
  return { X, y };
}

describe('bestSplit', () => {
  it('picks the threshold a hand computation picks', () => {
    // By hand: t=1.5 -> 6/7*4/9 = .381; 2.5 -> 5/7*.32 = .229; 3.5 -> .405; 4.5 -> 4/7*.375 = .214; 5.5 -> .343; 6.5 -> .429.
    const xs = [1, 2, 3, 4, 5, 6, 7];
    const ys = [0, 0, 1, 0, 1, 1, 1];
    const s = bestSplit(xs, ys)!;
    expect(s.threshold).toBe(4.5);
    expect(s.impurity).toBeCloseTo(1.5 / 7, 12);
  });

  it('agrees with a brute-force weighted Gini over every midpoint, on shuffled rows with ties', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 3 + rng.int(30);
      const xs = Array.from({ length: n }, () => rng.int(8));
      const ys = Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
      const ws = Array.from({ length: n }, () => 0.5 + rng.next());
      const distinct = [...new Set(xs)].sort((a, b) => a - b);
      const s = bestSplit(xs, ys, ws);
      if (distinct.length < 2) {
        expect(s).toBeNull();
        continue;
      }
      const ginis = distinct.slice(1).map((v, i) => giniOf(xs, ys, ws, (distinct[i] + v) / 2));
      const min = Math.min(...ginis);
      expect(s!.impurity).toBeCloseTo(min, 10);
      // The first best in sorted order, as scikit-learn's scan keeps it.
      const k = ginis.findIndex((g) => g <= min + 1e-12);
      expect(s!.threshold).toBe((distinct[k] + distinct[k + 1]) / 2);
    }
  });

  it('weights move the split: balanced weights on a 1:3 node', () => {
    // Unweighted the lone outlier is not worth isolating; weighted 3x it is.
    const xs = [1, 2, 3, 4, 5, 6, 7, 8];
    const ys = [0, 0, 0, 0, 0, 1, 0, 1];
    const plain = bestSplit(xs, ys)!;
    const w = ys.map((v) => (v ? 3 : 1));
    const weighted = bestSplit(xs, ys, w)!;
    expect(plain.impurity).toBeCloseTo(
      Math.min(...[1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5].map((t) => giniOf(xs, ys, [1, 1, 1, 1, 1, 1, 1, 1], t))),
      12,
    );
    expect(weighted.impurity).toBeCloseTo(Math.min(...[1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5].map((t) => giniOf(xs, ys, w, t))), 12);
  });
});

describe('RandomForest', () => {
  it('ranks a separable set perfectly, on training and held-out rows', () => {
    const tr = twoBlobs(120, 6, 1, 8);
    const te = twoBlobs(400, 6, 2, 8);
    const f = new RandomForest({ trees: 50, seed: 3 }).fit(tr.X, 120, 6, tr.y);
    expect(rocAuc(f.predictProba(te.X, 400), te.y)).toBe(1);
    const oob = f.oobProba();
    const seen = [...oob.keys()].filter((i) => Number.isFinite(oob[i]));
    expect(seen.length).toBeGreaterThan(110); // (1 - 1/e)^50 of the rows are in every bootstrap: almost none
    expect(
      rocAuc(
        Float64Array.from(seen, (i) => oob[i]),
        Uint8Array.from(seen, (i) => tr.y[i]),
      ),
    ).toBe(1);
  });

  it('balanced weights: a 1:19 minority in a pure leaf scores above 0.5, unweighted too, and weights count', () => {
    // 19 inliers at x=0, one outlier at x=1: every tree that draws the outlier isolates it in a pure leaf (p = 1);
    // one that misses it has a single pure leaf (p = 0). Balanced, the outlier's own region must be above 0.5.
    const n = 20;
    const X = new Float32Array(n);
    const y = new Uint8Array(n);
    X[19] = 1;
    y[19] = 1;
    const f = new RandomForest({ trees: 200, seed: 5 }).fit(X, n, 1, y);
    const p = f.predictProba(Float32Array.of(1, 0), 2);
    // P(drawn in a bootstrap of 20) = 1 - (19/20)^20 = 0.642: the mean of pure leaves is that fraction.
    expect(p[0]).toBeGreaterThan(0.5);
    expect(p[0]).toBeCloseTo(1 - (19 / 20) ** 20, 1);
    expect(p[1]).toBe(0);
    // A leaf holding both classes reports the weighted fraction: all rows at one x, so each tree is one leaf; a tree
    // that drew the outlier once and the inliers 19 times says exactly 1/2 balanced, 1/20 unweighted.
    const Xc = new Float32Array(n);
    const g = new RandomForest({ trees: 30, seed: 1 }).fit(Xc, n, 1, y);
    const q = g.predictProba(Float32Array.of(0), 1)[0];
    const h = new RandomForest({ trees: 30, seed: 1, balanced: false }).fit(Xc, n, 1, y);
    const r = h.predictProba(Float32Array.of(0), 1)[0];
    expect(r).toBeLessThan(0.15); // about 1/20 per tree, unweighted
    expect(q).toBeGreaterThan(r * 5); // balanced: the outlier's bootstrap copies weigh 19 times more
  });

  it('is deterministic by seed, and the seed matters', () => {
    const tr = twoBlobs(100, 10, 4, 1);
    const te = twoBlobs(50, 10, 5, 1);
    const a = new RandomForest({ trees: 20, seed: 9 }).fit(tr.X, 100, 10, tr.y).predictProba(te.X, 50);
    const b = new RandomForest({ trees: 20, seed: 9 }).fit(tr.X, 100, 10, tr.y).predictProba(te.X, 50);
    const c = new RandomForest({ trees: 20, seed: 10 }).fit(tr.X, 100, 10, tr.y).predictProba(te.X, 50);
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it('refuses shapes that do not match', () => {
    const f = new RandomForest({ trees: 2 });
    expect(() => f.fit(new Float32Array(5), 2, 2, new Uint8Array(2))).toThrow(/5 values/);
    expect(() => f.predictProba(new Float32Array(2), 1)).toThrow(/not fitted/);
  });

  describe.each(fixture.cases)('against scikit-learn $name', (c) => {
    it('test AUC within 0.03 of RandomForestClassifier(200 trees, balanced)', () => {
      const ntr = c.train.y.length,
        nte = c.test.y.length;
      const aucs = [1, 2, 3].map((seed) => {
        const f = new RandomForest({ trees: 200, seed }).fit(Float32Array.from(c.train.X), ntr, c.d, Uint8Array.from(c.train.y));
        return rocAuc(f.predictProba(Float32Array.from(c.test.X), nte), c.test.y);
      });
      const ours = aucs.reduce((a, b) => a + b, 0) / aucs.length;
      console.log(`${c.name}: test AUC ours ${ours.toFixed(4)} (seeds 1-3), sklearn ${c.sklearn_test_auc.toFixed(4)} (seeds 0-4)`);
      expect(Math.abs(ours - c.sklearn_test_auc)).toBeLessThan(0.03);
    });
  });
});

describe('forestOnRandomAnswers', () => {
  const tr = twoBlobs(200, 4, 11, 6);
  const te = twoBlobs(100, 4, 12, 6);
  const Xtr = matrix(200, 4, tr.X),
    Xte = matrix(100, 4, te.X);

  it('asks N distinct rows, answers from the truth, ranks the test and unasked rows', () => {
    const r = forestOnRandomAnswers(Xtr, tr.y, Xte, { answers: 40, seed: 3, forest: { trees: 50 } });
    expect(r.asked.length).toBe(40);
    expect(new Set(r.asked).size).toBe(40);
    expect(r.outliers).toBe([...r.asked].filter((i) => tr.y[i]).length);
    expect(r.model).toBe('forest');
    expect(r.askedOob!.length).toBe(40);
    expect(rocAuc(r.testScores, te.y)).toBeGreaterThan(0.95);
    const unasked = [...tr.y.keys()].filter((i) => !r.asked.includes(i));
    expect(
      rocAuc(
        Float64Array.from(unasked, (i) => r.trainScores[i]),
        Uint8Array.from(unasked, (i) => tr.y[i]),
      ),
    ).toBeGreaterThan(0.95);
    const again = forestOnRandomAnswers(Xtr, tr.y, Xte, { answers: 40, seed: 3, forest: { trees: 50 } });
    expect([...again.asked]).toEqual([...r.asked]);
    expect([...again.testScores]).toEqual([...r.testScores]);
  });

  it('takes given rows instead of a draw', () => {
    const asked = [0, 4, 8, 1, 2, 3];
    const r = forestOnRandomAnswers(Xtr, tr.y, Xte, { answers: 99, seed: 1, asked, forest: { trees: 5 } });
    expect([...r.asked]).toEqual(asked);
    expect(r.outliers).toBe(3); // rows 0, 4, 8 (every fourth row is an outlier)
    expect(() => forestOnRandomAnswers(Xtr, tr.y, Xte, { answers: 1, seed: 1, asked: [200] })).toThrow(/outside/);
  });

  it('caps N at the training rows', () => {
    expect(forestOnRandomAnswers(Xtr, tr.y, Xte, { answers: 500, seed: 1, forest: { trees: 5 } }).asked.length).toBe(200);
  });

  it('one class among the answers: the prior order if given, else no order at all', () => {
    const inliers = new Uint8Array(200); // every answer says inlier
    const none = forestOnRandomAnswers(Xtr, inliers, Xte, { answers: 20, seed: 1 });
    expect(none.model).toBe('none');
    expect(rocAuc(none.testScores, te.y)).toBe(0.5);
    const prior = { train: Float64Array.from({ length: 200 }, (_, i) => i), test: Float64Array.from(te.y) };
    const withPrior = forestOnRandomAnswers(Xtr, inliers, Xte, { answers: 20, seed: 1, prior });
    expect(withPrior.model).toBe('prior');
    expect([...withPrior.testScores]).toEqual([...te.y]);
  });
});
