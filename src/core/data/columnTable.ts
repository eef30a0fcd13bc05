/**
 * The parsed table, stored column by column in typed arrays: no object per cell or per row, whatever the size.
 *
 * A column starts as numbers. A cell whose text is exactly how JavaScript writes its number
 * (`String(Number(s)) === s`, or the same with a decimal comma: `0,512`) is kept as that number alone in a
 * Float64Array, and `cell()` writes it back, so the text is the file's own. Any other cell ('', 'NA', '1.50',
 * '007', '1e3', '-0', quoted text) gets a code into the column's dictionary of distinct texts (an Int32Array,
 * allocated at the column's first such cell; code 0 means "the number in values"). A column whose coded cells
 * outnumber its numbers drops its numbers and is all codes (a text column).
 *
 * Why this and not offsets into the decoded text: offsets cost 4-8 bytes per cell plus the text kept whole
 * (the same memory as a Float64 per cell, which needs no text at all), and every later pass (schema inference,
 * features) would parse each number again; here numeric columns are parsed once, at intake, and read straight
 * from their Float64Array (`numericColumn`). Measured in docs/benchmarks.md, "Big tables: intake".
 */
import type { RawCell } from './cells';
import type { CodedColumn, NumericColumn, TableSource } from './table';

// Small, so a wide table (thousands of columns, few rows) allocates little; doubling makes growth cheap.
const INITIAL_CAPACITY = 64;

/** How often (in cells) a column checks whether it has become a text column. */
const DEMOTE_CHECK = 4096;

/** One column's storage; every field is a typed array or a dictionary of distinct texts. */
export interface StoredColumn {
  /** The cells held as numbers; NaN where the cell is coded. Null for a text column. */
  readonly values: Float64Array | null;
  /** 0: the number in values; k > 0: dict[k - 1]. Null when every cell is a number. */
  readonly codes: Int32Array | null;
  /** The distinct texts of the coded cells, in first-seen order. */
  readonly dict: readonly string[];
  /** How the numbers are written: ',' for a decimal comma, '.' or null (no fraction seen) for a point. */
  readonly decimal: '.' | ',' | null;
}

class ColumnBuilder implements StoredColumn {
  /** A workbook's column keeps its number cells as numbers even when text dominates (cell() gives numbers). */
  constructor(private readonly demote = true) {}
  values: Float64Array | null = new Float64Array(INITIAL_CAPACITY);
  codes: Int32Array | null = null;
  dict: string[] = [];
  decimal: '.' | ',' | null = null;
  length = 0;
  private capacity = INITIAL_CAPACITY;
  private index: Map<string, number> | null = new Map();
  private numbers = 0;

  /** A cell of a text file: a number when its text is the number's own spelling, else coded. */
  pushText(s: string): void {
    const r = this.length;
    if (r === this.capacity) this.grow();
    this.length = r + 1;
    const values = this.values;
    if (values !== null) {
      let v = ownNumber(s, POINT);
      if (v === v) {
        if (this.decimal !== '.' && s.includes('.')) {
          if (this.decimal === ',') return this.code(r, s); // `1.5` in a decimal-comma column
          this.decimal = '.';
        }
        values[r] = v;
        this.numbers++;
        return;
      }
      if (this.decimal !== '.' && s.includes(',') && (v = ownNumber(s, COMMA)) === v) {
        this.decimal = ',';
        values[r] = v;
        this.numbers++;
        return;
      }
    }
    this.code(r, s);
  }

  /** A cell of a text file given as chunk.slice(start, end): a plain number is stored without making its text. */
  pushSpan(chunk: string, start: number, end: number): void {
    const values = this.values;
    if (values !== null && this.decimal !== ',') {
      const v = canonicalNumber(chunk, POINT, start, end);
      if (v === v) {
        const r = this.length;
        if (r === this.capacity) this.grow();
        this.length = r + 1;
        if (this.decimal === null) {
          for (let i = start; i < end; i++) if (chunk.charCodeAt(i) === POINT) this.decimal = '.';
        }
        (this.values as Float64Array)[r] = v; // grow() may have replaced the array
        this.numbers++;
        return;
      }
    }
    this.pushText(chunk.slice(start, end));
  }

