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

export class RecordReader {
  private state: State = State.FieldStart;
  private fields: string[] = [];
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

  constructor(
    delimiter: string,
    private readonly onRecord: RecordHandler,
  ) {
    this.delim = delimiter.charCodeAt(0);
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
            this.fields.push('');
          } else if (c === LF || c === CR) {
            this.fields.push('');
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
            this.fields.push(this.pending + chunk.slice(start, i));
            this.pending = '';
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.fields.push(this.pending + chunk.slice(start, i));
            this.pending = '';
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
            this.fields.push(this.pending);
            this.pending = '';
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.fields.push(this.pending);
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
      this.pending += chunk.slice(start);
    }
  }

  private endRecord(newline: number): void {
    const fields = this.fields;
    this.fields = [];
    const line = this.recordLine;
    this.line++;
    this.recordLine = this.line;
    this.state = newline === CR ? State.AfterCr : State.FieldStart;
    this.onRecord(fields, line);
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
      this.fields.push(this.pending);
      this.pending = '';
    } else if (this.state === State.FieldStart && this.fields.length > 0) {
      this.fields.push(''); // the text ended right after a delimiter
    }
    if (this.fields.length > 0) this.endRecord(LF);
    this.state = State.FieldStart;
  }
}
