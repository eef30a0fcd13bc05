import { Cell, classifyNonNumber, toNumber, type RawCell } from './cells';
import { parseIsoDate } from './dates';
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
  /** Value counts in first-seen order: numbers by value (at most NUMBER_KEYS_CAP), text trimmed (all). */
  counts: Map<string | number, number>;
  /** Integer values increasing by exactly 1 each row, with nothing missing: a row number. */
  sequence: boolean;
  firstText: string;
  /** Text cells that are ISO dates or date-times, how many of them have a time, and the first other text. */
  dates: number;
  datesWithTime: number;
  firstNonDate: string;
}

/** `read` gives a cell's number (a column's number format); plain numbers by default. */
export function scanColumn(src: TableSource, col: number, read: (raw: RawCell) => number = toNumber): ColumnScan {
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
    const raw = src.cell(r, col);
    const v = read(raw);
    if (!Number.isNaN(v)) {
      numbers++;
      if (sequence && (!Number.isInteger(v) || (r > 0 && v !== prev + 1))) sequence = false;
      prev = v;
      // Numbers by value ('1' = '1.0'); only the first few distinct ones are kept, as no decision needs more.
      const n = counts.get(v);
      if (n !== undefined) counts.set(v, n + 1);
      else if (numberKeys < NUMBER_KEYS_CAP) {
        counts.set(v, 1);
        numberKeys++;
      }
      continue;
    }
    sequence = false;
    const kind = classifyNonNumber(raw);
    if (kind === Cell.Missing) missing++;
    else if (kind === Cell.NonFinite) nonFinite++;
    else {
      const key = String(raw).trim();
      if (texts++ === 0) firstText = key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const date = parseIsoDate(key);
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
