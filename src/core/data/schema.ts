import { looksLikeLabelName } from './cells';
import type { ParsedTable } from './csv';
import { quote } from './errors';
import { chooseOutlierValue, isOutlierWord, knownPositive, labelKey } from './label';
import { chooseFormat, decidedDecimal, formatEvidence, type FileNumberHints, type FormatEvidence } from './numberFormat';
import { isDateScan, isNumericScan, scanColumn, type ColumnScan } from './scan';
import type { ColumnInfo, ColumnKind, TableSource } from './table';

export { buildFeatures, type FeatureOptions, type FeatureSet } from './features';

export type { ColumnInfo, ColumnKind, TableSource } from './table';

/** The proposed label's outlier value, and why it was picked. */
export interface OutlierProposal {
  value: string;
  reason: string;
  count: number;
}

export interface Schema {
  columns: ColumnInfo[];
  proposedLabel: number | null;
  proposedOutlier: OutlierProposal | null;
  warnings: string[];
}

/** The parsed table as the rest of intake reads it: its compact column store, used in place. */
export function tableFromParsed(t: ParsedTable): TableSource {
  return t.source;
}

const SAMPLE_SIZE = 5;

/** Values per column the number format is decided on: enough for any real column, bounded for wide tables. */
const FORMAT_SAMPLE = 2000;

export function inferSchema(src: TableSource): Schema {
  const warnings: string[] = [];
  const evidence = src.header.map((_, index) => columnEvidence(src, index));
  const hints = fileHints(evidence, src.delimiter);
  const inferred = src.header.map((name, index) => inferColumn(src, name, index, evidence[index], hints, warnings));
  const columns = inferred.map((x) => x.info);
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
  const proposedOutlier = proposedLabel === null ? null : proposeOutlier(inferred[proposedLabel].scan);
  if (proposedLabel !== null && proposedOutlier) {
    const col = columns[proposedLabel];
    col.note = `${col.note} Outlier value ${quote(proposedOutlier.value)} (${proposedOutlier.count} rows): ${proposedOutlier.reason}.`;
  }
  return { columns, proposedLabel, proposedOutlier, warnings };
}

function columnEvidence(src: TableSource, index: number): FormatEvidence {
  function* texts() {
    let n = 0;
    for (let r = 0; r < src.rowCount && n < FORMAT_SAMPLE; r++) {
      const raw = src.cell(r, index);
      if (typeof raw !== 'string') continue;
      const t = raw.trim();
      if (t === '') continue;
      n++;
      yield t;
    }
  }
  return formatEvidence(texts());
}

/** The decimal separator most columns show for sure, if any. */
function fileHints(evidence: FormatEvidence[], delimiter: string | undefined): FileNumberHints {
  let comma = 0;
  let point = 0;
  for (const ev of evidence) {
    const d = decidedDecimal(ev);
    // A plain '.' column says little (it is every file's default) unless no column uses a comma.
    if (d === ',') comma++;
    else if (d === '.') point++;
  }
  const decimal = comma > point ? ',' : point > 0 && comma === 0 ? '.' : comma > 0 ? ',' : null;
  return { decimal, delimiter };
}

/** The two values of a label column as the analyst wrote them, and which one marks an outlier. */
function proposeOutlier(scan: ColumnScan): OutlierProposal | null {
  const counts = new Map<string, number>();
  const spelling = new Map<string, string>();
  for (const [k, n] of scan.counts) {
    const key = labelKey(k);
    counts.set(key, (counts.get(key) ?? 0) + n);
    if (!spelling.has(key)) spelling.set(key, String(k));
  }
  const choice = chooseOutlierValue(counts);
  if (!choice) return null;
  return { value: spelling.get(choice.key) ?? choice.key, reason: choice.reason, count: counts.get(choice.key) ?? 0 };
}

interface Inferred {
  info: ColumnInfo;
  scan: ColumnScan;
}

