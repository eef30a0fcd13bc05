/** How single raw cells are read: shared by schema inference and feature building so they agree. */

export type RawCell = string | number;

/** A plain object rather than a const enum, so every bundler treats it the same across files. */
export const Cell = {
  Number: 0,
  Missing: 1,
  /** Infinity, or a number too large for the float32 feature matrix: counted as missing, with a warning. */
  NonFinite: 2,
  Text: 3,
} as const;
export type Cell = (typeof Cell)[keyof typeof Cell];

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MISSING_TOKENS = new Set(['', 'na', 'n/a', '#n/a', 'nan', 'null', '?']);
const INFINITY_TOKENS = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

/** Finite in float32 too, since features end up in a Float32Array. */
function finite32(v: number): boolean {
  return Number.isFinite(Math.fround(v));
}

/**
 * The cell as a usable number, or NaN. This is the hot path (every cell, several times), so it leans
 * on Number() and then rejects what Number() accepts but a data table must not: '' (0), '0x1f',
 * '0b1', '0o7' (radix literals) and 'Infinity'.
 */
export function toNumber(raw: RawCell): number {
  if (typeof raw === 'number') return finite32(raw) ? raw : NaN;
  const v = Number(raw);
  if (!finite32(v)) return NaN;
  const c0 = raw.charCodeAt(0);
  const plain = (c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45 || c0 === 46; // digit + - .
  if (!plain) return NUMBER_RE.test(raw.trim()) ? v : NaN; // leading space, or '' (which Number() makes 0)
  if (c0 === 48 && raw.length > 1) {
    const c1 = raw.charCodeAt(1) | 32; // lower-case
    if (c1 === 120 || c1 === 98 || c1 === 111) return NaN; // 0x.. 0b.. 0o..
  }
  return v;
}

/** The kind of a cell; `toNumber` is non-NaN exactly when this is Cell.Number. */
export function classify(raw: RawCell): Cell {
  return Number.isNaN(toNumber(raw)) ? classifyNonNumber(raw) : Cell.Number;
}

/** For a cell `toNumber` rejected: missing, infinite / too large, or text. */
export function classifyNonNumber(raw: RawCell): Cell {
  if (typeof raw === 'number') return Number.isNaN(raw) ? Cell.Missing : Cell.NonFinite;
  const s = raw.trim();
  const lower = s.toLowerCase();
  if (MISSING_TOKENS.has(lower)) return Cell.Missing;
  // e.g. 1e999 (a number in another column format, such as '1.5' where '.' groups thousands, is text)
  if (INFINITY_TOKENS.has(lower) || (NUMBER_RE.test(s) && !finite32(Number(s)))) return Cell.NonFinite;
  return Cell.Text;
}

const LABEL_WORDS = new Set(['label', 'labels', 'class', 'outlier', 'outliers', 'anomaly', 'anomalies', 'anomalous', 'target', 'y']);

/** Matches `label`, `Class`, `is_outlier`, `isAnomaly`, `y_true`..., by whole words only (not `classroom`). */
export function looksLikeLabelName(name: string): boolean {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => LABEL_WORDS.has(w));
}
