import { describe, expect, it } from 'vitest';
import { LabelBook } from '../labels';
import { cheapAtStart, labelFreeIsCandidate, noOutlierRanking } from './prior';
import type { ImboostRun } from './state';

/** The fields noOutlierRanking reads, on a table of `cols` columns with `inliers` answered inlier. */
function runWith(cols: number, inliers: number): ImboostRun {
  const book = new LabelBook(100);
  for (let r = 0; r < inliers; r++) book.set(r, 0);
  return { opts: { X: { rows: 100, cols, data: new Float32Array(100 * cols) } }, book, ranking: null } as unknown as ImboostRun;
}

describe('the label-free ranking before an outlier is answered', () => {
  it('is computed at Start up to 50k rows, or a wide table’s cosine kNN up to ~1e9 row pairs x columns', () => {
    expect(cheapAtStart(50_000, 21)).toBe(true);
    expect(cheapAtStart(50_001, 21)).toBe(false);
    expect(cheapAtStart(200, 512)).toBe(true);
    expect(cheapAtStart(1_700, 512)).toBe(true);
    expect(cheapAtStart(1_800, 512)).toBe(false);
    expect(cheapAtStart(3_700, 512)).toBe(false);
  });

  it('stays a candidate after an outlier on any wide table and where it was cheap at Start, not on a big narrow one', () => {
    expect(labelFreeIsCandidate(3_700, 512)).toBe(true);
    expect(labelFreeIsCandidate(100_000, 512)).toBe(true);
    expect(labelFreeIsCandidate(50_000, 21)).toBe(true);
    expect(labelFreeIsCandidate(600_000, 10)).toBe(false);
  });

  it('names the detector, and says when the table shows the model’s score meanwhile', () => {
    const shown = noOutlierRanking(runWith(21, 4), true);
    expect(shown.choice).toBe('iforest');
    expect(shown.reason).toBe(
      'Ranked by IsolationForest, which needs no answers, until a round ends with an outlier among your answers (4 answered, all inliers so far): before that the model has nothing to separate.',
    );
    expect(shown.curve).toEqual([{ answers: 4, outliers: 0, auc: null, choice: 'iforest' }]);
    const meanwhile = noOutlierRanking(runWith(512, 0), false);
    expect(meanwhile.choice).toBe('cosine');
    expect(meanwhile.reason).toMatch(
      /^No outlier among your answers yet: the run will end ranked by cosine kNN .* the table shows the model's score meanwhile\.$/,
    );
    expect(meanwhile.curve).toEqual([]);
  });
});
