/**
 * A decoded Parquet file as plain data (typed arrays, one string per distinct text), and the TableSource
 * over it. Apart from the reader (parquet.ts, with hyparquet), so a worker that only receives decoded
 * columns does not load the decoder.
 */
import type { RawCell } from './cells';
import type { TableSource } from './table';

export interface ParquetTable extends TableSource {
  /** Per column: 'number' (Float64Array), 'text' (codes and dictionary) or 'date' (epoch ms shown as ISO). */
  columnKinds: ('number' | 'text' | 'date')[];
}

/** A decoded column as plain data (typed arrays and one string per distinct text), so it can cross to another worker. */
export type ParquetColumn =
  | { kind: 'number'; values: Float64Array }
  | { kind: 'text'; codes: Int32Array; dict: string[] }
  | { kind: 'date'; values: Float64Array; time: boolean };

/** The decoded file: what parquetTable() turns into a TableSource. */
export interface ParquetData {
  header: string[];
  rowCount: number;
  columns: ParquetColumn[];
  warnings: string[];
}

/** The buffers to transfer (not copy) when the data is posted to another worker. */
export function parquetTransfer(data: ParquetData): ArrayBuffer[] {
  return data.columns.map((c) => (c.kind === 'text' ? c.codes.buffer : c.values.buffer) as ArrayBuffer);
}

export function parquetTable(data: ParquetData): ParquetTable {
  const cells = data.columns.map(cellsOf);
  return {
    header: data.header,
    rowCount: data.rowCount,
    columnKinds: data.columns.map((c) => c.kind),
    cell: (r, c) => cells[c](r),
  };
}

/** A cell as the CSV of the table would hold it: null (and NaN) an empty cell, dates as ISO text. */
function cellsOf(col: ParquetColumn): (row: number) => RawCell {
  if (col.kind === 'text') {
    const { codes, dict } = col;
    return (r) => {
      const c = codes[r];
      return c < 0 ? '' : dict[c];
    };
  }
  const values = col.values;
  if (col.kind === 'number') {
    return (r) => {
      const v = values[r];
      return v === v ? v : ''; // NaN !== NaN
    };
  }
  const iso = col.time ? isoTimestamp : isoDate;
  return (r) => {
    const v = values[r];
    return v === v ? iso(v) : '';
  };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Whole seconds without the '.000'; the offset as Z (a timestamp without one is read as UTC, like a CSV's). */
function isoTimestamp(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, 19)}Z` : s;
}
