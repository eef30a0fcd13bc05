/** ISO dates and date-times (`2024-03-17`, `2024-03-17T10:20:00Z`, `2024-03-17 10:20`) as numbers. */
import type { RawCell } from './cells';

const DAY_MS = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface ParsedDate {
  /** Epoch milliseconds, UTC (a time without offset is taken as written, i.e. as UTC). */
  ms: number;
  hasTime: boolean;
}

/** The cell as an ISO date or date-time, or null (impossible dates such as 2024-02-30 are null too). */
export function parseIsoDate(raw: RawCell): ParsedDate | null {
  if (typeof raw !== 'string') return null;
  const m = ISO_RE.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7);
  const Y = Number(y);
  const M = Number(mo) - 1;
  const D = Number(d);
  const H = Number(h);
  const Mi = Number(mi);
  const S = Number(s);
  if (M > 11 || D < 1 || D > 31 || H > 23 || Mi > 59 || S > 60) return null;
  const base = Date.UTC(Y, M, D);
  if (new Date(base).getUTCDate() !== D) return null; // rolled over: no such day
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  let ms = base + ((H * 60 + Mi) * 60 + S) * 1000 + frac;
  if (m[8] && m[8].toUpperCase() !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    ms -= sign * offMin * 60_000;
  }
  return { ms, hasTime: m[4] !== undefined };
}

/** Days since 1970-01-01 (with the time of day as a fraction): the date's main feature. */
export function epochDays(ms: number): number {
  return ms / DAY_MS;
}

/** 0 = Monday ... 6 = Sunday. */
export function weekday(ms: number): number {
  return (new Date(ms).getUTCDay() + 6) % 7;
}

/** Hour of the day with minutes as a fraction, 0 to 24. */
export function hourOfDay(ms: number): number {
  return (((ms % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
}

/** The extra features a date column can give beyond its epoch day. */
export interface DateParts {
  weekday: boolean;
  hour: boolean;
}

/** The features a date column gives, by name: epoch days, then the optional parts. */
export type DatePart = 'days' | 'weekday' | 'hour';

export const DATE_PARTS: Record<DatePart, (ms: number) => number> = { days: epochDays, weekday, hour: hourOfDay };
