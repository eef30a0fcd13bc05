/**
 * Apache Parquet tables, read with hyparquet (codecs from hyparquet-compressors), one column chunk at a
 * time, into compact columns: numbers in a Float64Array (NaN where the file has a null), text and
 * booleans as dictionary codes, dates and timestamps as epoch milliseconds shown as ISO text, so the
 * typing, missing values and features are those of the same table read from a CSV. Nested columns
 * (lists, maps, structs) are left out with a note; a file that cannot be read gets a message saying why.
 */
import { parquetMetadataAsync, parquetScan, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, CompressionCodec, DecodedArray, FileMetaData, ParquetParsers, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { uniqueNames } from './names';
import { IntakeError, quote } from './errors';
import { checkDeclaredSize } from './parquetBounds';
import { parquetTable, type ParquetColumn, type ParquetData, type ParquetTable } from './parquetTable';

export { parquetTable, parquetTransfer, type ParquetColumn, type ParquetData, type ParquetTable } from './parquetTable';

/** The file's bytes, read in slices: a Blob in the worker (never held whole), or bytes already in memory. */
export type ParquetBytes = AsyncBuffer;

/** Bytes in memory as a ParquetBytes, sliced without copying the whole file. */
export function inMemory(bytes: Uint8Array): ParquetBytes {
  return { byteLength: bytes.length, slice: (start, end) => bytes.slice(start, end).buffer };
}

/** 'PAR1' closes a whole file; 'PARE' closes one with an encrypted footer. */
const MAGIC = [0x50, 0x41, 0x52, 0x31];
const MAGIC_ENCRYPTED = [0x50, 0x41, 0x52, 0x45];

const endsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Codecs hyparquet and hyparquet-compressors decompress (LZO is the one Parquet codec they do not). */
const CODECS = new Set<CompressionCodec>(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW']);

/** How a top-level column is stored here. */
type Kind = 'number' | 'float32' | 'text' | 'date' | 'timestamp' | 'bigint';

interface Plan {
  name: string;
  kind: Kind;
}

export interface ReadParquetResult {
  source: ParquetTable;
  warnings: string[];
}

const DAY_MS = 86_400_000;

/**
 * Dates and timestamps arrive as epoch milliseconds (numbers, not Date objects: one object per cell is what
 * this reader avoids); JSON stays text.
 */
const PARSERS: Partial<ParquetParsers> = {
  dateFromDays: (days: number) => days * DAY_MS,
  timestampFromMilliseconds: (ms: bigint) => Number(ms),
  timestampFromMicroseconds: (us: bigint) => Number(us) / 1000,
  timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000n) / 1000,
  jsonFromBytes: (bytes: Uint8Array) => bytes && new TextDecoder().decode(bytes),
};

type Progress = (fraction: number) => void;

export async function readParquet(file: ParquetBytes, name: string, onProgress?: Progress): Promise<ReadParquetResult> {
  const data = await decodeParquet(file, name, onProgress);
  return { source: parquetTable(data), warnings: data.warnings };
}

/** Reads the file's flat columns, one column chunk at a time; onProgress after each chunk. */
export async function decodeParquet(file: ParquetBytes, name: string, onProgress?: Progress): Promise<ParquetData> {
  await checkEnds(file, name);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file, { parsers: PARSERS, geoparquet: false });
  } catch {
    throw corrupt(name, 'its footer cannot be read'); // hyparquet's own words mean nothing to the analyst
  }
  checkReadable(metadata, name);
  checkDeclaredSize(metadata, file.byteLength, name);
  const warnings: string[] = [];
  const plans = planColumns(parquetSchema(metadata), name, warnings);
  const rows = Number(metadata.num_rows);
  if (rows === 0) {
    throw new IntakeError('no-data-rows', `${name} has columns but no rows. Choose a Parquet file with data in it.`);
  }
  let builders: Builder[];
  try {
    builders = plans.map((p) => builderFor(p.kind, rows));
  } catch (e) {
    // Rows within the bound can still be more than this tab can hold, over many columns.
    if (!(e instanceof RangeError)) throw e;
    throw new IntakeError(
      'parquet-bad',
      `${name} has ${rows} rows of ${plans.length} columns, more than the browser can hold in memory. Sample or split the table first.`,
    );
  }
  let scan;
  try {
    scan = await parquetScan({ file, metadata, compressors, parsers: PARSERS, columns: plans.map((p) => p.name), geoparquet: false });
  } catch {
    throw corrupt(name, 'its row groups cannot be located');
  }
  const total = scan.ranges.reduce((s, r) => s + (r.rowEnd - r.rowStart), 0);
  if (total !== rows) throw corrupt(name, `its row groups hold ${total} rows, its footer says ${rows}`);
  let done = 0;
  for (const range of scan.ranges) {
    for (let j = 0; j < plans.length; j++) {
      let data: DecodedArray;
      try {
        data = await scan.readColumn({ column: plans[j].name, rowStart: range.rowStart, rowEnd: range.rowEnd });
      } catch (e) {
        throw readError(name, plans[j].name, e);
      }
      if (data.length !== range.rowEnd - range.rowStart) {
        throw corrupt(
          name,
          `column ${quote(plans[j].name)} has ${data.length} values where ${range.rowEnd - range.rowStart} rows were expected`,
        );
      }
      builders[j].put(range.rowStart, data);
      done += data.length;
      onProgress?.(Math.min(0.99, done / (rows * plans.length)));
    }
  }
  const header = uniqueNames(
    plans.map((p) => p.name),
    warnings,
  );
  return { header, rowCount: rows, columns: builders.map((b) => b.finish()), warnings };
}

