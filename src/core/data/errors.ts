/** Every way intake can fail. UI code switches on these; the message is for people. */
export type IntakeErrorCode =
  | 'empty-file'
  | 'no-data-rows'
  | 'ragged-row'
  | 'unterminated-quote'
  | 'binary-file'
  | 'bad-delimiter'
  | 'parser-finished'
  | 'not-zip'
  | 'bad-npy'
  | 'unsupported-dtype'
  | 'pickled-array'
  | 'npz-missing-x'
  | 'npz-x-not-2d'
  | 'npz-y-mismatch'
  | 'bad-column'
  | 'missing-columns'
  | 'retyped-columns'
  | 'not-numeric'
  | 'too-few-rows'
  | 'too-few-features'
  | 'too-many-columns'
  | 'label-missing-values'
  | 'label-one-class'
  | 'label-not-binary'
  | 'label-ambiguous'
  | 'label-unknown-positive'
  | 'file-too-large'
  | 'too-many-cells'
  | 'too-wide'
  | 'field-too-long'
  | 'inflates-too-far'
  | 'zip-too-many-members'
  | 'read-stalled'
  | 'read-failed'
  | 'zip-no-table'
  | 'zip-many-tables'
  | 'xlsx-encrypted'
  | 'xls-old-format'
  | 'xlsx-bad'
  | 'gzip-bad'
  | 'parquet-bad'
  | 'parquet-nested'
  | 'parquet-codec'
  | 'parquet-encrypted'
  | 'parquet-unsupported';

/** A problem with the user's data: expected, explainable, and recoverable by fixing the input. */
export class IntakeError extends Error {
  readonly code: IntakeErrorCode;

  constructor(code: IntakeErrorCode, message: string) {
    super(message);
    this.name = 'IntakeError';
    this.code = code;
  }
}

/** Quotes a user-provided value for a message, shortened so a huge cell cannot flood the UI. */
export function quote(value: string, max = 40): string {
  const s = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return `'${s}'`;
}
