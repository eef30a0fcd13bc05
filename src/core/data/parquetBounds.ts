/**
 * Sanity bounds on what a Parquet footer declares, checked before anything is allocated from it: a damaged or
 * hostile footer (10^15 rows, 10^5 row groups) is refused with a sentence, not a raw "Invalid typed array length".
 */
import type { FileMetaData } from 'hyparquet';
import { groupDigits, MAX_CELLS, MAX_COLUMNS, MAX_ROW_GROUPS, MAX_ROWS } from './budgets';
import { IntakeError } from './errors';

/** Parquet's row bound is every table's (budgets.ts); the name stays for the readers and tests that use it. */
export const MAX_PARQUET_ROWS = MAX_ROWS;
export { groupDigits, MAX_ROW_GROUPS };

/** Throws an IntakeError when the footer's rows, row groups or chunk sizes cannot be those of this file. */
export function checkDeclaredSize(metadata: FileMetaData, byteLength: number, name: string): void {
  const rows = BigInt(metadata.num_rows);
  const damaged = (what: string) =>
    new IntakeError('parquet-bad', `${name} declares ${what}; it may be damaged. Export or download it again, or save the table as CSV.`);
  if (rows < 0n) throw damaged(`${groupDigits(rows)} rows`);
  if (rows > BigInt(MAX_PARQUET_ROWS)) {
    throw damaged(`${groupDigits(rows)} rows, more than IMLab reads (${groupDigits(MAX_PARQUET_ROWS)})`);
  }
  // Leaf columns (the schema's elements without children); each becomes a column of the table.
  const columns = metadata.schema.filter((e) => !e.num_children).length;
  if (columns > MAX_COLUMNS) throw damaged(`${groupDigits(columns)} columns, more than IMLab reads (${groupDigits(MAX_COLUMNS)})`);
  if (rows * BigInt(columns) > BigInt(MAX_CELLS)) {
    throw new IntakeError(
      'too-many-cells',
      `${name} holds ${groupDigits(rows)} rows of ${groupDigits(columns)} columns, more cells than IMLab reads in the browser (${groupDigits(MAX_CELLS)}). Sample the rows or keep fewer columns first.`,
    );
  }
  const groups = metadata.row_groups;
  if (groups.length > MAX_ROW_GROUPS) {
    throw damaged(`${groupDigits(groups.length)} row groups, more than IMLab reads (${groupDigits(MAX_ROW_GROUPS)})`);
  }
  let held = 0n;
  for (const group of groups) {
    const n = BigInt(group.num_rows);
    if (n < 0n) throw damaged(`a row group of ${groupDigits(n)} rows`);
    held += n;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta) continue;
      // A chunk that starts past the end, or is bigger than the whole file, cannot be in it.
      const size = BigInt(meta.total_compressed_size);
      const start = BigInt(meta.data_page_offset);
      if (size < 0n || size > BigInt(byteLength) || start < 0n || start >= BigInt(byteLength)) {
        throw damaged(
          `a column chunk of ${groupDigits(size)} bytes at byte ${groupDigits(start)}, in a file of ${groupDigits(byteLength)} bytes`,
        );
      }
    }
  }
  if (held !== rows) throw damaged(`${groupDigits(rows)} rows, but its row groups hold ${groupDigits(held)}`);
}
