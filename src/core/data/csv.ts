import { groupDigits, MAX_CELLS, MAX_COLUMNS, MAX_ROWS } from './budgets';
import { ColumnTableBuilder, type ColumnTable } from './columnTable';
import { decodeBytes } from './encoding';
import { IntakeError, quote } from './errors';
import { uniqueNames } from './names';
import { RecordReader, type FieldSink } from './records';

export interface ParsedTable {
  header: string[];
  /**
   * The cells as rows of text, made on each read: for tests and small tables only. The app reads `source`,
   * which holds them in typed arrays (no object per cell or per row).
   */
  readonly rows: string[][];
  delimiter: string;
  warnings: string[];
  /** The compact store (not enumerable, so a table compares by its content). */
  readonly source: ColumnTable;
}

export interface DelimitedOptions {
  /** One character; sniffed among , ; tab | when omitted. */
  delimiter?: string;
}

export interface ParseOptions extends DelimitedOptions {
  /** Called with the parsed fraction of the text, ending with 1. */
  onProgress?: (fraction: number) => void;
}

export interface DelimitedParser {
  push(chunk: string): void;
  finish(): ParsedTable;
}

export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;

/** The head of the text used for sniffing and the binary check; fixed so chunking cannot change the result. */
const SNIFF_CHARS = 64 * 1024;
const SNIFF_RECORDS = 50;
const PROGRESS_CHUNK = 1 << 20;

export function parseDelimited(text: string, opts: ParseOptions = {}): ParsedTable {
  const parser = createDelimitedParser(opts);
  for (let pos = 0; pos < text.length; pos += PROGRESS_CHUNK) {
    parser.push(text.slice(pos, pos + PROGRESS_CHUNK));
    opts.onProgress?.(Math.min(1, (pos + PROGRESS_CHUNK) / text.length));
  }
  const table = parser.finish();
  opts.onProgress?.(1);
  return table;
}

/** Streaming parser: same result as parseDelimited for any split of the text into chunks. */
export function createDelimitedParser(opts: DelimitedOptions = {}): DelimitedParser {
  if (opts.delimiter !== undefined) checkDelimiter(opts.delimiter);
  let head = ''; // buffered until SNIFF_CHARS are known
  let body: TableBuilder | null = null;
  let finished = false;

  const start = (text: string, whole: boolean): TableBuilder => {
    const sample = text.slice(0, SNIFF_CHARS);
    const warnings: string[] = [];
    checkNotBinary(sample, warnings);
    let delimiter = opts.delimiter ?? sniffDelimiter(sample, whole);
    if (delimiter === null) {
      delimiter = ',';
      warnings.push('No delimiter found (tried , ; tab |): the file is read as a single column.');
    }
    const builder = new TableBuilder(delimiter, warnings);
    builder.push(text);
    return builder;
  };

  return {
    push(chunk: string) {
      if (finished) throw new IntakeError('parser-finished', 'This parser already finished; create a new one.');
      if (chunk.includes('\0')) throw binaryError();
      if (body) {
        body.push(chunk);
        return;
      }
      head += chunk;
      const bom = head.charCodeAt(0) === 0xfeff ? 1 : 0;
      if (head.length - bom > SNIFF_CHARS) {
        const text = stripBom(head);
        head = '';
        body = start(text, false);
      }
    },
    finish() {
      if (finished) throw new IntakeError('parser-finished', 'This parser already finished; create a new one.');
      finished = true;
      if (!body) {
        const text = stripBom(head);
        head = '';
        if (text.trim() === '') throw emptyError();
        body = start(text, true);
      }
      return body.finish();
    },
  };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function checkDelimiter(d: string): void {
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new IntakeError(
      'bad-delimiter',
      `The delimiter ${quote(d)} cannot be used: give a single character other than a quote or a newline, e.g. ',' or ';'.`,
    );
  }
}

function emptyError(): IntakeError {
  return new IntakeError('empty-file', 'The file is empty. Choose a CSV or TSV file with a header line and data rows.');
}

function binaryError(): IntakeError {
  return new IntakeError(
    'binary-file',
    'This does not look like a text table (it contains binary data). ' +
      'Choose a CSV/TSV text file, or an .npz file saved with numpy.savez.',
  );
}

