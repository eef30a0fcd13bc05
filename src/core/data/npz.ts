import { byteSize, MAX_INFLATED_MEMBER_BYTES } from './budgets';
import { IntakeError, quote } from './errors';
import { parseNpy, type NpyArray } from './npy';
import type { TableSource } from './table';
import { inflateMember, zipDirectory } from './zip';

export type { NpyArray } from './npy';

export interface ParsedNpz {
  arrays: Record<string, NpyArray>;
  /** Arrays other than X and y that could not be read and were skipped. */
  warnings: string[];
}

/** X and y must be readable; any other array may be skipped so stray metadata cannot block a load. */
const REQUIRED = new Set(['X', 'y']);

/** Each array is inflated within the member budget, and all of them together within it too. */
const NPY_BUDGET = { limit: MAX_INFLATED_MEMBER_BYTES, what: `IMLab reads arrays of up to ${byteSize(MAX_INFLATED_MEMBER_BYTES)}` };

export function parseNpz(bytes: Uint8Array, fileName = 'The .npz file'): ParsedNpz {
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK"
  if (!isZip) throw notZip('it is not a zip archive');
  const members = zipDirectory(bytes, fileName).filter((m) => m.name.endsWith('.npy'));
  const arrays: Record<string, NpyArray> = {};
  const warnings: string[] = [];
  let left = NPY_BUDGET.limit;
  for (const member of members) {
    const data = inflateMember(bytes, member, fileName, { ...NPY_BUDGET, limit: left });
    left -= data.length;
    const name = member.name.slice(0, -'.npy'.length);
    try {
      arrays[name] = parseNpy(data, name);
    } catch (e) {
      if (REQUIRED.has(name) || !(e instanceof IntakeError)) throw e;
      warnings.push(`Skipped array ${quote(name)}: ${e.message}`);
    }
  }
  if (Object.keys(arrays).length === 0 && warnings.length === 0) {
    throw new IntakeError('npz-missing-x', 'The .npz file contains no arrays. Save the data with np.savez(path, X=X, y=y).');
  }
  return { arrays, warnings };
}

/** Python's spelling, so it matches what the user sees in numpy: (5,) and (3, 4). */
function shapeText(shape: number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

function notZip(why: string): IntakeError {
  return new IntakeError(
    'not-zip',
    `This is not a readable .npz file (${why}). Save the arrays with np.savez(path, X=X, y=y), or load a CSV file instead.`,
  );
}

/** X (rows x features) and optional y, seen as a table with columns f0..f{d-1} and `label`. */
export interface NumericTable extends TableSource {
  features: number;
  X: Float64Array;
  y: Float64Array | null;
}

export function npzToTable(arrays: Record<string, NpyArray>): NumericTable {
  const x = arrays.X;
  if (!x) {
    const found = Object.keys(arrays);
    throw new IntakeError(
      'npz-missing-x',
      `The .npz has no array named 'X' (found: ${found.length ? found.map((k) => quote(k)).join(', ') : 'none'}). ` +
        'Save the feature matrix as X: np.savez(path, X=X, y=y).',
    );
  }
  if (x.shape.length !== 2) {
    throw new IntakeError(
      'npz-x-not-2d',
      `X has shape ${shapeText(x.shape)} but must be 2-D (rows × features). ` +
        'For a single feature save X.reshape(-1, 1); for images flatten each sample first.',
    );
  }
  const [rows, features] = x.shape;
  if (rows === 0) {
    throw new IntakeError('no-data-rows', 'X has no rows. Save a matrix with at least one row.');
  }
  let y: Float64Array | null = null;
  const ya = arrays.y;
  if (ya) {
    // A (n, 1) column vector is a common way to save labels; accept it as 1-D.
    const flat = ya.shape.length === 1 || (ya.shape.length === 2 && ya.shape[1] === 1);
    if (!flat || ya.shape[0] !== rows) {
      throw new IntakeError(
        'npz-y-mismatch',
        `y has shape ${shapeText(ya.shape)} but X has ${rows} rows: y must be 1-D with one label per row of X.`,
      );
    }
    y = ya.data;
  }
  const header = Array.from({ length: features }, (_, j) => `f${j}`);
  if (y) header.push('label');
  const X = x.data;
  return {
    header,
    rowCount: rows,
    features,
    X,
    y,
    cell: (r, c) => (c < features ? X[r * features + c] : (y as Float64Array)[r]),
    // The arrays are read in place, with a stride: never a string or an object per cell.
    numericColumn: (c) =>
      c < features
        ? { values: X, offset: c, stride: features, decimal: null }
        : { values: y as Float64Array, offset: 0, stride: 1, decimal: null },
  };
}
