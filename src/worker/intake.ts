import { gunzipStream, innerName, isParquet, oleError, sniffContainer, tableInZip, zipEntries, zipKind } from '../core/data/container';
import { createDelimitedParser, parseDelimited } from '../core/data/csv';
import { decodeBytes, decodeStreamInto } from '../core/data/encoding';
import { IntakeError } from '../core/data/errors';
import { npzToTable, parseNpz } from '../core/data/npz';
import { inferSchema, tableFromParsed, type TableSource } from '../core/data/schema';
import { readXlsx } from '../core/data/xlsx';
import type { TableSummary } from './api';
import { readParquetBytes, readParquetFile } from './parquetIntake';

/** Larger files are refused with a message rather than risking the tab (strings cost ~10x their bytes). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface LoadedTable {
  source: TableSource;
  summary: TableSummary;
}

export interface LoadOptions {
  /** Workbook sheet to read (0-based); the first by default. */
  sheet?: number;
}

type Progress = (fraction: number) => void;

interface Read {
  source: TableSource;
  warnings: string[];
  sheets?: string[];
  sheet?: number;
}

/**
 * Reads a table into its schema: CSV/TSV/TXT (streamed, any of the usual encodings), .xlsx, an
 * ADBench-style .npz, Apache Parquet, any of them gzipped (streamed) or alone in a .zip. The bytes decide,
 * not the name.
 */
export async function loadTable(file: Blob, name: string, onProgress?: Progress, opts: LoadOptions = {}): Promise<LoadedTable> {
  if (file.size > MAX_FILE_BYTES) {
    throw new IntakeError(
      'file-too-large',
      `${name} is ${(file.size / 2 ** 20).toFixed(0)} MB; IMLab reads files up to ${MAX_FILE_BYTES / 2 ** 20} MB in the browser. Sample or split the table first.`,
    );
  }
  const read = await readAny(file, name, onProgress, opts);
  const schema = inferSchema(read.source);
  onProgress?.(1);
  return {
    source: read.source,
    summary: {
      fileName: name,
      rows: read.source.rowCount,
      header: read.source.header,
      columns: schema.columns,
      proposedLabel: schema.proposedLabel,
      proposedOutlier: schema.proposedOutlier,
      // The reader's notes (container, encoding, renamed duplicate columns, no delimiter found) come first.
      warnings: [...read.warnings, ...schema.warnings],
      ...(read.sheets ? { sheets: read.sheets, sheet: read.sheet ?? 0 } : {}),
    },
  };
}

async function readAny(file: Blob, name: string, onProgress: Progress | undefined, opts: LoadOptions): Promise<Read> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  // Parquet is read in slices straight from the Blob, in a watched worker of its own.
  if (isParquet(head)) return readParquetFile(file, name, onProgress);
  const container = sniffContainer(head);
  if (container === 'gzip') {
    const inner = innerName(name);
    const open = () => gunzipStream(file.stream());
    const note = `Decompressed ${name} (gzip).`;
    try {
      if (/\.(xlsx|npz|zip|parquet|pq)$/i.test(inner)) {
        const bytes = new Uint8Array(await new Response(open()).arrayBuffer());
        const read = await readBytes(bytes, inner, opts);
        return { ...read, warnings: [note, ...read.warnings] };
      }
      const read = await readDelimitedStream(open, inner, file.size, onProgress);
      return { ...read, warnings: [note, ...read.warnings] };
    } catch (e) {
      if (e instanceof IntakeError) throw e;
      throw new IntakeError(
        'gzip-bad',
        `${name} could not be decompressed (${e instanceof Error ? e.message : String(e)}). Compress it again, or open the uncompressed file.`,
      );
    }
  }
  if (container === 'plain' && !/\.npz$/i.test(name)) return readDelimitedStream(() => file.stream(), name, file.size, onProgress);
  const bytes = new Uint8Array(await file.arrayBuffer());
  onProgress?.(0.5);
  return readBytes(bytes, name, opts);
}

/** A table held whole in memory: an .npz, an .xlsx, a Parquet file, a zip of one table, or a text table. */
async function readBytes(bytes: Uint8Array, name: string, opts: LoadOptions): Promise<Read> {
  if (isParquet(bytes)) return readParquetBytes(bytes, name);
  const container = sniffContainer(bytes);
  if (container === 'ole') throw oleError(bytes, name);
  if (container === 'zip') {
    const entries = zipEntries(bytes);
    const kind = /\.npz$/i.test(name) ? 'npz' : zipKind(entries);
    if (kind === 'npz') {
      const parsed = parseNpz(bytes);
      return { source: npzToTable(parsed.arrays), warnings: parsed.warnings };
    }
    if (kind === 'xlsx') {
      const book = readXlsx(bytes, opts.sheet ?? 0);
      return { source: book.source, warnings: book.warnings, sheets: book.sheets, sheet: book.sheet };
    }
    const inner = tableInZip(bytes, entries, name);
    if (sniffContainer(inner.bytes) !== 'plain' || isParquet(inner.bytes) || /\.(xlsx|npz)$/i.test(inner.name)) {
      const read = await readBytes(inner.bytes, inner.name, opts);
      return { ...read, warnings: [`Read ${inner.name} from ${name}.`, ...read.warnings] };
    }
    const read = readDelimitedBytes(inner.bytes, inner.name);
    return { ...read, warnings: [`Read ${inner.name} from ${name}.`, ...read.warnings] };
  }
  if (/\.npz$/i.test(name)) return { source: npzToTable(parseNpz(bytes).arrays), warnings: [] }; // parseNpz explains
  return readDelimitedBytes(bytes, name);
}

const delimiterFor = (name: string) => (/\.tsv$/i.test(name) ? { delimiter: '\t' } : {});

function readDelimitedBytes(bytes: Uint8Array, name: string): Read {
  const { text, note } = decodeBytes(bytes);
  const parsed = parseDelimited(text, delimiterFor(name));
  return { source: tableFromParsed(parsed), warnings: note ? [note, ...parsed.warnings] : parsed.warnings };
}

async function readDelimitedStream(
  open: () => ReadableStream<Uint8Array>,
  name: string,
  size: number,
  onProgress?: Progress,
): Promise<Read> {
  const { sink, note } = await decodeStreamInto(
    open,
    () => createDelimitedParser(delimiterFor(name)),
    // Compressed input reads more bytes than the file has: the fraction is of the file, capped.
    (read) => onProgress?.(size ? Math.min(0.99, read / size) : 0.5),
  );
  const parsed = sink.finish();
  return { source: tableFromParsed(parsed), warnings: note ? [note, ...parsed.warnings] : parsed.warnings };
}