/** NUL bytes or many control characters mean a binary file decoded as text (a zip, xlsx, image...). */
function checkNotBinary(sample: string, warnings: string[]): void {
  let control = 0;
  let replacement = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) throw binaryError();
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) control++;
    else if (c === 0xfffd) replacement++;
  }
  if (control > sample.length * 0.01 || replacement > sample.length * 0.1) throw binaryError();
  // A few U+FFFD usually means a Latin-1 / Windows-1252 file read as UTF-8: readable, but say so.
  if (replacement > 0) {
    warnings.push('Some characters could not be decoded (shown as �). The file is probably not UTF-8; save it as UTF-8 to keep accents.');
  }
}

/**
 * Picks the candidate that splits the first records into the most consistent number of fields (>1),
 * then the most fields. Quotes are respected, so delimiters inside quoted text do not count.
 */
export function sniffDelimiter(sample: string, whole: boolean): string | null {
  let best: { d: string; consistency: number; fields: number } | null = null;
  for (const d of CANDIDATE_DELIMITERS) {
    const counts: number[] = [];
    const reader = new RecordReader(d, (fields) => {
      if (counts.length < SNIFF_RECORDS && !isBlank(fields)) counts.push(fields.length);
    });
    reader.push(sample);
    // The record cut off by the end of the sample is only used when it is all we have.
    if (whole || counts.length === 0) {
      try {
        reader.finish();
      } catch {
        // an unterminated quote in the sample: judge on the complete records only
      }
    }
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const n of counts) freq.set(n, (freq.get(n) ?? 0) + 1);
    let mode = 0;
    let modeCount = 0;
    for (const [n, k] of freq) {
      if (k > modeCount || (k === modeCount && n > mode)) {
        mode = n;
        modeCount = k;
      }
    }
    if (mode < 2) continue;
    const consistency = modeCount / counts.length;
    if (!best || consistency > best.consistency || (consistency === best.consistency && mode > best.fields)) {
      best = { d, consistency, fields: mode };
    }
  }
  return best ? best.d : null;
}

function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/**
 * Turns records into header + columns, checking widths as records arrive. Fields go straight into the column
 * store (a plain number without ever becoming a string); only the header is collected as text.
 */
class TableBuilder implements FieldSink {
  private readonly reader: RecordReader;
  private header: string[] | null = null;
  private headerFields: string[] = [];
  private cells: ColumnTableBuilder | null = null;
  private width = 0;
  /** Fields of the current record so far. */
  private count = 0;
  /** The record's first field, held until the record proves not to be a blank line (one empty field). */
  private firstChunk = '';
  private firstStart = 0;
  private firstEnd = 0;
  private firstText: string | null = null;
  /** A field past the header's width holds text (extra empty fields are a tolerated trailing delimiter). */
  private extraText = false;
  private blankPending = 0;
  private blankSkipped = 0;
  private trailingTrimmed = 0;
  private firstTrimmedLine = 0;

  constructor(
    private readonly delimiter: string,
    private readonly warnings: string[],
  ) {
    this.reader = new RecordReader(delimiter, this);
  }

  push(chunk: string): void {
    this.reader.push(chunk);
  }

  span(chunk: string, start: number, end: number): void {
    const cells = this.cells;
    if (cells === null) {
      this.headerField(chunk.slice(start, end));
      return;
    }
    const c = this.count++;
    if (c === 0) {
      this.firstChunk = chunk;
      this.firstStart = start;
      this.firstEnd = end;
      this.firstText = null;
      return;
    }
    if (c === 1) this.flushFirst(cells);
    if (c < this.width) cells.pushSpan(c, chunk, start, end);
    else if (!this.extraText && chunk.slice(start, end).trim() !== '') this.extraText = true;
  }

  text(field: string): void {
    const cells = this.cells;
    if (cells === null) {
      this.headerField(field);
      return;
    }
    const c = this.count++;
    if (c === 0) {
      this.firstText = field;
      return;
    }
    if (c === 1) this.flushFirst(cells);
    if (c < this.width) cells.pushText(c, field);
    else if (field.trim() !== '') this.extraText = true;
  }

  /** The header's fields are counted as they come: a line too wide is refused before any column exists. */
  private headerField(field: string): void {
    if (this.headerFields.length >= MAX_COLUMNS) {
      throw new IntakeError(
        'too-wide',
        `The header line has more than ${groupDigits(MAX_COLUMNS)} columns, the most IMLab reads. Keep only the columns you need (e.g. cut -d, -f1-1000 file.csv), or transpose the table if its rows are the columns.`,
      );
    }
    this.headerFields.push(field);
  }

