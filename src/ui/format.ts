/** Number and time formatting shared by every panel (en-US, so tests and screenshots read the same). */

const intFormat = new Intl.NumberFormat('en-US');

export function formatInt(n: number): string {
  return intFormat.format(n);
}

/** Scores span several orders of magnitude: 4 significant digits, exponent when tiny or huge. */
export function formatScore(v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

export function formatFixed(v: number | null | undefined, digits: number): string {
  return v == null || Number.isNaN(v) ? '—' : v.toFixed(digits);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  if (h > 0) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A robust z-score for people: one decimal below 10, whole numbers up to 99, and "> 99" beyond
 * (a feature that is nearly constant among typical rows gives astronomic z for any other value).
 */
export function formatZ(z: number): string {
  const sign = z >= 0 ? '+' : '−';
  const a = Math.abs(z);
  if (a >= 100) return `${sign}>99`;
  return `${sign}${a < 10 ? a.toFixed(1) : Math.round(a)}`;
}

/** A share of rows as a percent: one decimal below 10%, whole percents above, "<0.1%" for the rarest. */
export function formatShare(p: number): string {
  const pct = p * 100;
  if (pct < 0.1) return '<0.1%';
  return `${pct < 10 ? Number(pct.toFixed(1)) : Math.round(pct)}%`;
}

/** Long numeric cells shortened to 6 significant digits; anything else as it is. */
export function formatCell(text: string): string {
  if (text.length <= 10) return text;
  const v = Number(text);
  return Number.isFinite(v) && /^[\s+-]*[\d.]/.test(text) ? String(Number(v.toPrecision(6))) : text;
}

/** "cardio.csv" -> "cardio". */
export function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '') || 'table';
}
