import { describe, expect, it } from 'vitest';
import { histogram, ScoreView } from './scoreView';

const none = { labeledRows: new Int32Array(0), labeledCodes: new Int8Array(0) };

describe('ScoreView', () => {
  const scores = Float32Array.from([0.5, 3, -1, 2, 2, 7]);

  it('pages the rows by score, with ranks (ties share the best) and posteriors', () => {
    const v = new ScoreView();
    v.set(scores, Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]));
    const p = v.page({ sort: 'score-desc', filter: 'all', start: 1, count: 3, ...none }, 6);
    expect(p.total).toBe(6);
    expect(Array.from(p.rows)).toEqual([1, 3, 4]);
    expect(Array.from(p.ranks)).toEqual([2, 3, 3]);
    expect(Array.from(p.scores)).toEqual([3, 2, 2]);
    expect(Array.from(p.posteriors!)).toEqual([0.2, 0.4, 0.5]);
    const asc = v.page({ sort: 'score-asc', filter: 'all', start: 0, count: 2, ...none }, 6);
    expect(Array.from(asc.rows)).toEqual([2, 0]);
  });

  it('ranks the answered outliers first and the answered inliers last; Score sorts by the model alone', () => {
    const v = new ScoreView();
    v.set(scores);
    // Row 2 (the lowest score) answered outlier, row 5 (the highest) answered inlier.
    const labels = { labeledRows: Int32Array.from([2, 5]), labeledCodes: Int8Array.from([1, 0]) };
    const p = v.page({ sort: 'rank-asc', filter: 'all', start: 0, count: 10, ...labels }, 6);
    expect(Array.from(p.rows)).toEqual([2, 1, 3, 4, 0, 5]);
    expect(Array.from(p.ranks)).toEqual([1, 2, 3, 3, 5, 6]);
    expect(Array.from(p.modelRanks)).toEqual([6, 2, 3, 3, 5, 1]);
    expect(Array.from(p.scores)).toEqual([-1, 3, 2, 2, 0.5, 7]);
    const desc = v.page({ sort: 'rank-desc', filter: 'all', start: 0, count: 1, ...labels }, 6);
    expect(Array.from(desc.rows)).toEqual([5]);
    const byScore = v.page({ sort: 'score-desc', filter: 'all', start: 0, count: 10, ...labels }, 6);
    expect(Array.from(byScore.rows)).toEqual([5, 1, 3, 4, 0, 2]);
    expect(Array.from(byScore.ranks)).toEqual([6, 2, 3, 3, 5, 1]);
    // New answers re-rank the same scores; none gives the model's ranks back.
    const plain = v.page({ sort: 'rank-asc', filter: 'all', start: 0, count: 10, ...none }, 6);
    expect(Array.from(plain.rows)).toEqual([5, 1, 3, 4, 0, 2]);
    expect(Array.from(plain.ranks)).toEqual(Array.from(plain.modelRanks));
  });

  it('filters by the labels the page sends, and clamps the window', () => {
    const v = new ScoreView();
    v.set(scores);
    const labels = { labeledRows: Int32Array.from([5, 2, 0]), labeledCodes: Int8Array.from([1, 0, 0]) };
    const inl = v.page({ sort: 'score-desc', filter: 'inlier', start: 0, count: 10, ...labels }, 6);
    expect(Array.from(inl.rows)).toEqual([0, 2]);
    const unl = v.page({ sort: 'row-asc', filter: 'unlabeled', start: 2, count: 10, ...labels }, 6);
    expect(unl.total).toBe(3);
    expect(Array.from(unl.rows)).toEqual([4]);
    expect(v.page({ sort: 'row-desc', filter: 'all', start: 99, count: 5, ...none }, 6).rows.length).toBe(0);
  });

  it('before any scores it lists rows in order; a new vector changes the version', () => {
    const v = new ScoreView();
    const p = v.page({ sort: 'score-desc', filter: 'all', start: 0, count: 3, ...none }, 4);
    expect(Array.from(p.rows)).toEqual([0, 1, 2]);
    expect(p.scores.length).toBe(0);
    const before = v.version;
    v.set(scores);
    v.set(scores); // the same vector: no change
    expect(v.version).toBe(before + 1);
  });

  it('bins every finite score and counts the candidates', () => {
    const bins = histogram(Float32Array.from([0, 1, 2, 3, NaN, 4]), [4, 5, 0], 4);
    expect(bins.map((b) => b.rows)).toEqual([1, 1, 1, 2]);
    expect(bins.map((b) => b.candidates)).toEqual([1, 0, 0, 1]);
    expect(bins[0].from).toBe(0);
    expect(bins[3].to).toBe(4);
  });
});