function inferColumn(
  src: TableSource,
  name: string,
  index: number,
  evidence: FormatEvidence,
  hints: FileNumberHints,
  warnings: string[],
): Inferred {
  const q = quote(name);
  let format = chooseFormat(evidence, hints);
  let scan = scanColumn(src, index, format?.id);
  if (format && format.id !== 'plain' && !isNumericScan(scan)) {
    // The format read the sample but not the column: back to plain reading.
    format = null;
    scan = scanColumn(src, index);
  }
  const valid = scan.numbers + scan.texts;
  const numeric = isNumericScan(scan);
  const isDate = !numeric && isDateScan(scan);
  // Stray text in a numeric column is missing, so it does not count as a value either.
  const distinct = numeric && scan.texts > 0 ? countNumberKeys(scan) : scan.counts.size;
  let missing = scan.missing + scan.nonFinite;
  if (scan.nonFinite > 0) {
    warnings.push(`Column ${q}: ${scan.nonFinite} infinite or too-large value(s) counted as missing.`);
  }

  let kind: ColumnKind;
  let note: string;
  const formatNote = numeric && format && format.note ? ` ${format.note}` : '';
  if (formatNote) warnings.push(`Column ${q}:${formatNote}`);
  if (distinct <= 1) {
    kind = 'constant';
    note = valid === 0 ? 'No values.' : 'A single value: carries no information.';
  } else if (numeric) {
    kind = scan.sequence ? 'identifier' : 'numeric';
    note = scan.sequence ? 'Whole numbers counting up by 1: a row number.' : 'Numbers.';
    note += formatNote;
    if (scan.texts > 0) {
      missing += scan.texts;
      const text = `${scan.texts} non-numeric value(s) (e.g. ${quote(scan.firstText)}) counted as missing.`;
      note += ` ${text}`;
      warnings.push(`Column ${q}: ${text}`);
    }
  } else if (isDate) {
    kind = 'date';
    note = scan.datesWithTime > 0 ? 'ISO date-times, as days since 1970.' : 'ISO dates, as days since 1970.';
    const bad = valid - scan.dates;
    if (bad > 0) {
      missing += bad;
      const text = `${bad} value(s) that are not ISO dates${scan.firstNonDate ? ` (e.g. ${quote(scan.firstNonDate)})` : ''} counted as missing.`;
      note += ` ${text}`;
      warnings.push(`Column ${q}: ${text}`);
    }
  } else if (distinct === valid && valid === src.rowCount) {
    kind = 'identifier'; // a different text in every row: a name or key, not a category
    note = 'A different text in every row: a name or key.';
  } else {
    kind = 'categorical';
    note = `${distinct} different values, one-hot encoded.`;
    if (scan.dates * 2 >= valid) {
      const text = `Looks like dates, but ${valid - scan.dates} value(s) are not ISO dates (e.g. ${quote(scan.firstNonDate)}), so it is treated as categorical.`;
      note = text;
      warnings.push(`Column ${q}: ${text}`);
    } else if (scan.numbers * 2 >= valid) {
      const text = `Mixes numbers and text (e.g. ${quote(scan.firstText)}), so it is treated as categorical.`;
      note = text;
      warnings.push(`Column ${q} mixes numbers and text (e.g. ${quote(scan.firstText)}), so it is treated as categorical.`);
    }
  }

  const labelCandidate = distinct === 2 && (looksLikeLabelName(name) || valuedLikeLabel(scan));
  if (valid === 0) warnings.push(`Column ${q} has no values and is excluded.`);
  else if (kind === 'constant') warnings.push(`Column ${q} has a single value and is excluded.`);
  else if (kind === 'identifier') warnings.push(`Column ${q} looks like a row identifier and is excluded.`);
  if (!labelCandidate && looksLikeLabelName(name) && distinct > 2) {
    warnings.push(`Column ${q} is named like a label but has ${distinct} values, so it is not proposed as the label.`);
  }

  const sample: string[] = [];
  for (let r = 0; r < Math.min(SAMPLE_SIZE, src.rowCount); r++) sample.push(String(src.cell(r, index)));

  if (labelCandidate) note = `Two values, ${looksLikeLabelName(name) ? 'named' : 'valued'} like a label: the ground truth, not a feature.`;
  const included = !labelCandidate && isFeatureKind(kind);
  const info: ColumnInfo = { name, index, kind, missing, distinct, labelCandidate, included, sample, note };
  if (numeric && format && (format.id !== 'plain' || format.ambiguous)) {
    info.numberFormat = format.id;
    if (format.ambiguous) info.formatAmbiguous = true;
  }
  if (kind === 'date') {
    info.hasTime = scan.datesWithTime > 0;
    info.dateParts = { weekday: false, hour: false };
  }
  return { info, scan };
}

/** The kinds used as features by default. */
export function isFeatureKind(kind: ColumnKind): boolean {
  return kind === 'numeric' || kind === 'categorical' || kind === 'date';
}

/** outlier/inlier, anomaly/normal, ok/fraud...: a ground truth whatever the column is called (but not bare 0/1 or yes/no). */
function valuedLikeLabel(scan: ColumnScan): boolean {
  if (scan.texts === 0) return false;
  const values = [...scan.counts.keys()].map((k) => labelKey(k));
  const pos = knownPositive(values);
  if (pos !== null) return !['1', 'true', 'yes', 'y', 't'].includes(pos);
  return values.filter(isOutlierWord).length === 1;
}

function countNumberKeys(scan: ColumnScan): number {
  let n = 0;
  for (const k of scan.counts.keys()) if (typeof k === 'number') n++;
  return n;
}
