import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDelimited } from '../src/core/data/csv';
import type { Matrix } from '../src/core/data/matrix';
import { npzToTable, parseNpz } from '../src/core/data/npz';
import { buildFeatures, inferSchema, tableFromParsed, type TableSource } from '../src/core/data/schema';

/** Loads a benchmark table (ADBench .npz with X, y, or a CSV with a label column) with the app's own intake. */
export function loadDataset(file: string, labelColumn: string): { X: Matrix; y: Uint8Array } {
  const bytes = readFileSync(file);
  const src: TableSource = file.endsWith('.npz')
    ? npzToTable(parseNpz(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).arrays)
    : tableFromParsed(parseDelimited(bytes.toString('utf8')));
  const schema = inferSchema(src);
  const label = src.header.indexOf(labelColumn);
  if (label < 0) throw new Error(`${path.basename(file)} has no column named ${labelColumn}`);
  // Benchmarks use every other column as a numeric feature, as the reference does (no identifier guessing).
  const columns = schema.columns.map((c) => ({
    ...c,
    included: c.index !== label,
    kind: c.kind === 'constant' ? c.kind : ('numeric' as const),
  }));
  const f = buildFeatures(src, columns, label);
  if (!f.y) throw new Error('no labels');
  return { X: f.X, y: f.y };
}
