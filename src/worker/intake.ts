import { createDelimitedParser } from '../core/data/csv';
import { IntakeError } from '../core/data/errors';
import { npzToTable, parseNpz } from '../core/data/npz';
import { inferSchema, tableFromParsed, type TableSource } from '../core/data/schema';
import type { TableSummary } from './api';

/** Larger files are refused with a message rather than risking the tab (strings cost ~10x their bytes). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface LoadedTable {
  source: TableSource;
  summary: TableSummary;
}

/** Reads a CSV/TSV (streamed, decoded chunk by chunk) or an ADBench-style .npz into a table and its schema. */
export async function loadTable(file: Blob, name: string, onProgress?: (fraction: number) => void): Promise<LoadedTable> {
  if (file.size > MAX_FILE_BYTES) {
    throw new IntakeError(
      'file-too-large',
      `${name} is ${(file.size / 2 ** 20).toFixed(0)} MB; IMLab reads files up to ${MAX_FILE_BYTES / 2 ** 20} MB in the browser. Sample or split the table first.`,
    );
  }
  const { source, warnings } = /\.npz$/i.test(name) ? await readNpz(file, onProgress) : await readDelimited(file, name, onProgress);
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
      // The parser's notes (renamed duplicate columns, no delimiter found, encoding) come first.
      warnings: [...warnings, ...schema.warnings],
    },
  };
}

interface Read {
  source: TableSource;
  warnings: string[];
}

async function readNpz(file: Blob, onProgress?: (f: number) => void): Promise<Read> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  onProgress?.(0.5);
  const parsed = parseNpz(bytes);
  return { source: npzToTable(parsed.arrays), warnings: parsed.warnings };
}

async function readDelimited(file: Blob, name: string, onProgress?: (f: number) => void): Promise<Read> {
  const parser = createDelimitedParser(/\.tsv$/i.test(name) ? { delimiter: '\t' } : {});
  const reader = file.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    // TextDecoder drops a leading UTF-8 BOM itself.
    parser.push(decoder.decode(value, { stream: true }));
    onProgress?.(file.size ? Math.min(0.99, read / file.size) : 0.5);
  }
  parser.push(decoder.decode());
  const parsed = parser.finish();
  return { source: tableFromParsed(parsed), warnings: parsed.warnings };
}