  /** A number cell of a workbook: kept as the number (cell() gives the number, not text). */
  pushNumber(v: number): void {
    const r = this.length;
    if (r === this.capacity) this.grow();
    this.length = r + 1;
    if (this.values !== null && v - v === 0) {
      this.values[r] = v;
      this.numbers++;
    } else this.code(r, String(v));
  }

  /** A cell that is text whatever it looks like (a workbook's string cell). */
  pushString(s: string): void {
    const r = this.length;
    if (r === this.capacity) this.grow();
    this.length = r + 1;
    this.code(r, s);
  }

  private code(r: number, s: string): void {
    if (this.codes === null) this.codes = new Int32Array(this.capacity);
    if (this.values !== null) this.values[r] = NaN;
    const index = this.index as Map<string, number>;
    let k = index.get(s);
    if (k === undefined) {
      k = this.dict.push(s);
      index.set(s, k);
    }
    this.codes[r] = k;
    if ((r & (DEMOTE_CHECK - 1)) === DEMOTE_CHECK - 1) this.maybeDemote();
  }

  /** Mostly text: the numbers become codes too, and the Float64Array goes. */
  private maybeDemote(): void {
    if (!this.demote || this.values === null || this.numbers * 2 >= this.length) return;
    const values = this.values;
    const codes = this.codes as Int32Array;
    const index = this.index as Map<string, number>;
    const textOf = numberText(this.decimal);
    for (let r = 0; r < this.length; r++) {
      if (codes[r] !== 0) continue;
      const s = textOf(values[r]);
      let k = index.get(s);
      if (k === undefined) {
        k = this.dict.push(s);
        index.set(s, k);
      }
      codes[r] = k;
    }
    this.values = null;
    this.numbers = 0;
  }

  private grow(): void {
    this.capacity *= 2;
    if (this.values !== null) {
      const v = new Float64Array(this.capacity);
      v.set(this.values);
      this.values = v;
    }
    if (this.codes !== null) {
      const c = new Int32Array(this.capacity);
      c.set(this.codes);
      this.codes = c;
    }
  }

  /** Exact-size arrays, and the lookup map dropped: only what reading needs stays. */
  finish(rows: number): StoredColumn {
    while (this.length < rows) this.pushString(''); // a workbook row that stopped early
    this.length = rows;
    this.maybeDemote();
    this.index = null;
    return {
      values: this.values === null ? null : this.values.slice(0, rows),
      codes: this.codes === null ? null : this.codes.slice(0, rows),
      dict: this.dict,
      decimal: this.decimal,
    };
  }
}

const POINT = 46;
const COMMA = 44;

/** 10^k for k <= 22: exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The number `s` spells, when `String(Number(s)) === s` (with `decimal` as the decimal mark) can be decided
 * from the characters alone; NaN when unsure (the caller then compares String(Number(s)) itself). Lets most
 * cells skip both the text-to-number and the number-to-text conversion. Sure cases: an optional '-', an
 * integer part without leading zeros, an optional fraction not ending in 0, at most 15 significant digits
 * (such a decimal is the shortest text of its double) and at most 5 zeros after "0." (below 1e-6 JavaScript
 * writes 1e-7). The value is digits / 10^k with both exact, so the division rounds it as Number() does.
 */
export function canonicalNumber(s: string, decimal: number, from = 0, to = s.length): number {
  const n = to;
  const negative = s.charCodeAt(from) === 45; // '-'
  let i = negative ? from + 1 : from;
  const intStart = i;
  let m = 0;
  while (i < n) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    i++;
  }
  const intDigits = i - intStart;
  if (intDigits === 0 || intDigits > 15) return NaN;
  const zeroInt = m === 0;
  if (zeroInt && intDigits > 1) return NaN; // 00
  if (m !== 0 && s.charCodeAt(intStart) === 48) return NaN; // 007
  if (i === n) {
    if (zeroInt && negative) return NaN; // -0
    return negative ? -m : m;
  }
  if (s.charCodeAt(i) !== decimal) return NaN;
  const fracStart = ++i;
  let lead = 0;
  while (i < n) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    if (d === 0 && m === 0) lead++;
    m = m * 10 + d;
    i++;
  }
  const fracDigits = n - fracStart;
  if (fracDigits === 0 || s.charCodeAt(n - 1) === 48) return NaN; // 1. and 1.50
  if (zeroInt && lead > 5) return NaN; // 0.0000001 is written 1e-7
  const significant = zeroInt ? fracDigits - lead : intDigits + fracDigits;
  if (significant > 15) return NaN;
  const v = m / POW10[fracDigits];
  return negative ? -v : v;
}

