/** What wraps a table: gzip, a zip archive (an .npz, an .xlsx, or a zip of one table), an old Office file. */
import { Gunzip } from 'fflate';
import { byteSize } from './budgets';
import { IntakeError, quote } from './errors';
import { zipDirectory, type InflateBudget, type ZipMember } from './zip';

export type Container = 'gzip' | 'zip' | 'ole' | 'plain';

/** From the magic bytes; the file name is not trusted (a .csv can be anything). */
export function sniffContainer(head: Uint8Array): Container {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return 'zip';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'ole';
  return 'plain';
}

/** Apache Parquet starts with 'PAR1' (its reader, with hyparquet, is loaded only when one is opened). */
export function isParquet(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

/** `table.csv.gz` -> `table.csv`. */
export function innerName(name: string): string {
  return name.replace(/\.(gz|gzip)$/i, '') || 'table.csv';
}

/**
 * Streamed gunzip of every member in order, as `gunzip` reads `cat a.gz b.gz`: a big compressed file never sits in
 * memory whole, decompressed. fflate, not DecompressionStream: Chrome's stops at the first member ("Junk found
 * after end of compressed data"). The output stops with a sentence the moment it passes `budget.limit`.
 */
export function gunzipStream(stream: ReadableStream<Uint8Array>, name: string, budget: GzipBudget): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let input: Uint8Array = new Uint8Array(0);
  let at = 0;
  let ended = false;
  let total = 0;
  let out: Uint8Array[] = [];
  const gunzip = new Gunzip((data) => {
    total += data.length;
    if (total > budget.limit) throw inflatesPast(name, budget);
    if (data.length) out.push(data);
  });
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      gunzip.push(chunk, final);
    } catch (e) {
      if (e instanceof IntakeError) throw e;
      // fflate's own words ("invalid block type", "unexpected EOF") mean nothing to the analyst.
      throw new IntakeError(
        'gzip-bad',
        `${name} could not be decompressed: it is damaged or cut off. Compress it again, or open the uncompressed file.`,
      );
    }
  };
  // Pulled: inflated only as fast as it is read, in small steps (one step inflates to at most ~1,000 times its
  // size), so neither the budget nor the memory waits for a whole input chunk.
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (out.length === 0) {
          if (at < input.length) {
            push(input.subarray(at, at + GZIP_STEP), false);
            at += GZIP_STEP;
          } else if (ended) {
            return controller.close();
          } else {
            const next = await reader.read();
            if (next.done) {
              ended = true;
              push(new Uint8Array(0), true); // checks that the last member is whole: a cut-off file is refused
            } else {
              input = next.value;
              at = 0;
            }
          }
        }
        for (const piece of out) controller.enqueue(piece);
        out = [];
      } catch (e) {
        controller.error(e);
        await reader.cancel().catch(() => {});
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

const GZIP_STEP = 16 * 1024;

/** What a .gz may inflate to, and what to say past it ("IMLab reads up to 1 GB of text from a .gz"). */
export type GzipBudget = InflateBudget;

export function inflatesPast(name: string, budget: GzipBudget): IntakeError {
  return new IntakeError(
    'inflates-too-far',
    `${name} inflates past ${byteSize(budget.limit)}; ${budget.what}. Open a sample or a part of the table instead.`,
  );
}

/**
 * The size a gzip file says its last member inflates to (its last 4 bytes, modulo 4 GB). The whole inflates to at
 * least that, so a value past the budget refuses the file before anything is inflated.
 */
export function gzipDeclaredSize(tail: Uint8Array): number {
  if (tail.length < 4) return 0;
  return new DataView(tail.buffer, tail.byteOffset + tail.length - 4, 4).getUint32(0, true);
}

/**
 * How many times the start of a gzip file inflates (output bytes per input byte), from at most `enough` bytes of
 * output, nothing kept; 0 when it cannot be inflated. With the trailer, it tells a bomb from a cut-off file.
 */
export function gzipRatio(head: Uint8Array, enough: number): number {
  let out = 0;
  let used = 0;
  const gunzip = new Gunzip((data) => {
    out += data.length;
  });
  try {
    while (used < head.length && out < enough) {
      const step = head.subarray(used, used + GZIP_STEP);
      used += step.length;
      gunzip.push(step);
    }
  } catch {
    return 0;
  }
  return used ? out / used : 0;
}

/**
 * Whether a gzip stream, every member of it, inflates past `limit`: inflated in small steps and counted, nothing
 * kept, stopping the moment the count passes. For a file of many small members, whose trailer tells only the last
 * one's size: a few seconds at most, and no memory beyond one step. A damaged stream counts as not past (the
 * streamed read says it is damaged). `onStep` hears after each step, for the reader's watchdog (a browser may
 * hand the whole file over as one chunk).
 */
export async function gzipInflatesPast(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  onStep?: (inflated: number) => void,
): Promise<boolean> {
  const reader = stream.getReader();
  let out = 0;
  const gunzip = new Gunzip((data) => {
    out += data.length;
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      for (let at = 0; at < value.length; at += GZIP_STEP) {
        gunzip.push(value.subarray(at, at + GZIP_STEP));
        if (out > limit) return true;
        onStep?.(out);
      }
    }
  } catch {
    return false;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** Reads a stream whole into memory, refusing once it passes the budget (fetch's Response would say "Failed to fetch"). */
export async function readBounded(stream: ReadableStream<Uint8Array>, name: string, budget: GzipBudget): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > budget.limit) {
      await reader.cancel().catch(() => {});
      throw inflatesPast(name, budget);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type ZipKind = 'npz' | 'xlsx' | 'archive';

/** The members of a zip archive, read from its directory without inflating anything. */
export function zipEntries(bytes: Uint8Array, zipName: string): ZipMember[] {
  return zipDirectory(bytes, zipName);
}

export function zipKind(entries: readonly { name: string }[]): ZipKind {
  const names = entries.map((e) => e.name);
  if (names.includes('xl/workbook.xml') || names.includes('[Content_Types].xml')) return 'xlsx';
  if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) return 'npz';
  return 'archive';
}

const TABLE_FILE = /\.(csv|tsv|txt|tab|xlsx|npz|parquet|pq)$/i;

/** The one table inside a zip archive (folders and macOS metadata ignored), not yet inflated. */
export function tableInZip(entries: ZipMember[], zipName: string): { name: string; member: ZipMember } {
  const tables = entries.filter(
    (m) => !m.name.endsWith('/') && !m.name.startsWith('__MACOSX/') && !/(^|\/)\./.test(m.name) && TABLE_FILE.test(m.name),
  );
  if (tables.length === 0) {
    throw new IntakeError(
      'zip-no-table',
      `${zipName} holds no table (no .csv, .tsv, .txt, .xlsx, .npz or .parquet file${
        entries.length
          ? `; found ${entries
              .slice(0, 3)
              .map((m) => quote(m.name))
              .join(', ')}`
          : ''
      }).`,
    );
  }
  if (tables.length > 1) {
    throw new IntakeError(
      'zip-many-tables',
      `${zipName} holds ${tables.length} tables (${tables
        .slice(0, 4)
        .map((m) => quote(m.name))
        .join(', ')}${tables.length > 4 ? ', …' : ''}). Unzip it and open one of them.`,
    );
  }
  const member = tables[0];
  return { name: member.name.split('/').pop() ?? member.name, member };
}

/** An OLE2 compound file: an old .xls workbook, or an .xlsx that is password-protected (encrypted). */
export function oleError(bytes: Uint8Array, name: string): IntakeError {
  if (isEncryptedOffice(bytes) || /\.xlsx$/i.test(name)) {
    return new IntakeError(
      'xlsx-encrypted',
      `${name} is password-protected. Open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password) and save it again, or export the sheet as CSV.`,
    );
  }
  return new IntakeError(
    'xls-old-format',
    `${name} is an old Excel workbook (.xls, the binary format before 2007). Open it in Excel or LibreOffice and save it as .xlsx or CSV.`,
  );
}

/** Encrypted Office files keep an "EncryptionInfo" stream; its name is stored in UTF-16. */
function isEncryptedOffice(bytes: Uint8Array): boolean {
  const word = 'EncryptionInfo';
  outer: for (let i = 0; i + word.length * 2 <= bytes.length; i++) {
    for (let j = 0; j < word.length; j++) {
      if (bytes[i + 2 * j] !== word.charCodeAt(j) || bytes[i + 2 * j + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}
