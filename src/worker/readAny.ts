/**
 * Reads any file IMLab opens into a table as plain data: CSV/TSV/TXT (streamed, any of the usual encodings),
 * .xlsx, an ADBench-style .npz, Apache Parquet, any of them gzipped (streamed) or alone in a .zip. The bytes
 * decide, not the name. Every size is held to its budget (core/data/budgets.ts). In the browser this runs in a
 * worker of its own under a watchdog (readWatched.ts); the engine worker gets the table as plain data.
 */
import { byteSize, MAX_INFLATED_MEMBER_BYTES, MAX_INFLATED_TEXT_BYTES } from '../core/data/budgets';
import {
  gunzipStream,
  gzipDeclaredSize,
  gzipInflatesPast,
  gzipRatio,
  inflatesPast as inflatesPastError,
  innerName,
  isParquet,
  oleError,
  readBounded,
  sniffContainer,
  tableInZip,
  zipEntries,
  zipKind,
} from '../core/data/container';
import { createDelimitedParser, parseDelimited } from '../core/data/csv';
import { columnsDecoded, type Decoded } from '../core/data/decoded';
import { decodeBytes, decodeStreamInto } from '../core/data/encoding';
import { IntakeError } from '../core/data/errors';
import { gzipInflatedSize } from '../core/data/gzipCount';
import { npzToTable, parseNpz } from '../core/data/npz';
import { readXlsx } from '../core/data/xlsx';
import { inflateMember, memberStream } from '../core/data/zip';

export interface LoadOptions {
  /** Workbook sheet to read (0-based); the first by default. */
  sheet?: number;
}

type Progress = (fraction: number) => void;

/** Parquet held in memory (from a .gz or a .zip, or read here whole): hyparquet loads only when one comes. */
async function parquetDecoded(bytes: Uint8Array, name: string, onProgress?: Progress): Promise<Decoded> {
  const { decodeParquet, inMemory } = await import('../core/data/parquet');
  const data = await decodeParquet(inMemory(bytes), name, onProgress);
  return { table: { kind: 'parquet', data }, warnings: data.warnings };
}

export async function readAny(file: Blob, name: string, onProgress: Progress | undefined, opts: LoadOptions): Promise<Decoded> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (isParquet(head)) return parquetDecoded(new Uint8Array(await file.arrayBuffer()), name, onProgress);
  const container = sniffContainer(head);
  if (container === 'gzip') {
    const inner = innerName(name);
    const binary = /\.(xlsx|npz|zip|parquet|pq)$/i.test(inner);
    const budget = binary ? MEMBER_FROM_GZ : TEXT_FROM_GZ;
    // The last member's declared size is a lower bound of the whole: past the budget, nothing is inflated.
    const declared = gzipDeclaredSize(new Uint8Array(await file.slice(-4).arrayBuffer()));
    // Past the budget by the trailer (deflate inflates at most ~1,032 times, so a larger "size" is noise), and by
    // the ratio of its start: refused before anything is parsed.
    if (declared > budget.limit && declared <= file.size * 1032 + 1024 && (await inflatesPast(file, budget.limit))) {
      throw inflatesPastError(name, budget);
    }
    // Many small members, each far under the budget (the trailer tells only the last): when the start's ratio says
    // the whole may pass, the whole is inflated once and counted, nothing kept, before a byte is parsed.
    if ((await inflatesPast(file, budget.limit)) && (await countedPast(file, budget.limit, onProgress))) {
      throw inflatesPastError(name, budget);
    }
    const open = () => gunzipStream(file.stream(), name, budget);
    const note = `Decompressed ${name} (gzip).`;
    try {
      if (binary) {
        const read = await readBytes(await readBounded(open(), name, budget), inner, opts);
        return { ...read, warnings: [note, ...read.warnings] };
      }
      const read = await readDelimitedStream(open, inner, file.size, onProgress);
      return { ...read, warnings: [note, ...read.warnings] };
    } catch (e) {
      if (e instanceof IntakeError) throw e;
      throw new IntakeError('gzip-bad', `${name} could not be decompressed. Compress it again, or open the uncompressed file.`);
    }
  }
  if (container === 'plain' && !/\.npz$/i.test(name)) return readDelimitedStream(() => file.stream(), name, file.size, onProgress);
  const bytes = new Uint8Array(await file.arrayBuffer());
  onProgress?.(0.5);
  return readBytes(bytes, name, opts, onProgress);
}

