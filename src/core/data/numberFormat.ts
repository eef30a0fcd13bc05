/**
 * Numbers as locales write them: a decimal comma (`0,512`), thousands separators (`1,234.5`, `1.234,5`,
 * `1 234,5`, `1'234.5`). A column is read in one format; which one is decided from all its values.
 */
import { toNumber, type RawCell } from './cells';

export type NumberFormatId = 'plain' | 'comma' | 'dot-comma' | 'space-comma' | 'comma-dot' | 'space-dot' | 'apos-dot';

interface FormatSpec {
  decimal: '.' | ',';
  /** The thousands separator, '' for none. Spaces stand for any space (normal, no-break, narrow). */
  group: '' | ',' | '.' | ' ' | "'";
  label: string;
}

export const NUMBER_FORMATS: Record<NumberFormatId, FormatSpec> = {
  plain: { decimal: '.', group: '', label: 'decimal point (1234.5)' },
  comma: { decimal: ',', group: '', label: 'decimal comma (1234,5)' },
  'dot-comma': { decimal: ',', group: '.', label: "decimal comma, thousands '.' (1.234,5)" },
  'space-comma': { decimal: ',', group: ' ', label: 'decimal comma, thousands space (1 234,5)' },
  'comma-dot': { decimal: '.', group: ',', label: "decimal point, thousands ',' (1,234.5)" },
  'space-dot': { decimal: '.', group: ' ', label: 'decimal point, thousands space (1 234.5)' },
  'apos-dot': { decimal: '.', group: "'", label: "decimal point, thousands ' (1'234.5)" },
};

export const NUMBER_FORMAT_IDS = Object.keys(NUMBER_FORMATS) as NumberFormatId[];

const SPACES = /[\u0020\u00a0\u202f\u2009]/g;

function formatRegex(f: FormatSpec): RegExp {
  const esc = (c: string) => (c === '.' ? '\\.' : c);
  const d = esc(f.decimal);
  // A grouped integer never starts with 0: `0,512` is a decimal comma, not 512 thousandths grouped.
  const int = f.group === '' ? '\\d+' : `(?:[1-9]\\d{0,2}(?:${esc(f.group)}\\d{3})+|\\d+)`;
  return new RegExp(`^[+-]?(?:${int}(?:${d}\\d*)?|${d}\\d+)(?:[eE][+-]?\\d+)?$`);
}

const REGEX: Record<NumberFormatId, RegExp> = Object.fromEntries(
  NUMBER_FORMAT_IDS.map((id) => [id, formatRegex(NUMBER_FORMATS[id])]),
) as Record<NumberFormatId, RegExp>;

/** The cell as a number in the given format, or NaN (plain format: exactly `toNumber`). */
export function toNumberAs(raw: RawCell, id: NumberFormatId | undefined): number {
  if (id === undefined || id === 'plain' || typeof raw === 'number') return toNumber(raw);
  const f = NUMBER_FORMATS[id];
  let s = raw.trim();
  if (f.group === ' ') s = s.replace(SPACES, ' ');
  if (!REGEX[id].test(s)) return NaN; // e.g. '1.5' in a '1.234,5' column: text, not a guess
  if (f.group !== '') s = s.split(f.group).join('');
  if (f.decimal === ',') s = s.replace(',', '.');
  return toNumber(s);
}

/** A reader for one column: shared by schema inference and feature building so they agree. */
export function numberReader(id: NumberFormatId | undefined): (raw: RawCell) => number {
  return id === undefined || id === 'plain' ? toNumber : (raw) => toNumberAs(raw, id);
}

/** What one column's text says about its number format. */
export interface FormatEvidence {
  /** Formats that read every value that has a separator; empty when none does. */
  fits: NumberFormatId[];
  /**
   * Set when the values only ever show one ',' or '.' followed by exactly three digits (`1,234`,
   * `12.500`): that separator could be a decimal or a thousands one, and the values cannot tell.
   */
  ambiguous: ',' | '.' | null;
  /** Values that have a separator (the ones that decide). */
  separated: number;
}

