import { Cell, classifyNonNumber, toNumber, type RawCell } from './cells';
import { parseIsoDate } from './dates';
import { numberReader, type NumberFormatId } from './numberFormat';
import type { TableSource } from './table';

/** A column that is at most this share text is numeric with a few typos, not categorical. */
const STRAY_TEXT_SHARE = 0.05;

/** Distinct numbers tracked per column: enough to tell constant / two-valued / many. */
export const NUMBER_KEYS_CAP = 1000;

/** One pass over a column: everything inference and encoding need to know. */
export interface ColumnScan {
  numbers: number;
  texts: number;
  missing: number;
  nonFinite: number;
  /**
   * Value counts in first-seen order: numbers by value, text trimmed (all). Numbers are counted only while
   * there are fewer than NUMBER_KEYS_CAP of them (no decision needs the counts of a column with more).
   */
  counts: Map<string | number, number>;
  /** Integer values increasing by exactly 1 each row, with nothing missing: a row number. */
  sequence: boolean;
  firstText: string;
  /** Text cells that are ISO dates or date-times, how many of them have a time, and the first other text. */
  dates: number;
  datesWithTime: number;
  firstNonDate: string;
}

/**
 * Column `col` read as numbers in `format` (plain by default): row -> the number, or NaN when the cell is not
 * one (read the cell to say why). Where the source holds the column as numbers, and they are written the way
 * `format` reads them, the number comes from its Float64Array: no text is made or parsed.
 */
export function columnNumbers(src: TableSource, col: number, format?: NumberFormatId): (row: number) => number {
  const read = numberReader(format);
  const nc = src.numericColumn?.(col) ?? null;
  const cc = src.codedColumn?.(col) ?? null;
  const plain = format === undefined || format === 'plain';
  const fast = nc !== null && (plain ? nc.decimal !== ',' : format === 'comma' && nc.decimal !== '.');
  const slow = (r: number) => read(src.cell(r, col));
  // toNumber of a number: NaN when it is too large for float32, as the text path says.
  if (cc === null) {
    if (!fast) return slow;
    const { values, offset, stride } = nc;
    return (r) => {
      const v = values[offset + r * stride];
      return v === v ? toNumber(v) : slow(r);
    };
  }
  const { codes } = cc;
  const byCode = Float64Array.from(cc.dict, (text) => read(text)); // each distinct text read once
  if (!fast) return (r) => (codes[r] !== 0 ? byCode[codes[r] - 1] : slow(r));
  const { values, offset, stride } = nc;
  return (r) => {
    const k = codes[r];
    if (k !== 0) return byCode[k - 1];
    const v = values[offset + r * stride];
    return v === v ? toNumber(v) : slow(r);
  };
}

/** What a cell that is not a number says: missing, too large, or text (trimmed), and the ISO date it is, if any. */
interface TextFacts {
  kind: Cell;
  key: string;
  date: ReturnType<typeof parseIsoDate>;
}

function textFacts(raw: RawCell): TextFacts {
  const kind = classifyNonNumber(raw);
  if (kind !== Cell.Text) return { kind, key: '', date: null };
  const key = String(raw).trim();
  return { kind, key, date: parseIsoDate(key) };
}

/**
 * Row -> the facts of its (non-number) cell; with a coded column each distinct text is looked at once.
 * Only call it for rows whose number reading is NaN.
 */
export function columnTextFacts(src: TableSource, col: number): (row: number) => TextFacts {
  const cc = src.codedColumn?.(col) ?? null;
  if (cc === null) return (r) => textFacts(src.cell(r, col));
  const { codes, dict } = cc;
  const byCode: (TextFacts | undefined)[] = new Array<TextFacts | undefined>(dict.length);
  return (r) => {
    const k = codes[r];
    if (k === 0) return textFacts(src.cell(r, col));
    return (byCode[k - 1] ??= textFacts(dict[k - 1]));
  };
}

/** Scans a column read in `format` (a column's number format); plain numbers by default. */
export function scanColumn(src: TableSource, col: number, format?: NumberFormatId): ColumnScan {
  const number = columnNumbers(src, col, format);
  const facts = columnTextFacts(src, col);
  const counts = new Map<string | number, number>();
  let numbers = 0;
  let texts = 0;
  let missing = 0;
  let nonFinite = 0;
  let sequence = src.rowCount >= 3;
  let prev = NaN;
  let firstText = '';
  let numberKeys = 0;
  let dates = 0;
  let datesWithTime = 0;
  let firstNonDate = '';
  for (let r = 0; r < src.rowCount; r++) {
    const v = number(r);
    if (v === v) {
      numbers++;
      if (sequence && (!Number.isInteger(v) || (r > 0 && v !== prev + 1))) sequence = false;
      prev = v;
      // Numbers by value ('1' = '1.0'); only the first few distinct ones, as no decision needs more.
      if (numberKeys < NUMBER_KEYS_CAP) {
        const n = counts.get(v);
        if (n !== undefined) counts.set(v, n + 1);
        else {
          counts.set(v, 1);
          numberKeys++;
        }
      }
      continue;
    }
    sequence = false;
    const { kind, key, date } = facts(r);
    if (kind === Cell.Missing) missing++;
    else if (kind === Cell.NonFinite) nonFinite++;
    else {
      if (texts++ === 0) firstText = key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (date) {
        dates++;
        if (date.hasTime) datesWithTime++;
      } else if (texts - dates === 1) firstNonDate = key;
    }
  }
  return { numbers, texts, missing, nonFinite, counts, sequence, firstText, dates, datesWithTime, firstNonDate };
}

/** Numeric when there is no text, or so little that it is better read as typos for missing values. */
export function isNumericScan(s: ColumnScan): boolean {
  return s.numbers > 0 && s.texts <= STRAY_TEXT_SHARE * (s.numbers + s.texts);
}

/** Dates, with at most a few other values (read as missing). */
export function isDateScan(s: ColumnScan): boolean {
  return s.dates > 0 && s.numbers + s.texts - s.dates <= STRAY_TEXT_SHARE * (s.numbers + s.texts);
}
