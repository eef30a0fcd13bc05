import { Cell, classify, classifyNonNumber, type RawCell } from './cells';
import { DATE_PARTS, type DatePart } from './dates';
import { IntakeError, quote } from './errors';
import { encodeLabel } from './label';
import { matrix, type Matrix } from './matrix';
import { columnNumbers, columnTextFacts, isDateScan, isNumericScan, scanColumn } from './scan';
import type { ColumnInfo, TableSource } from './table';
import type { ColumnEncoding } from './featureEncoding';

export interface FeatureOptions {
  /** One-hot cap per categorical column, including the `(other)` column. Default 20. */
  maxCategories?: number;
  /** Most feature columns after encoding. Default 2000. */
  maxColumns?: number;
  /** The label value that marks an outlier, when the two values do not say it (e.g. 'A' / 'B'). */
  positiveValue?: string;
}

export interface FeatureSet {
  /** Unscaled: scaling happens later, on training data only. */
  X: Matrix;
  featureNames: string[];
  y: Uint8Array | null;
  /** Cells filled with their column median. */
  imputed: number;
  /** Missing cells in the feature columns before encoding (imputed numeric + all-zero categorical). */
  missingCells: number;
  /** For each feature column, the file column it came from (one-hot columns share one). */
  featureSources: number[];
  messages: string[];
  /** How each file column became features (categories, fill values): what a scorer needs to encode new rows alike. */
  encoding: ColumnEncoding[];
}

export const MIN_ROWS = 10;
export const MIN_FEATURES = 2;

/** Numeric columns are parsed once, straight into X, after the width is known. */
interface NumericPlan {
  type: 'numeric';
  col: ColumnInfo;
}

/** A date column: epoch days, then the optional weekday and hour features. */
interface DatePlan {
  type: 'date';
  col: ColumnInfo;
  names: string[];
  parts: ((ms: number) => number)[];
  partIds: DatePart[];
}

interface CategoricalPlan {
  type: 'categorical';
  col: ColumnInfo;
  /** Category text -> offset within this column's one-hot block; others go to `other`. */
  levels: Map<string, number>;
  other: number | null;
  width: number;
  missing: number;
}

type Plan = NumericPlan | DatePlan | CategoricalPlan;

const planWidth = (p: Plan) => (p.type === 'numeric' ? 1 : p.type === 'date' ? p.parts.length : p.width);

/** The most feature columns a table may give after encoding (the page says it before any is built). */
export const MAX_FEATURE_COLUMNS = 2000;

