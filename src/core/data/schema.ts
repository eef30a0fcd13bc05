import { looksLikeLabelName } from './cells';
import type { ParsedTable } from './csv';
import { quote } from './errors';
import { knownPositive, labelKey } from './label';
import { isNumericScan, scanColumn, type ColumnScan } from './scan';
import type { ColumnInfo, ColumnKind, TableSource } from './table';

export { buildFeatures, type FeatureOptions, type FeatureSet } from './features';

export type { ColumnInfo, ColumnKind, TableSource } from './table';

export interface Schema {
  columns: ColumnInfo[];
  proposedLabel: number | null;
  warnings: string[];
}

export function tableFromParsed(t: ParsedTable): TableSource {
  const rows = t.rows;
  return { header: t.header, rowCount: rows.length, cell: (r, c) => rows[r][c] };
}

const SAMPLE_SIZE = 5;

export function inferSchema(src: TableSource): Schema {
  const warnings: string[] = [];
  const columns = src.header.map((name, index) => inferColumn(src, name, index, warnings));
  const candidates = columns.filter((c) => c.labelCandidate);
  let proposedLabel: number | null = null;
  if (candidates.length > 0) {
    // Prefer a column named like a label over one only valued like it.
    const named = candidates.find((c) => looksLikeLabelName(c.name)) ?? candidates[0];
    proposedLabel = named.index;
    if (candidates.length > 1) {
      warnings.push(
        `Several columns look like labels (${candidates.map((c) => quote(c.name)).join(', ')}); ` +
          `${quote(named.name)} is proposed. None of them is used as a feature unless you include it.`,
      );
    }
  }
  return { columns, proposedLabel, warnings };
}

function inferColumn(src: TableSource, name: string, index: number, warnings: string[]): ColumnInfo {
  const scan = scanColumn(src, index);
  const q = quote(name);
  const valid = scan.numbers + scan.texts;
  const numeric = isNumericScan(scan);
  // Stray text in a numeric column is missing, so it does not count as a value either.
  const distinct = numeric && scan.texts > 0 ? countNumberKeys(scan) : scan.counts.size;
  let missing = scan.missing + scan.nonFinite;
  if (scan.nonFinite > 0) {
    warnings.push(`Column ${q}: ${scan.nonFinite} infinite or too-large value(s) counted as missing.`);
  }

  let kind: ColumnKind;
  if (distinct <= 1) {
    kind = 'constant';
  } else if (numeric) {
    kind = scan.sequence ? 'identifier' : 'numeric';
    if (scan.texts > 0) {
      missing += scan.texts;
      warnings.push(
        `Column ${q}: ${scan.texts} non-numeric value(s) (e.g. ${quote(scan.firstText)}) counted as missing.`,
      );
    }
  } else if (distinct === valid && valid === src.rowCount) {
    kind = 'identifier'; // a different text in every row: a name or key, not a category
  } else {
    kind = 'categorical';
    if (scan.numbers * 2 >= valid) {
      warnings.push(
        `Column ${q} mixes numbers and text (e.g. ${quote(scan.firstText)}), so it is treated as categorical.`,
      );
    }
  }

  const labelCandidate = distinct === 2 && (looksLikeLabelName(name) || valuedLikeLabel(scan));
  if (valid === 0) warnings.push(`Column ${q} has no values and is excluded.`);
  else if (kind === 'constant') warnings.push(`Column ${q} has a single value and is excluded.`);
  else if (kind === 'identifier') warnings.push(`Column ${q} looks like a row identifier and is excluded.`);
  if (!labelCandidate && looksLikeLabelName(name) && distinct > 2) {
    warnings.push(
      `Column ${q} is named like a label but has ${distinct} values, so it is not proposed as the label.`,
    );
  }

  const sample: string[] = [];
  for (let r = 0; r < Math.min(SAMPLE_SIZE, src.rowCount); r++) sample.push(String(src.cell(r, index)));

  const included = !labelCandidate && (kind === 'numeric' || kind === 'categorical');
  return { name, index, kind, missing, distinct, labelCandidate, included, sample };
}

/** outlier/inlier, anomaly/normal...: a ground truth whatever the column is called (but not bare 0/1). */
function valuedLikeLabel(scan: ColumnScan): boolean {
  if (scan.texts === 0) return false;
  const values = [...scan.counts.keys()].map((k) => labelKey(k));
  const pos = knownPositive(values);
  return pos !== null && !['1', 'true', 'yes', 'y', 't'].includes(pos);
}

function countNumberKeys(scan: ColumnScan): number {
  let n = 0;
  for (const k of scan.counts.keys()) if (typeof k === 'number') n++;
  return n;
}