/** The number `s` spells when it is exactly JavaScript's text for it (with `decimal` as the mark), else NaN. */
function ownNumber(s: string, decimal: number): number {
  const v = canonicalNumber(s, decimal);
  if (v === v) return v;
  const t = decimal === POINT ? s : s.replace(',', '.');
  const w = Number(t);
  // w - w === 0: finite (Infinity and NaN are coded, so a stored number is always a finite value).
  return w - w === 0 && String(w) === t ? w : NaN;
}

function numberText(decimal: '.' | ',' | null): (v: number) => string {
  return decimal === ',' ? (v) => String(v).replace('.', ',') : String;
}

export interface ColumnTableOptions {
  delimiter?: string;
  /** A workbook's number cells are numbers, not text: cell() gives them as numbers. */
  numbersAsNumbers?: boolean;
}

/** Builds a ColumnTable cell by cell, row-major, as a parser meets them. */
export class ColumnTableBuilder {
  private readonly columns: ColumnBuilder[] = [];
  rowCount = 0;

  /** `width` columns up front (a text file's header); a workbook's builder (`numbers`) adds them as cells come. */
  constructor(
    width = 0,
    private readonly numbers = false,
  ) {
    for (let c = 0; c < width; c++) this.columns.push(this.column());
  }

  private column(): ColumnBuilder {
    return new ColumnBuilder(!this.numbers);
  }

  /** Cell `c` of a text file's current row, as text or as a span of a chunk; endRow() after the row. */
  pushText(c: number, text: string): void {
    this.columns[c].pushText(text);
  }

  pushSpan(c: number, chunk: string, start: number, end: number): void {
    this.columns[c].pushSpan(chunk, start, end);
  }

  /** One cell of row `this.rowCount` (call endRow after the row); columns are added as cells need them. */
  pushCell(c: number, raw: RawCell): void {
    while (this.columns.length <= c) {
      const col = this.column();
      for (let r = 0; r < this.rowCount; r++) col.pushString('');
      this.columns.push(col);
    }
    const col = this.columns[c];
    while (col.length < this.rowCount) col.pushString(''); // cells the row skipped
    if (typeof raw === 'number') col.pushNumber(raw);
    else col.pushString(raw);
  }

  endRow(): void {
    this.rowCount++;
  }

  get width(): number {
    return this.columns.length;
  }

  /** `rows` below rowCount drops the last rows (a workbook's trailing blank rows). */
  finish(header: string[], delimiter?: string, rows = this.rowCount): ColumnTable {
    while (this.columns.length < header.length) this.columns.push(this.column());
    const stored = this.columns.map((c) => c.finish(rows));
    this.columns.length = 0;
    return new ColumnTable(header, rows, stored, { delimiter, numbersAsNumbers: this.numbers });
  }
}

/** A TableSource over stored columns. */
export class ColumnTable implements TableSource {
  readonly delimiter?: string;
  /** A workbook's table: number cells are given as numbers (see ColumnTableOptions). */
  readonly asNumbers: boolean;
  private readonly texts: ((v: number) => string)[];

  constructor(
    readonly header: string[],
    readonly rowCount: number,
    readonly stored: readonly StoredColumn[],
    opts: ColumnTableOptions = {},
  ) {
    if (opts.delimiter !== undefined) this.delimiter = opts.delimiter;
    this.asNumbers = opts.numbersAsNumbers ?? false;
    this.texts = stored.map((c) => numberText(c.decimal));
  }

  cell(row: number, col: number): RawCell {
    const c = this.stored[col];
    const k = c.codes === null ? 0 : c.codes[row];
    if (k !== 0) return c.dict[k - 1];
    const v = (c.values as Float64Array)[row];
    return this.asNumbers ? v : this.texts[col](v);
  }

  numericColumn(col: number): NumericColumn | null {
    const c = this.stored[col];
    return c.values === null ? null : { values: c.values, offset: 0, stride: 1, decimal: c.decimal };
  }

  codedColumn(col: number): CodedColumn | null {
    const c = this.stored[col];
    return c.codes === null ? null : { codes: c.codes, dict: c.dict };
  }
}
