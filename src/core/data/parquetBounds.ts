/**
 * Sanity bounds on what a Parquet footer declares, checked before anything is allocated from it: a damaged or
 * hostile footer (10^15 rows, 10^5 row groups) is refused with a sentence, not a raw "Invalid typed array length".
 */
import type { FileMetaData } from 'hyparquet';
import { IntakeError } from './errors';

/**
 * More rows than IMLab reads from one Parquet file: each column takes 8 bytes a row here, and 5 million rows
 * already use ~285 MB in the browser (docs/scale-out.md), so ten times that is beyond any tab.
 */
export const MAX_PARQUET_ROWS = 50_000_000;

/** Writers put 10^4 to 10^6 rows or more in a row group; this many groups is a damaged footer, not a table. */
export const MAX_ROW_GROUPS = 10_000;

/** 1000000 -> '1,000,000', bigints beyond 2^53 included (the locale is not the page's business here). */
export function groupDigits(n: bigint | number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Throws an IntakeError when the footer's rows, row groups or chunk sizes cannot be those of this file. */
export function checkDeclaredSize(metadata: FileMetaData, byteLength: number, name: string): void {
  const rows = BigInt(metadata.num_rows);
  const damaged = (what: string) =>
    new IntakeError('parquet-bad', `${name} declares ${what}; it may be damaged. Export or download it again, or save the table as CSV.`);
  if (rows < 0n) throw damaged(`${groupDigits(rows)} rows`);
  if (rows > BigInt(MAX_PARQUET_ROWS)) {
    throw damaged(`${groupDigits(rows)} rows, more than IMLab reads (${groupDigits(MAX_PARQUET_ROWS)})`);
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