/** The magic at both ends: tells a cut-off download or an encrypted file from a damaged one. */
async function checkEnds(file: ParquetBytes, name: string): Promise<void> {
  if (file.byteLength < 12) throw corrupt(name, `it is only ${file.byteLength} bytes long`);
  const tail = new Uint8Array(await file.slice(file.byteLength - 4, file.byteLength));
  if (endsWith(tail, MAGIC_ENCRYPTED)) throw encrypted(name);
  if (!endsWith(tail, MAGIC)) {
    throw new IntakeError(
      'parquet-bad',
      `${name} is not a complete Parquet file: it does not end with the Parquet footer, so it was probably cut off (an unfinished download or copy). Download or export it again.`,
    );
  }
}

/** Encrypted columns (a plaintext footer with encrypted chunks) and codecs there is no decompressor for. */
function checkReadable(metadata: FileMetaData, name: string): void {
  const codecs = new Set<string>();
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      if (chunk.crypto_metadata || chunk.encrypted_column_metadata) throw encrypted(name);
      const codec = chunk.meta_data?.codec;
      if (codec && !CODECS.has(codec)) codecs.add(codec);
    }
  }
  if (codecs.size > 0) {
    throw new IntakeError(
      'parquet-codec',
      `${name} is compressed with ${[...codecs].join(', ')}, which IMLab cannot decompress in the browser. ` +
        'Write it again with Snappy, gzip, Zstandard, Brotli or LZ4 (e.g. pandas: df.to_parquet(path, compression="zstd")), or save it as CSV.',
    );
  }
}

/** The top-level columns to read, and a note for those left out. */
function planColumns(root: SchemaTree, name: string, warnings: string[]): Plan[] {
  const plans: Plan[] = [];
  const nested: string[] = [];
  const unsupported: string[] = [];
  for (const child of root.children) {
    const kind = kindOf(child);
    if (kind === 'nested') nested.push(child.element.name);
    else if (kind === 'unsupported') unsupported.push(`${child.element.name} (${typeName(child)})`);
    else plans.push({ name: child.element.name, kind });
  }
  const skipped: string[] = [];
  if (nested.length > 0) {
    skipped.push(`nested column(s) ${list(nested)} (lists, maps or structs; flatten them into one column per value to use them)`);
  }
  if (unsupported.length > 0) skipped.push(`column(s) of a type IMLab does not read: ${list(unsupported)}`);
  if (plans.length === 0) {
    throw new IntakeError(
      'parquet-nested',
      `${name} has no column IMLab can read: ${skipped.join('; ')}. ` +
        'IMLab reads flat tables of numbers, text, booleans and dates; flatten the table first (e.g. pandas: pd.json_normalize, or df.explode).',
    );
  }
  if (skipped.length > 0) warnings.push(`Left out ${skipped.join('; ')}.`);
  return plans;
}

function list(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => quote(n));
  return shown.join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
}

function typeName(node: SchemaTree): string {
  const e = node.element;
  return e.logical_type?.type ?? e.converted_type ?? e.type ?? 'group';
}

function kindOf(node: SchemaTree): Kind | 'nested' | 'unsupported' {
  const e = node.element;
  if (node.children.length > 0 || e.repetition_type === 'REPEATED') return 'nested';
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (logical === 'DATE' || converted === 'DATE') return 'date';
  if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || e.type === 'INT96')
    return 'timestamp';
  if (['GEOMETRY', 'GEOGRAPHY', 'VARIANT', 'BSON', 'INTERVAL', 'FILE'].includes(logical ?? '')) return 'unsupported';
  if (converted === 'BSON' || converted === 'INTERVAL' || converted === 'MAP' || converted === 'LIST') return 'unsupported';
  if (e.type === 'BOOLEAN' || e.type === 'BYTE_ARRAY' || e.type === 'FIXED_LEN_BYTE_ARRAY') {
    // Decimals and half floats are numbers; UUIDs, strings, enums, JSON and raw bytes are text.
    return converted === 'DECIMAL' || logical === 'DECIMAL' || logical === 'FLOAT16' ? 'number' : 'text';
  }
  if (e.type === 'INT64') return 'bigint';
  if (e.type === 'FLOAT') return 'float32';
  return 'number'; // INT32, FLOAT, DOUBLE, with any integer, decimal or time annotation
}

