import { groupDigits, MAX_FIELD_CHARS } from './budgets';
import { IntakeError } from './errors';

/**
 * Incremental RFC 4180 record reader. Chunks may split anywhere (inside quotes, between \r and \n),
 * so all state lives on the instance and fields are sliced from the chunk rather than built
 * char by char (that keeps a 100 MB file fast).
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

const State = {
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** Saw a quote inside a quoted field: either an escaped quote or the closing one. */
  QuoteSeen: 3,
  /** After the closing quote; only whitespace, a delimiter or a newline should follow. */
  AfterClose: 4,
  /** Ended a record on \r; a following \n belongs to the same line break. */
  AfterCr: 5,
} as const;
type State = (typeof State)[keyof typeof State];

export type RecordHandler = (fields: string[], line: number) => void;

/**
 * Receives fields one by one, so a caller that stores them elsewhere (the column store) needs no string or
 * array per record: a plain field comes as a span of the chunk, anything built (quoted, or split across
 * chunks) as text.
 */
export interface FieldSink {
  /** The field is exactly chunk.slice(start, end). */
  span(chunk: string, start: number, end: number): void;
  text(field: string): void;
  /** The record that started on `line` is complete. */
  end(line: number): void;
}

/** The array form: each record's fields as strings. */
class ArraySink implements FieldSink {
  private fields: string[] = [];
  constructor(private readonly onRecord: RecordHandler) {}
  span(chunk: string, start: number, end: number): void {
    this.fields.push(chunk.slice(start, end));
  }
  text(field: string): void {
    this.fields.push(field);
  }
  end(line: number): void {
    const fields = this.fields;
    this.fields = [];
    this.onRecord(fields, line);
  }
}

export class RecordReader {
  private state: State = State.FieldStart;
  private readonly sink: FieldSink;
  /** Fields of the current record so far. */
  private count = 0;
  /** Field text carried over from earlier chunks or quote segments. */
  private pending = '';
  /** 1-based physical line the reader is on, and where the current record started. */
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private crInQuote = false;
  private readonly delim: number;
  /** Lines with lenient fixes, reported once each kind so the user knows the file is irregular. */
  strayQuoteLine = 0;
  textAfterQuoteLine = 0;

  constructor(delimiter: string, onRecord: RecordHandler | FieldSink) {
    this.delim = delimiter.charCodeAt(0);
    this.sink = typeof onRecord === 'function' ? new ArraySink(onRecord) : onRecord;
  }

  private field(text: string): void {
    if (text.length > MAX_FIELD_CHARS) throw this.tooLong();
    this.count++;
    this.sink.text(text);
  }

  /** An unquoted field ending at `end`: a span of the chunk unless text was carried over. */
  private unquoted(chunk: string, start: number, end: number): void {
    if (end - start + this.pending.length > MAX_FIELD_CHARS) throw this.tooLong();
    this.count++;
    if (this.pending === '') this.sink.span(chunk, start, end);
    else {
      this.sink.text(this.pending + chunk.slice(start, end));
      this.pending = '';
    }
  }

  push(chunk: string): void {
    const d = this.delim;
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.AfterCr:
          this.state = State.FieldStart;
          if (c !== LF) i--; // not \r\n: re-read this char as the start of the next record
          break;
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            this.crInQuote = false;
            start = i + 1;
          } else if (c === d) {
            this.field('');
          } else if (c === LF || c === CR) {
            this.field('');
            this.endRecord(c);
          } else {
            this.state = State.Unquoted;
            start = i;
          }
          break;
        case State.Unquoted:
          // Most fields are plain: skip to the next character that ends or quotes one, outside the switch.
          if (c !== d && c !== LF && c !== CR && c !== QUOTE) {
            let j = i + 1;
            const n = chunk.length;
            for (; j < n; j++) {
              const x = chunk.charCodeAt(j);
              if (x === d || x === LF || x === CR || x === QUOTE) break;
            }
            i = j - 1; // the loop's i++ lands on the special character (or ends the chunk)
            break;
          }
          if (c === d) {
            this.unquoted(chunk, start, i);
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.unquoted(chunk, start, i);
            this.endRecord(c);
          } else if (c === QUOTE) {
            const sofar = this.pending + chunk.slice(start, i);
            if (sofar.trim() === '') {
              // `a, "b"`: whitespace before an opening quote is common in hand-written files.
              this.pending = '';
              this.state = State.Quoted;
              this.quoteLine = this.line;
              this.crInQuote = false;
              start = i + 1;
            } else if (this.strayQuoteLine === 0) {
              this.strayQuoteLine = this.line;
            }
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.pending += chunk.slice(start, i);
            this.state = State.QuoteSeen;
          } else if (c === CR || (c === LF && !this.crInQuote)) {
            this.line++; // newline inside a quoted field: still a physical line for messages
          }
          this.crInQuote = c === CR;
          break;
        case State.QuoteSeen:
          if (c === QUOTE) {
            this.pending += '"';
            this.state = State.Quoted;
            this.crInQuote = false;
            start = i + 1;
            break;
          }
          this.state = State.AfterClose;
          i--; // re-read this char as the first one after the closing quote
          break;
        case State.AfterClose:
          if (c === d) {
            this.field(this.pending);
            this.pending = '';
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.field(this.pending);
            this.pending = '';
            this.endRecord(c);
          } else if (c !== 32 && c !== 9) {
            // `"abc"def`: keep the text rather than drop it, and tell the user once.
            if (this.textAfterQuoteLine === 0) this.textAfterQuoteLine = this.line;
            this.state = State.Unquoted;
            start = i;
          }
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) {
      if (this.pending.length + chunk.length - start > MAX_FIELD_CHARS) throw this.tooLong();
      this.pending += chunk.slice(start);
    }
  }

  /** A field past the budget: in quotes it is almost always a quote that is never closed. */
  private tooLong(): IntakeError {
    const open = this.state === State.Quoted || this.state === State.QuoteSeen;
    return new IntakeError(
      'field-too-long',
      open
        ? `A quoted field starting on line ${this.quoteLine} runs past ${groupDigits(MAX_FIELD_CHARS)} characters, the longest value IMLab reads: a closing quote (") is probably missing in that line.`
        : `Line ${this.recordLine} holds a value of more than ${groupDigits(MAX_FIELD_CHARS)} characters, the longest IMLab reads. Check that the file is a table with a delimiter between values.`,
    );
  }

  private endRecord(newline: number): void {
    const line = this.recordLine;
    this.line++;
    this.recordLine = this.line;
    this.state = newline === CR ? State.AfterCr : State.FieldStart;
    this.count = 0;
    this.sink.end(line);
  }

  /** Flushes the last record when the text does not end with a newline. */
  finish(): void {
    if (this.state === State.Quoted) {
      throw new IntakeError(
        'unterminated-quote',
        `A quoted field starting on line ${this.quoteLine} is never closed. ` +
          'Check for a missing closing quote (") in that line, or save the file again from the original program.',
      );
    }
    if (this.state === State.Unquoted || this.state === State.QuoteSeen || this.state === State.AfterClose) {
      this.field(this.pending);
      this.pending = '';
    } else if (this.state === State.FieldStart && this.count > 0) {
      this.field(''); // the text ended right after a delimiter
    }
    if (this.count > 0) this.endRecord(LF);
    this.state = State.FieldStart;
  }
}
