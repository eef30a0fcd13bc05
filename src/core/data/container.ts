/** What wraps a table: gzip, a zip archive (an .npz, an .xlsx, or a zip of one table), an old Office file. */
import { Gunzip, unzipSync } from 'fflate';
import { IntakeError, quote } from './errors';

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
 * after end of compressed data").
 */
export function gunzipStream(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let gunzip: Gunzip;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        gunzip = new Gunzip((data) => {
          if (data.length) controller.enqueue(data);
        });
      },
      transform(chunk) {
        gunzip.push(chunk);
      },
      // The last push checks that the final member is whole (a truncated file is refused here, not read short).
      flush() {
        gunzip.push(new Uint8Array(0), true);
      },
    }),
  );
}

export type ZipKind = 'npz' | 'xlsx' | 'archive';

/** The names in a zip archive, read from its directory without inflating anything. */
export function zipEntries(bytes: Uint8Array): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch (e) {
    throw new IntakeError(
      'not-zip',
      `The zip archive is damaged (${e instanceof Error ? e.message : String(e)}). Save or download it again.`,
    );
  }
  return names;
}

export function zipKind(entries: string[]): ZipKind {
  if (entries.includes('xl/workbook.xml') || entries.includes('[Content_Types].xml')) return 'xlsx';
  if (entries.length > 0 && entries.every((n) => n.endsWith('.npy'))) return 'npz';
  return 'archive';
}

const TABLE_FILE = /\.(csv|tsv|txt|tab|xlsx|npz|parquet|pq)$/i;

/** The one table inside a zip archive (folders and macOS metadata ignored). */
export function tableInZip(bytes: Uint8Array, entries: string[], zipName: string): { name: string; bytes: Uint8Array } {
  const tables = entries.filter((n) => !n.endsWith('/') && !n.startsWith('__MACOSX/') && !/(^|\/)\./.test(n) && TABLE_FILE.test(n));
  if (tables.length === 0) {
    throw new IntakeError(
      'zip-no-table',
      `${zipName} holds no table (no .csv, .tsv, .txt, .xlsx, .npz or .parquet file${
        entries.length
          ? `; found ${entries
              .slice(0, 3)
              .map((n) => quote(n))
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
        .map((n) => quote(n))
        .join(', ')}${tables.length > 4 ? ', …' : ''}). Unzip it and open one of them.`,
    );
  }
  const name = tables[0];
  const files = unzipSync(bytes, { filter: (f) => f.name === name });
  return { name: name.split('/').pop() ?? name, bytes: files[name] };
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
