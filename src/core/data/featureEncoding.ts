/**
 * The documented encoding of a table into the model's feature matrix, kept from the training table so new rows
 * are encoded alike: each feature column of the file by name, in order, as
 * - numeric: its number (in the column's number format), NaN when missing or not a number;
 * - date: epoch days, then weekday (0 = Monday) and hour of day when asked for, NaN when not an ISO date;
 * - categorical: one 0/1 column per kept category (trimmed text), then `(other)` when the column was capped;
 *   a missing cell is all zeros, an unseen category goes to `(other)` or, without one, is all zeros.
 * The NaN cells are filled with the training table's median (`fill`) by the scorer, not here, so that an
 * exported model takes the same matrix (see docs/engine.md, "Deterministic scorer").
 */
import { Cell, classify, classifyNonNumber, type RawCell } from './cells';
import { DATE_PARTS, parseIsoDate, type DatePart } from './dates';
import { IntakeError, quote } from './errors';
import { matrix, type Matrix } from './matrix';
import { numberReader, type NumberFormatId } from './numberFormat';
import type { TableSource } from './table';

export type ColumnEncoding =
  | { type: 'numeric'; name: string; numberFormat: NumberFormatId; fill: number }
  | { type: 'date'; name: string; parts: DatePart[]; fill: number[] }
  | { type: 'categorical'; name: string; levels: string[]; other: boolean };

export function encodedWidth(c: ColumnEncoding): number {
  return c.type === 'numeric' ? 1 : c.type === 'date' ? c.parts.length : c.levels.length + (c.other ? 1 : 0);
}

/** Per feature column, the value a NaN cell is filled with (0 for one-hot columns, which never hold NaN). */
export function fillValues(columns: readonly ColumnEncoding[]): Float64Array {
  const out: number[] = [];
  for (const c of columns) {
    if (c.type === 'numeric') out.push(c.fill);
    else if (c.type === 'date') out.push(...c.fill);
    else for (let k = 0; k < encodedWidth(c); k++) out.push(0);
  }
  return Float64Array.from(out);
}

/** What encoding a new table found, cell by cell: said to the analyst next to its scores. */
export interface EncodeReport {
  rows: number;
  /** Missing (or unreadable) cells of numeric and date columns, filled with the training median. */
  filled: Map<string, number>;
  /** Cells of a numeric or date column holding text. */
  notNumbers: Map<string, number>;
  /** Categories the training table did not have: count per column. */
  unseen: Map<string, Map<string, number>>;
  /** Columns of the new table the model does not read. */
  extra: string[];
}

/** Encodes rows one at a time (the CLI streams; the app encodes a table in chunks). */
export interface RowEncoder {
  readonly width: number;
  readonly report: EncodeReport;
  /** Writes the encoded row into out[offset .. offset + width). */
  encode(cell: (col: number) => RawCell, out: Float32Array, offset: number): void;
}

const trimmed = (names: readonly string[]) => names.map((n) => n.trim());

/**
 * Matches a new table's header with the training columns by name. A training column that is missing is an error
 * (the model cannot score without it); extra columns are reported and ignored.
 */
