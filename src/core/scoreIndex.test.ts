import { describe, expect, it } from 'vitest';
import { answerRanks, orderByRank, rankRows } from './scoreIndex';

/** 300 rows, row i scoring 300 - i: the model's rank of row i is i + 1. */
const scores = Float32Array.from({ length: 300 }, (_, i) => 300 - i);
const codesOf = (answers: Record<number, 0 | 1>) => {
  const codes = new Int8Array(300).fill(-1);
  for (const [row, label] of Object.entries(answers)) codes[Number(row)] = label;
  return codes;
};

describe('answerRanks: the final ranking', () => {
  it('puts an answered outlier the model ranks 292nd first, and an answered inlier it ranks 1st last', () => {
    const ranks = answerRanks(scores, codesOf({ 291: 1, 0: 0 }));
    expect(rankRows(scores)[291]).toBe(292); // the model's view, unchanged
    expect(ranks[291]).toBe(1);
    expect(ranks[0]).toBe(300);
  });

  it('keeps the model order inside the answered outliers, the unanswered rows and the answered inliers', () => {
    const codes = codesOf({ 250: 1, 100: 1, 280: 1, 5: 0, 150: 0 });
    const ranks = answerRanks(scores, codes);
    // The k = 3 answered outliers take ranks 1..3, in the model's order.
    expect([ranks[100], ranks[250], ranks[280]]).toEqual([1, 2, 3]);
    expect([ranks[5], ranks[150]]).toEqual([299, 300]);
    const unanswered = Array.from(orderByRank(ranks)).filter((r) => codes[r] === -1);
    expect(unanswered).toEqual(Array.from(orderByRank(rankRows(scores))).filter((r) => codes[r] === -1));
    expect(unanswered.map((r) => ranks[r])).toEqual(Array.from({ length: 295 }, (_, i) => i + 4));
  });

  it('equals the model ranks with no answers, ties and NaN included', () => {
    const s = Float32Array.from([0.1, 5, NaN, 3, 5, NaN, -2]);
    const none = new Int8Array(s.length).fill(-1);
    expect(Array.from(answerRanks(s, none))).toEqual(Array.from(rankRows(s)));
    expect(Array.from(answerRanks(s, new Int8Array(0)))).toEqual(Array.from(rankRows(s)));
  });

  it('ties share their best rank within a group; NaN stays last within it', () => {
    const s = Float32Array.from([5, 5, 1, 5, NaN, 0]);
    const codes = Int8Array.from([1, 1, 1, -1, 1, 0]);
    // Outliers: rows 0, 1 (tied), 2, 4 (NaN); then row 3; then the inlier row 5.
    expect(Array.from(answerRanks(s, codes))).toEqual([1, 1, 3, 5, 4, 6]);
  });
});