  private flushFirst(cells: ColumnTableBuilder): void {
    if (this.firstText !== null) cells.pushText(0, this.firstText);
    else cells.pushSpan(0, this.firstChunk, this.firstStart, this.firstEnd);
    this.firstChunk = '';
  }

  private firstIsBlank(): boolean {
    return (this.firstText ?? this.firstChunk.slice(this.firstStart, this.firstEnd)).trim() === '';
  }

  end(line: number): void {
    const cells = this.cells;
    if (cells === null) {
      const fields = this.headerFields;
      this.headerFields = [];
      if (isBlank(fields)) {
        this.blankPending++;
        return;
      }
      this.blankPending = 0;
      this.header = fields;
      this.width = fields.length;
      this.cells = new ColumnTableBuilder(fields.length);
      return;
    }
    const got = this.count;
    this.count = 0;
    if (got === 1 && this.firstIsBlank()) {
      this.blankPending++; // only reported if data follows: trailing blank lines are normal
      return;
    }
    if (got === 1) this.flushFirst(cells);
    this.blankSkipped += this.blankPending;
    this.blankPending = 0;
    const want = this.width;
    if (got !== want) {
      if (got > want && !this.extraText) {
        // Tolerated: a trailing delimiter at the end of the line (some exporters add one).
        if (this.trailingTrimmed++ === 0) this.firstTrimmedLine = line;
      } else {
        throw this.raggedError(got, want, line);
      }
    }
    this.extraText = false;
    cells.endRow();
    const rows = cells.rowCount;
    if (rows > MAX_ROWS || rows * want > MAX_CELLS) {
      throw new IntakeError(
        'too-many-cells',
        `The table has more than ${groupDigits(rows - 1)} rows of ${groupDigits(want)} columns, more than IMLab reads in the browser (${groupDigits(MAX_ROWS)} rows, ${groupDigits(MAX_CELLS)} cells). Sample the rows or keep fewer columns first.`,
      );
    }
  }

  private raggedError(got: number, want: number, line: number): IntakeError {
    const name = this.delimiter === '\t' ? 'tab' : `'${this.delimiter}'`;
    const hint =
      got < want
        ? 'A value may be missing: write an empty field (two delimiters in a row) instead of leaving it out.'
        : 'A value may contain the delimiter: put that value in double quotes.';
    return new IntakeError(
      'ragged-row',
      `Line ${line} has ${got} field${got === 1 ? '' : 's'} but the header has ${want} columns ` + `(delimiter ${name}). ${hint}`,
    );
  }

  finish(): ParsedTable {
    this.reader.finish();
    if (!this.header || !this.cells) throw emptyError();
    if (this.cells.rowCount === 0) {
      throw new IntakeError(
        'no-data-rows',
        'The file has a header line but no data rows. Add at least one row of values below the header.',
      );
    }
    const warnings = this.warnings;
    if (this.blankSkipped > 0) warnings.push(`Skipped ${this.blankSkipped} blank line(s) between rows.`);
    if (this.trailingTrimmed > 0) {
      warnings.push(
        `${this.trailingTrimmed} row(s) (first on line ${this.firstTrimmedLine}) end with extra empty fields; they were ignored.`,
      );
    }
    if (this.reader.strayQuoteLine > 0) {
      warnings.push(`Line ${this.reader.strayQuoteLine}: a quote inside an unquoted value was kept as text.`);
    }
    if (this.reader.textAfterQuoteLine > 0) {
      warnings.push(`Line ${this.reader.textAfterQuoteLine}: text after a closing quote was kept as part of the value.`);
    }
    const header = uniqueNames(this.header, warnings);
    const source = this.cells.finish(header, this.delimiter);
    this.cells = null;
    return parsedTable(source, warnings);
  }
}

function parsedTable(source: ColumnTable, warnings: string[]): ParsedTable {
  const table = { header: source.header, delimiter: source.delimiter ?? ',', warnings } as ParsedTable;
  Object.defineProperty(table, 'rows', {
    enumerable: true,
    get: () => Array.from({ length: source.rowCount }, (_, r) => source.header.map((_, c) => String(source.cell(r, c)))),
  });
  Object.defineProperty(table, 'source', { value: source, enumerable: false });
  return table;
}

/** Decodes file bytes to text: UTF-8, UTF-16 (by its BOM or its zero bytes), else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  return decodeBytes(bytes).text;
}