const AMBIGUOUS_SHAPE = /^[+-]?[1-9]\d{0,2}([.,])\d{3}$/;

/** Looks at the (trimmed, non-empty) text values of a column; digits-only values fit every format. */
export function formatEvidence(values: Iterable<string>): FormatEvidence {
  let alive = new Set<NumberFormatId>(NUMBER_FORMAT_IDS);
  let separated = 0;
  let ambiguous: ',' | '.' | null | undefined; // undefined: not seen yet; null: some value decides
  for (const raw of values) {
    const v = raw.replace(SPACES, ' ').trim();
    if (!/[.,' ]/.test(v)) continue;
    separated++;
    const next = new Set<NumberFormatId>();
    for (const id of alive) if (REGEX[id].test(v)) next.add(id);
    alive = next;
    if (alive.size === 0) break;
    const m = AMBIGUOUS_SHAPE.exec(v);
    if (!m) ambiguous = null;
    else if (ambiguous === undefined) ambiguous = m[1] as ',' | '.';
    else if (ambiguous !== m[1]) ambiguous = null;
  }
  return { fits: separated === 0 ? [] : [...alive], ambiguous: ambiguous ?? null, separated };
}

/** What the rest of the file says, for a column its own values cannot decide. */
export interface FileNumberHints {
  /** A decimal separator other columns showed unambiguously, if any (and all agree). */
  decimal: '.' | ',' | null;
  delimiter?: string;
}

export interface FormatChoice {
  id: NumberFormatId;
  /** Said in the column panel; empty for plain numbers. */
  note: string;
  ambiguous: boolean;
}

/**
 * The format for a column from its evidence, or null when no format reads it. The plain reading wins
 * whenever it fits and nothing else is suggested by the file.
 */
export function chooseFormat(ev: FormatEvidence, hints: FileNumberHints): FormatChoice | null {
  if (ev.fits.length === 0) return null;
  const fits = new Set(ev.fits);
  if (ev.ambiguous !== null) {
    const sep = ev.ambiguous;
    // The file decides: other columns' decimal separator, then the delimiter (';' goes with decimal commas).
    const decimalComma = hints.decimal === ',' || (hints.decimal === null && sep === ',' && hints.delimiter === ';');
    const why =
      hints.decimal !== null
        ? `like the other columns`
        : sep === ',' && hints.delimiter === ';'
          ? "since the file is ';'-separated"
          : sep === ','
            ? "since the file is not ';'-separated"
            : 'as no column shows a decimal comma';
    const asDecimal = (sep === ',') === decimalComma;
    const id: NumberFormatId = sep === ',' ? (asDecimal ? 'comma' : 'comma-dot') : asDecimal ? 'plain' : 'dot-comma';
    const reading = asDecimal ? `a decimal ${sep === ',' ? 'comma' : 'point'}` : `a thousands separator`;
    return {
      id,
      ambiguous: true,
      note: `Ambiguous number format: values like '1${sep}234' could use '${sep}' as a decimal or a thousands separator; read as ${reading}, ${why}. Change it if that is wrong.`,
    };
  }
  const order: NumberFormatId[] =
    hints.decimal === ','
      ? ['comma', 'dot-comma', 'space-comma', 'plain', 'comma-dot', 'space-dot', 'apos-dot']
      : ['plain', 'comma-dot', 'space-dot', 'apos-dot', 'comma', 'dot-comma', 'space-comma'];
  const id = order.find((f) => fits.has(f));
  if (!id) return null;
  return { id, ambiguous: false, note: id === 'plain' ? '' : `Numbers read with a ${NUMBER_FORMATS[id].label}.` };
}

/** The decimal separator a format shows for sure, used as a hint for the file's other columns. */
export function decidedDecimal(ev: FormatEvidence): '.' | ',' | null {
  if (ev.ambiguous !== null || ev.fits.length === 0) return null;
  const decimals = new Set(ev.fits.map((id) => NUMBER_FORMATS[id].decimal));
  return decimals.size === 1 ? [...decimals][0] : null;
}