export function rowEncoder(header: readonly string[], columns: readonly ColumnEncoding[]): RowEncoder {
  const names = trimmed(header);
  const at = new Map<string, number>();
  names.forEach((n, i) => {
    if (!at.has(n)) at.set(n, i);
  });
  const missing = columns.filter((c) => !at.has(c.name.trim())).map((c) => c.name);
  if (missing.length > 0) {
    throw new IntakeError(
      'missing-columns',
      `The table lacks ${missing.length === 1 ? 'the column' : `${missing.length} columns`} the model was trained on: ` +
        `${missing
          .slice(0, 8)
          .map((n) => quote(n))
          .join(', ')}${missing.length > 8 ? ', …' : ''}. Use a table with the same columns (names match exactly, after trimming spaces).`,
    );
  }
  const used = new Set(columns.map((c) => c.name.trim()));
  const report: EncodeReport = {
    rows: 0,
    filled: new Map(),
    notNumbers: new Map(),
    unseen: new Map(),
    extra: names.filter((n) => !used.has(n)),
  };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const writers = columns.map((c) => {
    const src = at.get(c.name.trim())!;
    if (c.type === 'numeric') {
      const read = numberReader(c.numberFormat);
      return (cell: (col: number) => RawCell, out: Float32Array, o: number) => {
        const raw = cell(src);
        const v = read(raw);
        out[o] = v;
        if (Number.isNaN(v)) {
          bump(report.filled, c.name);
          if (classifyNonNumber(raw) === Cell.Text) bump(report.notNumbers, c.name);
        }
      };
    }
    if (c.type === 'date') {
      const parts = c.parts.map((p) => DATE_PARTS[p]);
      return (cell: (col: number) => RawCell, out: Float32Array, o: number) => {
        const raw = cell(src);
        const d = parseIsoDate(raw);
        for (let j = 0; j < parts.length; j++) out[o + j] = d ? parts[j](d.ms) : NaN;
        if (!d) {
          bump(report.filled, c.name);
          const kind = classify(raw);
          if (kind !== Cell.Missing && kind !== Cell.NonFinite) bump(report.notNumbers, c.name);
        }
      };
    }
    const levels = new Map(c.levels.map((l, i) => [l, i] as const));
    const other = c.other ? c.levels.length : null;
    const width = encodedWidth(c);
    return (cell: (col: number) => RawCell, out: Float32Array, o: number) => {
      out.fill(0, o, o + width);
      const raw = cell(src);
      const kind = classify(raw);
      if (kind === Cell.Missing || kind === Cell.NonFinite) return;
      const key = String(raw).trim();
      const k = levels.get(key);
      if (k !== undefined) out[o + k] = 1;
      else {
        if (other !== null) out[o + other] = 1;
        let u = report.unseen.get(c.name);
        if (!u) report.unseen.set(c.name, (u = new Map()));
        // Only the first few distinct values are kept by name: a column of fresh identifiers must not grow memory.
        if (u.has(key) || u.size < 20) bump(u, key);
      }
    };
  });
  const offsets: number[] = [];
  let width = 0;
  for (const c of columns) {
    offsets.push(width);
    width += encodedWidth(c);
  }
  return {
    width,
    report,
    encode(cell, out, offset) {
      for (let i = 0; i < writers.length; i++) writers[i](cell, out, offset + offsets[i]);
      report.rows++;
    },
  };
}

/** Encodes a whole table (missing cells stay NaN; the scorer fills them). */
export function encodeTable(src: TableSource, columns: readonly ColumnEncoding[]): { X: Matrix; report: EncodeReport } {
  const enc = rowEncoder(src.header, columns);
  const X = matrix(src.rowCount, enc.width);
  for (let r = 0; r < src.rowCount; r++) enc.encode((c) => src.cell(r, c), X.data, r * enc.width);
  retypedCheck(enc.report, columns);
  return { X, report: enc.report };
}

/**
 * A numeric (or date) column of the model whose cells in the new table are all text was retyped: scoring it with
 * the training median everywhere would hide that, so it is an error.
 */
export function retypedCheck(report: EncodeReport, columns: readonly ColumnEncoding[]): void {
  if (report.rows === 0) return;
  const retyped = columns.filter((c) => c.type !== 'categorical' && (report.notNumbers.get(c.name) ?? 0) === report.rows);
  if (retyped.length > 0) {
    const what = retyped.map((c) => `${quote(c.name)} (${c.type} in the training table)`).join(', ');
    throw new IntakeError(
      'retyped-columns',
      `In this table ${retyped.length === 1 ? 'the column' : 'the columns'} ${what} hold${retyped.length === 1 ? 's' : ''} only text. ` +
        'The model reads them as numbers: fix the column or use a table like the one the model was trained on.',
    );
  }
}

/** The report in sentences, for the analyst (empty when the table matched the training columns exactly). */
export function describeReport(r: EncodeReport): string[] {
  const out: string[] = [];
  if (r.extra.length > 0)
    out.push(
      `${r.extra.length} column(s) the model does not use were ignored: ${r.extra
        .slice(0, 6)
        .map((n) => quote(n))
        .join(', ')}${r.extra.length > 6 ? ', …' : ''}.`,
    );
  for (const [name, n] of r.notNumbers) out.push(`Column ${quote(name)}: ${n} cell(s) are not numbers; filled with the training median.`);
  for (const [name, n] of r.filled) {
    const text = r.notNumbers.get(name) ?? 0;
    if (n > text) out.push(`Column ${quote(name)}: ${n - text} missing cell(s) filled with the training median.`);
  }
  for (const [name, values] of r.unseen) {
    const total = [...values.values()].reduce((a, b) => a + b, 0);
    const shown = [...values.keys()]
      .slice(0, 5)
      .map((n) => quote(n))
      .join(', ');
    out.push(
      `Column ${quote(name)}: ${values.size >= 20 ? 'at least ' : ''}${total} cell(s) with categories the training table did not have (${shown}${values.size > 5 ? ', …' : ''}); they count as "(other)" if the column has it, else as no category.`,
    );
  }
  return out;
}