interface Builder {
  put(start: number, data: DecodedArray): void;
  finish(): ParquetColumn;
}

function builderFor(kind: Kind, rows: number): Builder {
  if (kind === 'text') return textBuilder(rows);
  if (kind === 'bigint') return bigintBuilder(rows);
  if (kind === 'date' || kind === 'timestamp') return numberBuilder(rows, kind);
  return numberBuilder(rows, null, kind === 'float32');
}

/**
 * Numbers, or epoch milliseconds of a date / timestamp column (shown as ISO text, as the CSV of the table
 * would have it, so the same date typing applies). FLOAT values are widened to the shortest decimal that
 * reads back to the same float32, so 0.1f shows and exports as 0.1, not 0.10000000149011612.
 */
function numberBuilder(rows: number, date: 'date' | 'timestamp' | null, float32 = false): Builder {
  const values = new Float64Array(rows).fill(NaN);
  return {
    put(start, data) {
      if (float32) {
        for (let i = 0; i < data.length; i++) {
          const v = data[i] as unknown;
          if (typeof v === 'number') values[start + i] = shortestFloat32(v);
        }
      } else if (data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint32Array) {
        values.set(data, start);
      } else {
        for (let i = 0; i < data.length; i++) {
          const v = data[i] as unknown;
          if (typeof v === 'number') values[start + i] = v;
          else if (typeof v === 'bigint') values[start + i] = Number(v);
        }
      }
    },
    finish() {
      return date ? { kind: 'date', values, time: date === 'timestamp' } : { kind: 'number', values };
    },
  };
}

/** A float32's shortest decimal: the fewest significant digits that read back to the same float32. */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  // More digits never move the decimal further from v, so the shortest is found by bisection.
  let lo = 1;
  let hi = 9; // 9 digits always round-trip a float32
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(v.toPrecision(mid))) === v) hi = mid;
    else lo = mid + 1;
  }
  return Number(v.toPrecision(lo));
}

/** Integers beyond 2^53 cannot be numbers without changing: such a column is kept as text (IDs, hashes). */
function bigintBuilder(rows: number): Builder {
  const values = new Float64Array(rows).fill(NaN);
  let raw: (bigint | null)[] | null = null;
  const LIMIT = BigInt(Number.MAX_SAFE_INTEGER);
  return {
    put(start, data) {
      for (let i = 0; i < data.length; i++) {
        const v = data[i] as unknown;
        if (typeof v === 'bigint') {
          if (!raw && (v > LIMIT || v < -LIMIT)) {
            raw = Array.from(values, (x) => (x === x ? BigInt(x) : null)); // the values so far, from here on as text
          }
          if (raw) raw[start + i] = v;
          else values[start + i] = Number(v);
        } else if (typeof v === 'number') {
          if (raw) raw[start + i] = BigInt(v);
          else values[start + i] = v;
        }
      }
    },
    finish() {
      if (!raw) return { kind: 'number', values };
      const b = textBuilder(rows);
      const texts = raw.map((v) => (v === null ? null : v.toString()));
      b.put(0, texts);
      return b.finish();
    },
  };
}

/** Text, booleans, UUIDs and raw bytes as codes into a dictionary: one string per distinct value. */
function textBuilder(rows: number): Builder {
  const codes = new Int32Array(rows).fill(-1);
  const index = new Map<string, number>();
  const dict: string[] = [];
  return {
    put(start, data) {
      for (let i = 0; i < data.length; i++) {
        const text = asText(data[i] as unknown);
        if (text === null) continue;
        let code = index.get(text);
        if (code === undefined) {
          code = dict.length;
          dict.push(text);
          index.set(text, code);
        }
        codes[start + i] = code;
      }
    },
    finish() {
      index.clear();
      return { kind: 'text', codes, dict };
    },
  };
}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Uint8Array) return Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('');
  return String(v);
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^parquet /, '');
}

function corrupt(name: string, why: string): IntakeError {
  return new IntakeError(
    'parquet-bad',
    `${name} could not be read as Parquet (${why}). The file may be damaged or cut off: export or download it again, or save the table as CSV.`,
  );
}

function encrypted(name: string): IntakeError {
  return new IntakeError(
    'parquet-encrypted',
    `${name} is an encrypted Parquet file (Parquet modular encryption). IMLab cannot read it without the keys: write it again without encryption, or save the table as CSV.`,
  );
}

/** A column chunk that failed: an encoding hyparquet lacks, or damaged pages. */
function readError(name: string, column: string, e: unknown): IntakeError {
  const msg = messageOf(e);
  const encoding = /unsupported (?:encoding|compression codec|type)[^,.;]*/i.exec(msg);
  if (encoding) {
    return new IntakeError(
      'parquet-unsupported',
      `${name}: column ${quote(column)} uses something IMLab's Parquet reader does not support (${encoding[0]}). Write the file again with the default settings of pandas or pyarrow, or save it as CSV.`,
    );
  }
  return corrupt(name, `column ${quote(column)} cannot be decoded`);
}