export function buildFeatures(src: TableSource, columns: ColumnInfo[], labelColumn: number | null, opts: FeatureOptions = {}): FeatureSet {
  const maxCategories = Math.max(2, opts.maxCategories ?? 20);
  const maxColumns = opts.maxColumns ?? MAX_FEATURE_COLUMNS;
  const n = src.rowCount;
  const messages: string[] = [];
  const width = src.header.length;
  for (const c of columns) {
    if (!Number.isInteger(c.index) || c.index < 0 || c.index >= width) throw badColumn(String(c.index), width);
  }
  if (labelColumn !== null && (!Number.isInteger(labelColumn) || labelColumn < 0 || labelColumn >= width)) {
    throw badColumn(String(labelColumn), width);
  }
  if (n < MIN_ROWS) {
    throw new IntakeError('too-few-rows', `IMLab needs at least ${MIN_ROWS} rows; this table has ${n}. Use a table with more rows.`);
  }

  let y: Uint8Array | null = null;
  if (labelColumn !== null) {
    const label = encodeLabel(
      {
        name: src.header[labelColumn],
        rowCount: n,
        cell: (r) => src.cell(r, labelColumn),
        number: columnNumbers(src, labelColumn),
      },
      opts.positiveValue,
    );
    y = label.y;
    messages.push(label.message);
  }

  const plans: Plan[] = [];
  for (const col of columns) {
    if (!col.included || col.index === labelColumn) continue;
    if (col.labelCandidate) {
      messages.push(`Column ${quote(col.name)} looks like a label but is used as a feature, as you chose.`);
    }
    const plan = planColumn(src, col, maxCategories, messages);
    if (plan) plans.push(plan);
  }

  const total = plans.reduce((s, p) => s + planWidth(p), 0);
  if (total > maxColumns) {
    throw new IntakeError(
      'too-many-columns',
      `The table would give ${total} feature columns (after one-hot encoding categories), more than the limit of ${maxColumns}. ` +
        'Exclude some columns, especially categorical ones with many values.',
    );
  }
  if (total < MIN_FEATURES) {
    throw new IntakeError(
      'too-few-features',
      `IMLab needs at least ${MIN_FEATURES} feature columns; ${total === 0 ? 'none is' : 'only 1 is'} usable. ` +
        'Include more numeric or categorical columns (identifier, constant and label columns are not features).',
    );
  }

  const X = matrix(n, total);
  const scratch = new Float64Array(n); // reused by every numeric column for its median
  const featureNames: string[] = [];
  const featureSources: number[] = [];
  let imputed = 0;
  let missingCells = 0;
  const imputedCols: string[] = [];
  const encoding: ColumnEncoding[] = [];
  let offset = 0;
  for (const p of plans) {
    if (p.type === 'numeric') {
      const { missing, median } = fillNumeric(src, p.col, X, offset, scratch);
      encoding.push({ type: 'numeric', name: p.col.name, numberFormat: p.col.numberFormat ?? 'plain', fill: median });
      featureNames.push(p.col.name);
      featureSources.push(p.col.index);
      if (missing > 0) {
        imputed += missing;
        missingCells += missing;
        imputedCols.push(`${quote(p.col.name)} (${missing})`);
      }
      offset += 1;
    } else if (p.type === 'date') {
      const { missing, medians } = fillDate(src, p, X, offset, scratch);
      encoding.push({ type: 'date', name: p.col.name, parts: p.partIds, fill: medians });
      featureNames.push(...p.names);
      for (let k = 0; k < p.parts.length; k++) featureSources.push(p.col.index);
      if (missing > 0) {
        imputed += missing * p.parts.length;
        missingCells += missing * p.parts.length;
        imputedCols.push(`${quote(p.col.name)} (${missing})`);
      }
      offset += p.parts.length;
    } else {
      fillCategorical(src, p, X, offset);
      encoding.push({ type: 'categorical', name: p.col.name, levels: [...p.levels.keys()], other: p.other !== null });
      for (const level of p.levels.keys()) featureNames.push(`${p.col.name}=${level}`);
      if (p.other !== null) featureNames.push(`${p.col.name}=(other)`);
      for (let k = 0; k < p.width; k++) featureSources.push(p.col.index);
      if (p.missing > 0) {
        missingCells += p.missing;
        messages.push(`Column ${quote(p.col.name)}: ${p.missing} missing value(s) encoded as no category (all zeros).`);
      }
      offset += p.width;
    }
  }
  if (imputed > 0) {
    const shown = imputedCols.slice(0, 5).join(', ') + (imputedCols.length > 5 ? ', …' : '');
    messages.push(`Filled ${imputed} missing cell(s) with the column median: ${shown}.`);
  }
  return { X, featureNames, y, imputed, missingCells, featureSources, messages, encoding };
}

function badColumn(index: string, width: number): IntakeError {
  return new IntakeError('bad-column', `Column ${index} does not exist: the table has ${width} columns (0 to ${width - 1}).`);
}

/** Decides how a column is encoded; null when it has nothing to contribute. */
function planColumn(src: TableSource, col: ColumnInfo, maxCategories: number, messages: string[]): Plan | null {
  let type: Plan['type'];
  if (col.kind === 'numeric' || col.kind === 'categorical' || col.kind === 'date') type = col.kind;
  else {
    const scan = scanColumn(src, col.index, col.numberFormat);
    type = isNumericScan(scan) ? 'numeric' : isDateScan(scan) ? 'date' : 'categorical';
  }
  if (type === 'numeric') return { type, col };
  if (type === 'date') return planDate(col);
  return planCategorical(src, col, maxCategories, messages);
}

function planDate(col: ColumnInfo): DatePlan {
  const partIds: DatePart[] = ['days'];
  if (col.dateParts?.weekday) partIds.push('weekday');
  if (col.dateParts?.hour) partIds.push('hour');
  const names = partIds.map((id) => (id === 'days' ? col.name : `${col.name}:${id}`));
  return { type: 'date', col, names, parts: partIds.map((id) => DATE_PARTS[id]), partIds };
}

