import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../core/data/schema';
import { COLUMN_PAGE, columnWindow, extraColumnChoices, labelChoices } from './columnWindow';

const col = (index: number, extra: Partial<ColumnInfo> = {}): ColumnInfo =>
  ({ index, name: `c${index}`, kind: 'numeric', included: true, missing: 0, sample: [], ...extra }) as ColumnInfo;

describe('the column panel shows a page of columns, whatever the width', () => {
  const wide = Array.from({ length: 50_000 }, (_, i) => col(i, { labelCandidate: i === 42_000 }));

  it('shows one page of 50,000 columns, clamped to the pages there are', () => {
    const w = columnWindow(wide, '', 3);
    expect(w.shown).toHaveLength(COLUMN_PAGE);
    expect(w.shown[0].index).toBe(3 * COLUMN_PAGE);
    expect(w).toMatchObject({ matching: 50_000, pages: 500, page: 3 });
    expect(columnWindow(wide, '', 10_000)).toMatchObject({ page: 499, first: 49_900 });
    expect(columnWindow(wide, '', -2).page).toBe(0);
  });

  it('searches by name, case aside', () => {
    const w = columnWindow(wide, ' C4999', 0);
    expect(w.matching).toBe(11); // c4999 and c49990..c49999
    expect(w.shown.map((c) => c.index)).toContain(4999);
    expect(columnWindow(wide, 'nothing', 0)).toMatchObject({ matching: 0, shown: [], pages: 1, page: 0 });
  });

  it('offers as label the columns on screen, those that look like a label and the chosen one, not all 50,000', () => {
    const shown = columnWindow(wide, '', 0).shown;
    const choices = labelChoices(wide, shown, 30_000).map((c) => c.index);
    expect(choices).toHaveLength(COLUMN_PAGE + 2);
    expect(choices).toContain(42_000);
    expect(choices).toContain(30_000);
    const narrow = wide.slice(0, 10);
    expect(labelChoices(narrow, narrow.slice(0, 3), null)).toHaveLength(10);
  });

  it("offers the score table's extra column from the first page, and the one chosen", () => {
    const header = wide.map((c) => c.name);
    expect(extraColumnChoices(header, null)).toHaveLength(COLUMN_PAGE);
    expect(extraColumnChoices(header, 45_000).at(-1)).toEqual({ index: 45_000, name: 'c45000' });
    expect(extraColumnChoices(['a', 'b'], 1)).toEqual([
      { index: 0, name: 'a' },
      { index: 1, name: 'b' },
    ]);
  });
});
