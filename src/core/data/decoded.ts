/**
 * A table as plain data (typed arrays, strings, no functions), so the worker that read it can post it to the
 * engine worker: the reading runs in a worker of its own, which a watchdog can stop (worker/readWatched.ts).
 */
import { ColumnTable, type StoredColumn } from './columnTable';
import { npzToTable, type NpyArray } from './npz';
import { parquetTable, type ParquetData } from './parquetTable';
import type { TableSource } from './table';

export type DecodedTable =
  | {
      kind: 'columns';
      header: string[];
      rowCount: number;
      stored: StoredColumn[];
      delimiter?: string;
      numbersAsNumbers: boolean;
    }
  | { kind: 'npz'; arrays: Record<string, NpyArray> }
  | { kind: 'parquet'; data: ParquetData };

/** A reader's answer: the table, the notes for the analyst and, for a workbook, its sheets. */
export interface Decoded {
  table: DecodedTable;
  warnings: string[];
  sheets?: string[];
  sheet?: number;
}

export function columnsDecoded(t: ColumnTable): DecodedTable {
  return {
    kind: 'columns',
    header: t.header,
    rowCount: t.rowCount,
    stored: [...t.stored],
    ...(t.delimiter !== undefined ? { delimiter: t.delimiter } : {}),
    numbersAsNumbers: t.asNumbers,
  };
}

export function decodedSource(t: DecodedTable): TableSource {
  if (t.kind === 'npz') return npzToTable(t.arrays);
  if (t.kind === 'parquet') return parquetTable(t.data);
  return new ColumnTable(t.header, t.rowCount, t.stored, { delimiter: t.delimiter, numbersAsNumbers: t.numbersAsNumbers });
}

/** The buffers to move (not copy) with the table when it is posted. */
export function decodedTransfer(t: DecodedTable): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: { buffer: ArrayBufferLike } | null) => {
    if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  };
  if (t.kind === 'columns') {
    for (const c of t.stored) {
      add(c.values);
      add(c.codes);
    }
  } else if (t.kind === 'npz') {
    for (const a of Object.values(t.arrays)) add(a.data);
  } else {
    for (const c of t.data.columns) add(c.kind === 'text' ? c.codes : c.values);
  }
  return [...out];
}