function planCategorical(src: TableSource, col: ColumnInfo, maxCategories: number, messages: string[]): CategoricalPlan | null {
  // Categories compare as trimmed text: for a column the user calls categorical, '01' and '1' differ.
  const counts = new Map<string, number>();
  const keyOf = categoryKeys(src, col.index);
  let missing = 0;
  for (let r = 0; r < src.rowCount; r++) {
    const key = keyOf(r);
    if (key === null) {
      missing++;
      continue;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) {
    messages.push(`Column ${quote(col.name)} has no values and was skipped.`);
    return null;
  }
  // Most frequent first; sort is stable, so ties keep first-seen order.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
  const capped = ranked.length > maxCategories;
  const kept = capped ? ranked.slice(0, maxCategories - 1) : ranked;
  const levels = new Map(kept.map((key, i) => [key, i] as const));
  if (capped) {
    messages.push(
      `Column ${quote(col.name)} has ${ranked.length} different values: the ${kept.length} most frequent get their own ` +
        `column and the other ${ranked.length - kept.length} share ${quote(`${col.name}=(other)`)}.`,
    );
  }
  const other = capped ? kept.length : null;
  return { type: 'categorical', col, levels, other, width: kept.length + (capped ? 1 : 0), missing };
}

/** Writes one numeric column into X, missing cells filled with the median; returns how many were missing, and the median. */
function fillNumeric(
  src: TableSource,
  col: ColumnInfo,
  X: Matrix,
  offset: number,
  scratch: Float64Array,
): { missing: number; median: number } {
  const { data, cols } = X;
  const number = columnNumbers(src, col.index, col.numberFormat);
  let k = 0;
  let text = 0;
  for (let r = 0, o = offset; r < X.rows; r++, o += cols) {
    const v = number(r);
    data[o] = v; // NaN for now when missing
    if (v === v) scratch[k++] = v;
    else if (classifyNonNumber(src.cell(r, col.index)) === Cell.Text) text++;
  }
  if (k === 0) {
    throw new IntakeError(
      'not-numeric',
      `Column ${quote(col.name)} is set to numeric but holds ${text > 0 ? 'text and ' : ''}no numbers. ` +
        `${text > 0 ? 'Treat it as categorical or exclude it.' : 'Exclude it.'}`,
    );
  }
  const missing = X.rows - k;
  // The median is kept even when nothing is missing here: a new table scored with this encoding may have gaps.
  return { missing, median: fillMedian(X, offset, scratch, k) };
}

/** Replaces the NaN cells of feature column `offset` by the median of its `k` values in scratch; returns the median. */
function fillMedian(X: Matrix, offset: number, scratch: Float64Array, k: number): number {
  const { data, cols } = X;
  const sorted = scratch.subarray(0, k).sort();
  const mid = k >> 1;
  // X is float32: the fill value is the one the matrix holds, so a scorer's imputation matches bit for bit.
  const median = Math.fround(k % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
  for (let r = 0, o = offset; r < X.rows; r++, o += cols) if (Number.isNaN(data[o])) data[o] = median;
  return median;
}

/** Writes a date column's features, missing and unparseable dates filled with the median; returns how many, and the medians. */
function fillDate(src: TableSource, p: DatePlan, X: Matrix, offset: number, scratch: Float64Array): { missing: number; medians: number[] } {
  const { data, cols } = X;
  const facts = columnTextFacts(src, p.col.index);
  let k = 0;
  for (let r = 0, o = offset; r < X.rows; r++, o += cols) {
    const d = facts(r).date;
    for (let j = 0; j < p.parts.length; j++) data[o + j] = d ? p.parts[j](d.ms) : NaN;
    if (d) k++;
  }
  if (k === 0) {
    throw new IntakeError(
      'not-numeric',
      `Column ${quote(p.col.name)} is set to date but holds no ISO dates (YYYY-MM-DD). Treat it as categorical or exclude it.`,
    );
  }
  const missing = X.rows - k;
  const medians: number[] = [];
  for (let j = 0; j < p.parts.length; j++) {
    let n = 0;
    for (let r = 0, o = offset + j; r < X.rows; r++, o += cols) if (!Number.isNaN(data[o])) scratch[n++] = data[o];
    medians.push(fillMedian(X, offset + j, scratch, n));
  }
  return { missing, medians };
}

function fillCategorical(src: TableSource, p: CategoricalPlan, X: Matrix, offset: number): void {
  const { data, cols } = X;
  const keyOf = categoryKeys(src, p.col.index);
  for (let r = 0, o = offset; r < X.rows; r++, o += cols) {
    const key = keyOf(r);
    if (key === null) continue;
    const at = p.levels.get(key) ?? p.other;
    if (at !== null) data[o + at] = 1;
  }
}

/** Row -> its category (the trimmed text), null when missing; a coded column's texts are looked at once each. */
function categoryKeys(src: TableSource, col: number): (row: number) => string | null {
  const keyOf = (raw: RawCell): string | null => {
    const kind = classify(raw);
    return kind === Cell.Missing || kind === Cell.NonFinite ? null : String(raw).trim();
  };
  const cc = src.codedColumn?.(col) ?? null;
  if (cc === null) return (r) => keyOf(src.cell(r, col));
  const { codes } = cc;
  const byCode = cc.dict.map(keyOf);
  return (r) => (codes[r] !== 0 ? byCode[codes[r] - 1] : keyOf(src.cell(r, col)));
}
