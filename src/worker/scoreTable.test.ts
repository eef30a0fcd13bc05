import { describe, expect, it } from 'vitest';
import { agreementWithRun, scoredSummary } from './scoreTable';

const header = ['a', 'b', 'label'];

describe('agreementWithRun', () => {
  it('compares the scorer with the run on the run\u2019s own table: Spearman and the shared top rows', () => {
    // 25 rows; the scorer swaps rows 0 and 24 (the run's lowest and highest) and keeps the rest in the run's order.
    const run = Float32Array.from({ length: 25 }, (_, i) => i / 10);
    const scores = Float32Array.from(run, (v, i) => (i === 0 ? 1000 : i === 24 ? -1 : v + 100));
    const a = agreementWithRun({ header, scores }, { header, scores: run })!;
    // Ranks differ by 24 on two rows: rho = 1 - 6 * (2 * 24^2) / (25 * (25^2 - 1)) = 1 - 6912 / 15600.
    expect(a.rho).toBeCloseTo(1 - 6912 / 15600, 6);
    // The run's top 20 are rows 5..24; the scorer's are row 0 and rows 5..23: 19 in common.
    expect(a).toMatchObject({ top: 20, sharedTop: 19 });
  });

  it('says nothing for another table, another row count or no final score', () => {
    const s = Float32Array.from([1, 2, 3]);
    expect(agreementWithRun({ header: ['a', 'b', 'note'], scores: s }, { header, scores: s })).toBeNull();
    expect(agreementWithRun({ header, scores: s }, { header, scores: Float32Array.from([1, 2]) })).toBeNull();
    expect(agreementWithRun({ header, scores: s }, { header, scores: null })).toBeNull();
  });
});

describe('scoredSummary', () => {
  it('gives the rows, the scores\u2019 range and the agreement', () => {
    const a = { rho: 0.9, sharedTop: 2, top: 3 };
    expect(scoredSummary('t.csv', Float32Array.from([2, -1.5, 7]), ['m'], a)).toEqual({
      fileName: 't.csv',
      rows: 3,
      messages: ['m'],
      min: -1.5,
      max: 7,
      agreement: a,
    });
  });
});
