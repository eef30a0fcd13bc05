import { fileTooLargeMessage } from '../core/data/budgets';
import { decodedSource, type Decoded } from '../core/data/decoded';
import { isParquet } from '../core/data/container';
import { IntakeError } from '../core/data/errors';
import { inferSchema, type TableSource } from '../core/data/schema';
import type { TableSummary } from './api';
import { readParquetFile } from './parquetIntake';
import { readAny, type LoadOptions } from './readAny';
import { failedMessage, readWatched } from './readWatched';

export type { LoadOptions } from './readAny';

export interface LoadedTable {
  source: TableSource;
  summary: TableSummary;
}

type Progress = (fraction: number) => void;

/**
 * Reads a table into its schema (readAny.ts says which files). In the browser the reading runs in a watched
 * worker of its own (Parquet in its own, parquetIntake.ts): a reader that stops making progress is stopped with a
 * sentence, and the next file does not wait behind it. Where there is no Worker (Node: tests, bench) it runs here.
 */
export async function loadTable(file: Blob, name: string, onProgress?: Progress, opts: LoadOptions = {}): Promise<LoadedTable> {
  const tooLarge = fileTooLargeMessage(name, file.size);
  if (tooLarge) throw new IntakeError('file-too-large', tooLarge);
  let r: Read;
  try {
    r = await read(file, name, onProgress, opts);
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    // An engine's own words ("Invalid typed array length") never reach the page.
    console.warn('intake:', e);
    throw new IntakeError('read-failed', failedMessage(name));
  }
  const { source, warnings, sheets, sheet } = r;
  const schema = inferSchema(source);
  onProgress?.(1);
  return {
    source,
    summary: {
      fileName: name,
      rows: source.rowCount,
      header: source.header,
      columns: schema.columns,
      proposedLabel: schema.proposedLabel,
      proposedOutlier: schema.proposedOutlier,
      // The reader's notes (container, encoding, renamed duplicate columns, no delimiter found) come first.
      warnings: [...warnings, ...schema.warnings],
      ...(sheets ? { sheets, sheet: sheet ?? 0 } : {}),
    },
  };
}

interface Read extends Omit<Decoded, 'table'> {
  source: TableSource;
}

async function read(file: Blob, name: string, onProgress: Progress | undefined, opts: LoadOptions): Promise<Read> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  // Parquet is read in slices straight from the Blob, in a watched worker of its own.
  if (isParquet(head)) return readParquetFile(file, name, onProgress);
  const decoded =
    typeof Worker === 'undefined' ? await readAny(file, name, onProgress, opts) : await readWatched(file, name, onProgress, opts);
  const { table, ...rest } = decoded;
  return { ...rest, source: decodedSource(table) };
}