/** A table held whole in memory: an .npz, an .xlsx, a Parquet file, a zip of one table, or a text table. */
async function readBytes(bytes: Uint8Array, name: string, opts: LoadOptions, onProgress?: Progress): Promise<Decoded> {
  if (isParquet(bytes)) return parquetDecoded(bytes, name, onProgress);
  const container = sniffContainer(bytes);
  if (container === 'ole') throw oleError(bytes, name);
  if (container === 'zip') {
    const entries = zipEntries(bytes, name);
    const kind = /\.npz$/i.test(name) ? 'npz' : zipKind(entries);
    if (kind === 'npz') {
      const parsed = parseNpz(bytes, name);
      npzToTable(parsed.arrays); // checks X and y here, where the sentence can still be said
      return { table: { kind: 'npz', arrays: parsed.arrays }, warnings: parsed.warnings };
    }
    if (kind === 'xlsx') {
      const book = readXlsx(bytes, opts.sheet ?? 0, name, () => onProgress?.(0.5));
      return { table: columnsDecoded(book.source), warnings: book.warnings, sheets: book.sheets, sheet: book.sheet };
    }
    const inner = tableInZip(entries, name);
    const from = `Read ${inner.name} from ${name}.`;
    if (/\.(xlsx|npz|parquet|pq)$/i.test(inner.name)) {
      const read = await readBytes(inflateMember(bytes, inner.member, name, MEMBER_FROM_ZIP), inner.name, opts);
      return { ...read, warnings: [from, ...read.warnings] };
    }
    // A text table is inflated as it is parsed, never whole.
    const open = () => memberStream(bytes, inner.member, name, TEXT_FROM_ZIP);
    const read = await readDelimitedStream(open, inner.name, inner.member.size, onProgress);
    return { ...read, warnings: [from, ...read.warnings] };
  }
  if (/\.npz$/i.test(name)) return { table: { kind: 'npz', arrays: parseNpz(bytes, name).arrays }, warnings: [] }; // parseNpz explains
  return readDelimitedBytes(bytes, name);
}

const TEXT_FROM_GZ = { limit: MAX_INFLATED_TEXT_BYTES, what: `IMLab reads up to ${byteSize(MAX_INFLATED_TEXT_BYTES)} of text from a .gz` };
const MEMBER_FROM_GZ = { limit: MAX_INFLATED_MEMBER_BYTES, what: `IMLab reads up to ${byteSize(MAX_INFLATED_MEMBER_BYTES)} from a .gz` };
const TEXT_FROM_ZIP = {
  limit: MAX_INFLATED_TEXT_BYTES,
  what: `IMLab reads up to ${byteSize(MAX_INFLATED_TEXT_BYTES)} of text from a .zip`,
};
const MEMBER_FROM_ZIP = { limit: MAX_INFLATED_MEMBER_BYTES, what: `IMLab reads up to ${byteSize(MAX_INFLATED_MEMBER_BYTES)} from a .zip` };

/** A .gz's start is inflated up to this much output to judge its ratio by: a fraction of a second. */
const SAMPLE_OUT = 16 * 2 ** 20;
const SAMPLE_IN = 2 ** 20;

/**
 * Whether a .gz whose trailer says it inflates past `limit` does: the ratio of its start (up to SAMPLE_OUT out of
 * at most 1 MB in), times the file's size, must say so too. A cut-off file's last bytes are noise, and its start
 * inflates at an ordinary ratio: it is left to the streamed read, which says it is cut off.
 */
async function inflatesPast(file: Blob, limit: number): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, SAMPLE_IN).arrayBuffer());
  return gzipRatio(head, SAMPLE_OUT) * file.size > limit;
}

/** A .gz up to this size is counted in memory by decoding its codes only (gzipCount.ts); a larger one is inflated. */
const COUNT_IN_MEMORY = 64 * 2 ** 20;

/** Whether every member of a .gz together inflates past `limit`, nothing kept. */
async function countedPast(file: Blob, limit: number, onProgress: Progress | undefined): Promise<boolean> {
  if (file.size <= COUNT_IN_MEMORY) {
    const size = gzipInflatedSize(new Uint8Array(await file.arrayBuffer()), limit);
    return size !== null && size > limit;
  }
  return gzipInflatesPast(file.stream(), limit, () => onProgress?.(0));
}

const delimiterFor = (name: string) => (/\.tsv$/i.test(name) ? { delimiter: '\t' } : {});

function readDelimitedBytes(bytes: Uint8Array, name: string): Decoded {
  const { text, note } = decodeBytes(bytes);
  const parsed = parseDelimited(text, delimiterFor(name));
  return { table: columnsDecoded(parsed.source), warnings: note ? [note, ...parsed.warnings] : parsed.warnings };
}

async function readDelimitedStream(
  open: () => ReadableStream<Uint8Array>,
  name: string,
  size: number,
  onProgress?: Progress,
): Promise<Decoded> {
  const { sink, note } = await decodeStreamInto(
    open,
    () => createDelimitedParser(delimiterFor(name)),
    // Compressed input reads more bytes than the file has: the fraction is of the file, capped.
    (read) => onProgress?.(size ? Math.min(0.99, read / size) : 0.5),
  );
  const parsed = sink.finish();
  return { table: columnsDecoded(parsed.source), warnings: note ? [note, ...parsed.warnings] : parsed.warnings };
}
