/** The table's types, apart from the code that reads them, so schema, scan and features need not import each other. */
import type { RawCell } from './cells';

export type ColumnKind = 'numeric' | 'categorical' | 'identifier' | 'constant';

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
}

/** Read-only cell access, so CSV rows and npz arrays are used in place rather than copied. */
export interface TableSource {
  header: string[];
  rowCount: number;
  cell(row: number, col: number): RawCell;
}
