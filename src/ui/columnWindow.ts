/**
 * The slice of a table's columns the column panel shows: a page of at most COLUMN_PAGE rows, optionally of the
 * columns whose name holds a search text. A table of 50,000 columns renders 100 rows, never 50,000 (each row is
 * a few elements and a store subscription: all at once froze the page for half a minute).
 */
import type { ColumnInfo } from '../core/data/schema';

export const COLUMN_PAGE = 100;

export interface ColumnWindow {
  /** The columns on screen. */
  shown: readonly ColumnInfo[];
  /** Columns matching the search (all of them without one). */
  matching: number;
  /** The page shown (clamped to the pages there are) and how many there are. */
  page: number;
  pages: number;
  /** Index in the matching list of the first column shown. */
  first: number;
}

export function columnWindow(columns: readonly ColumnInfo[], search: string, page: number, size = COLUMN_PAGE): ColumnWindow {
  const q = search.trim().toLowerCase();
  const matching = q ? columns.filter((c) => c.name.toLowerCase().includes(q)) : columns;
  const pages = Math.max(1, Math.ceil(matching.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const first = p * size;
  return { shown: matching.slice(first, first + size), matching: matching.length, page: p, pages, first };
}

/**
 * The label column's choices: every column of a table that fits one page; of a wider one, those that look like a
 * label, the one chosen and the columns on screen (a select of 50,000 options would freeze the page as well).
 */
export function labelChoices(columns: readonly ColumnInfo[], shown: readonly ColumnInfo[], chosen: number | null): ColumnInfo[] {
  if (columns.length <= COLUMN_PAGE) return [...columns];
  const keep = new Set<number>(shown.map((c) => c.index));
  if (chosen != null) keep.add(chosen);
  let candidates = 0;
  for (const c of columns) if (c.labelCandidate && candidates++ < COLUMN_PAGE) keep.add(c.index);
  return columns.filter((c) => keep.has(c.index));
}

/** The score table's extra-column choices: the first page of a wide table's columns (and the one chosen). */
export function extraColumnChoices(header: readonly string[], chosen: number | null): { index: number; name: string }[] {
  const out = header.slice(0, COLUMN_PAGE).map((name, index) => ({ index, name }));
  if (chosen != null && chosen >= COLUMN_PAGE && chosen < header.length) out.push({ index: chosen, name: header[chosen] });
  return out;
}
