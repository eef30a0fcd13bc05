/** The table's types, apart from the code that reads them, so schema, scan and features need not import each other. */
import type { RawCell } from './cells';
import type { DateParts } from './dates';
import type { NumberFormatId } from './numberFormat';

export type ColumnKind = 'numeric' | 'categorical' | 'identifier' | 'constant' | 'date';

export interface ColumnInfo {
  name: string;
  index: number;
  kind: ColumnKind;
  /** Empty, NA-like, non-finite and (in numeric columns) stray text cells. */
  missing: number;
  /** Distinct non-missing values (numbers are counted up to 1000). */
  distinct: number;
  /** Two-valued and named like a label (or valued like outlier/inlier): ground truth, never a feature. */
  labelCandidate: boolean;
  /** Default: numeric and categorical columns, except label candidates. */
  included: boolean;
  /** The first few raw values, as text. */
  sample: string[];
  /** Why the column has its kind, as the column panel says it (absent in sessions saved before). */
  note?: string;
  /** How numbers are written in this column; absent = plain (1234.5). The analyst may change it. */
  numberFormat?: NumberFormatId;
  /** The values alone cannot tell the number format (`1,234`): the file decided, and the note says so. */
  formatAmbiguous?: boolean;
  /** A date column: whether its values have a time of day, and the extra features asked for. */
  hasTime?: boolean;
  dateParts?: DateParts;
}

/**
 * A column held as numbers: the cell in row r is values[offset + r * stride]. A number there is the cell's
 * value (in a text file, written exactly as JavaScript writes it, with `decimal` as the decimal mark); NaN means
 * the cell is something else: read cell() for it.
 */
export interface NumericColumn {
  values: Float64Array;
  offset: number;
  stride: number;
  decimal: '.' | ',' | null;
}

/** A column held as codes: codes[r] > 0 is the cell dict[codes[r] - 1]; 0 means a number (see numericColumn). */
export interface CodedColumn {
  codes: Int32Array;
  dict: readonly string[];
}

/** Read-only cell access, so parsed columns and npz arrays are used in place rather than copied. */
export interface TableSource {
  header: string[];
  rowCount: number;
  cell(row: number, col: number): RawCell;
  /** The text file's delimiter, a hint for ambiguous number formats. */
  delimiter?: string;
  /** The column's numbers without text, when the source holds it as numbers (the hot loops read this). */
  numericColumn?(col: number): NumericColumn | null;
  /** The column's texts as codes, when the source holds them so: per-text work is done once per distinct text. */
  codedColumn?(col: number): CodedColumn | null;
}
