/**
 * Every limit on what a file may cost, in one place (docs/reliability.md, "Budgets", lists them with why).
 * Each is checked before the memory it guards is allocated, and each refusal is a sentence saying what the file
 * is and what to do. Sized for a laptop browser (8 GB of RAM): whatever the file, the tab should add at most
 * about 1.5 GB.
 */

const MB = 2 ** 20;

/** A file on disk (or a session's table): larger ones are refused before a byte is read. */
export const MAX_FILE_BYTES = 512 * MB;

/**
 * Text inflated from a .gz or a zip member and parsed as it streams: as much as a plain file may hold. The parsed
 * table is bounded by MAX_CELLS; this bounds the time spent on text that would be refused anyway.
 */
export const MAX_INFLATED_TEXT_BYTES = MAX_FILE_BYTES;

/** A member held whole in memory (an .xlsx, .npz or .zip inside a .gz or a .zip, an .npy array). */
export const MAX_INFLATED_MEMBER_BYTES = 512 * MB;

/** One XML part of a workbook (a sheet, its shared strings), inflated and scanned as text. */
export const MAX_XML_PART_BYTES = 256 * MB;

/** Everything inflated from one zip archive (a workbook's parts together). */
export const MAX_ZIP_INFLATED_BYTES = 768 * MB;

/** Members listed in one zip archive; a table's zip holds a handful, a workbook a few dozen. */
export const MAX_ZIP_MEMBERS = 10_000;

/** Rows of any table. */
export const MAX_ROWS = 10_000_000;

/**
 * Columns of any table, checked on the header before any per-column structure exists. Five times the
 * feature limit (2,000), so a wide table with columns to leave out still opens.
 */
export const MAX_COLUMNS = 10_000;

/** Rows x columns: the column store keeps 8 bytes a cell (400 MB here), the features 4 more. */
export const MAX_CELLS = 50_000_000;

/** One cell's text (characters); a longer one is almost always a quote that is never closed. */
export const MAX_FIELD_CHARS = 1_000_000;

/** A Parquet footer's declared row groups; writers put 10^4 to 10^6 rows in each. */
export const MAX_ROW_GROUPS = 10_000;

/**
 * A reader that reports no progress for this long is stopped (the watchdog in worker/readWatched.ts): healthy
 * readers report every chunk, column chunk or few thousand rows, well under a second apart.
 */
export const STALL_MS = 8_000;

/** Parquet's watchdog (worker/parquetIntake.ts): it reports once per column chunk, which can be bigger. */
export const PARQUET_STALL_MS = 20_000;

/** 1000000 -> '1,000,000', bigints beyond 2^53 included (the locale is not the page's business here). */
export function groupDigits(n: bigint | number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes as people say them: '512 MB', '2.5 GB'. */
export function byteSize(bytes: number): string {
  if (bytes >= 1024 * MB) return `${+(bytes / (1024 * MB)).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

/** The file-size refusal, said the same way on the page (before reading) and in the worker. */
export function fileTooLargeMessage(name: string, size: number): string | null {
  if (size <= MAX_FILE_BYTES) return null;
  return `${name} is ${byteSize(size)}; IMLab reads files up to ${byteSize(MAX_FILE_BYTES)} in the browser. Sample or split the table first.`;
}
