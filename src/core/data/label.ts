import { Cell, classify, toNumber, type RawCell } from './cells';
import { IntakeError, quote } from './errors';

/** Value pairs whose outlier side is unambiguous: [outlier, inlier]. */
const KNOWN_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['1', '0'],
  ['true', 'false'],
  ['yes', 'no'],
  ['y', 'n'],
  ['t', 'f'],
  ['outlier', 'inlier'],
  ['outlier', 'normal'],
  ['anomaly', 'normal'],
  ['anomalous', 'normal'],
  ['abnormal', 'normal'],
];

/** Values that name the unusual side of a label, whatever the other value is (`ok`/`fraud`). */
const OUTLIER_WORDS = new Set([
  'outlier',
  'anomaly',
  'anomalous',
  'abnormal',
  'fraud',
  'fraudulent',
  'attack',
  'intrusion',
  'malicious',
  'fault',
  'faulty',
  'failure',
  'fail',
  'defect',
  'defective',
  'spam',
  'bad',
  'error',
]);

export function isOutlierWord(key: string): boolean {
  return OUTLIER_WORDS.has(key);
}

export interface OutlierChoice {
  /** The label key (see labelKey) that marks an outlier. */
  key: string;
  /** Why, for the page: "named like an anomaly", "the less frequent value". */
  reason: string;
}

/**
 * Which of two label values marks an outlier: a known pair, else the one named like an anomaly, else
 * the less frequent one. Null when the two are equally frequent and nothing else tells.
 */
export function chooseOutlierValue(counts: ReadonlyMap<string, number>): OutlierChoice | null {
  const keys = [...counts.keys()];
  if (keys.length !== 2) return null;
  const known = knownPositive(keys);
  if (known !== null) return { key: known, reason: 'the usual outlier value of the pair' };
  const named = keys.filter(isOutlierWord);
  if (named.length === 1) return { key: named[0], reason: 'named like an anomaly' };
  const [a, b] = keys;
  const na = counts.get(a) ?? 0;
  const nb = counts.get(b) ?? 0;
  if (na === nb) return null;
  return { key: na < nb ? a : b, reason: 'the less frequent value' };
}

/** Normalizes a label value: numbers by value ('1.0' is '1'), text trimmed and lower-cased. */
export function labelKey(raw: RawCell): string {
  const v = toNumber(raw);
  return Number.isNaN(v) ? String(raw).trim().toLowerCase() : String(v);
}

/** The outlier value of a known pair, or null when the two values do not say which is which. */
export function knownPositive(values: readonly string[]): string | null {
  if (values.length !== 2) return null;
  for (const [pos, neg] of KNOWN_PAIRS) {
    if (values.includes(pos) && values.includes(neg)) return pos;
  }
  return null;
}

export interface LabelSource {
  name: string;
  rowCount: number;
  cell(row: number): RawCell;
  /** The cell's plain number, or NaN when it is not one (see columnNumbers): lets a numeric column skip its text. */
  number?(row: number): number;
}

/** Maps a label column to 0 (inlier) / 1 (outlier), or explains why it cannot. */
export function encodeLabel(src: LabelSource, positiveValue?: string): { y: Uint8Array; message: string } {
  // Each row gets a small code for its key, so no string per row is kept.
  const codes = new Int32Array(src.rowCount);
  const codeOf = new Map<string, number>(); // key -> code (1-based, in first-seen order)
  // Number -> code and text -> code (-1: missing), so each distinct value is looked at once.
  const numberCode = new Map<number, number>();
  const textCode = new Map<RawCell, number>();
  const distinct = new Map<string, string>(); // key -> first spelling seen, for messages
  const perCode: number[] = [];
  const number = src.number ?? ((r: number) => toNumber(src.cell(r)));
  let missing = 0;
  let firstMissing = -1;
  for (let r = 0; r < src.rowCount; r++) {
    const v = number(r);
    let code = v === v ? numberCode.get(v) : undefined;
    const raw = code === undefined ? src.cell(r) : '';
    if (code === undefined && v !== v) code = textCode.get(raw);
    if (code === -1) {
      if (missing++ === 0) firstMissing = r;
      continue;
    }
    if (code === undefined) {
      const kind = classify(raw);
      if (kind === Cell.Missing || kind === Cell.NonFinite) {
        if (v !== v) textCode.set(raw, -1);
        if (missing++ === 0) firstMissing = r;
        continue;
      }
      const key = labelKey(raw);
      code = codeOf.get(key);
      if (code === undefined) {
        code = codeOf.size + 1;
        codeOf.set(key, code);
        distinct.set(key, String(raw).trim());
        perCode.push(0);
      }
      if (v === v) numberCode.set(v, code);
      else textCode.set(raw, code);
    }
    codes[r] = code;
    perCode[code - 1]++;
  }
  const counts = new Map([...codeOf.keys()].map((key, i) => [key, perCode[i]] as const));
  const name = quote(src.name);
  if (missing > 0) {
    throw new IntakeError(
      'label-missing-values',
      `The label column ${name} has ${missing} missing value(s) (first in data row ${firstMissing + 1}). ` +
        'Every row needs a label: fill them in, or run without a label column.',
    );
  }
  const values = [...distinct.keys()];
  const shown = [...distinct.values()];
  if (values.length === 1) {
    throw new IntakeError(
      'label-one-class',
      `The label column ${name} has only one value (${quote(shown[0])}), so it cannot tell outliers from inliers. ` +
        'Choose another label column, or run without labels.',
    );
  }
  if (values.length > 2) {
    const list = shown
      .slice(0, 5)
      .map((v) => quote(v))
      .join(', ');
    throw new IntakeError(
      'label-not-binary',
      `The label column ${name} has ${values.length} different values (${list}${values.length > 5 ? ', …' : ''}); ` +
        'a label needs exactly two (outlier and inlier). Choose another column, or run without labels.',
    );
  }
  let positive: string;
  let why = '';
  if (positiveValue !== undefined) {
    positive = labelKey(positiveValue);
    if (!distinct.has(positive)) {
      throw new IntakeError(
        'label-unknown-positive',
        `The outlier value ${quote(positiveValue)} does not occur in the label column ${name}, ` +
          `whose values are ${quote(shown[0])} and ${quote(shown[1])}. Pick one of those.`,
      );
    }
  } else {
    const choice = chooseOutlierValue(counts);
    if (choice === null) {
      throw new IntakeError(
        'label-ambiguous',
        `The label column ${name} has the values ${quote(shown[0])} and ${quote(shown[1])}, equally often. ` +
          'Say which one marks an outlier.',
      );
    }
    positive = choice.key;
    if (knownPositive(values) === null) why = ` taken as the outlier value: ${choice.reason}; set the outlier value to change it`;
  }
  const y = new Uint8Array(src.rowCount);
  const positiveCode = codeOf.get(positive) ?? -1;
  let outliers = 0;
  for (let r = 0; r < y.length; r++) {
    if (codes[r] === positiveCode) {
      y[r] = 1;
      outliers++;
    }
  }
  const pct = ((100 * outliers) / y.length).toFixed(1);
  const positiveText = distinct.get(positive) ?? positive;
  let message = `Label ${name}: ${outliers} outlier(s) (${quote(positiveText)}${why}, ${pct}%) in ${y.length} rows.`;
  if (outliers * 2 > y.length) message += ' More than half the rows are outliers: check that the outlier value is right.';
  return { y, message };
}
