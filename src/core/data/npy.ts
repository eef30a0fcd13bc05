import { IntakeError, quote } from './errors';

/** One numpy array, values widened to float64, always row-major (C order). */
export interface NpyArray {
  /** numpy descr as written in the file, e.g. '<f4', '>i8', '|b1'. */
  dtype: string;
  shape: number[];
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type Reader = (view: DataView, offset: number, little: boolean) => number;

/** Readers by kind+size; 64-bit integers lose precision above 2^53, which is fine for features. */
const READERS: Record<string, Reader> = {
  f4: (v, o, le) => v.getFloat32(o, le),
  f8: (v, o, le) => v.getFloat64(o, le),
  i1: (v, o) => v.getInt8(o),
  i2: (v, o, le) => v.getInt16(o, le),
  i4: (v, o, le) => v.getInt32(o, le),
  i8: (v, o, le) => Number(v.getBigInt64(o, le)),
  u1: (v, o) => v.getUint8(o),
  u2: (v, o, le) => v.getUint16(o, le),
  u4: (v, o, le) => v.getUint32(o, le),
  u8: (v, o, le) => Number(v.getBigUint64(o, le)),
  b1: (v, o) => (v.getUint8(o) !== 0 ? 1 : 0),
};

/** Parses one .npy file (format versions 1, 2 and 3). `name` is only used in messages. */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  const bad = (what: string) =>
    new IntakeError('bad-npy', `Array ${quote(name)} in the .npz is not a valid .npy file (${what}). Save it again with numpy.savez.`);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw bad('missing the NUMPY signature');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLen: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw bad('truncated header');
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw bad(`unknown format version ${major}`);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) throw bad('truncated header');
  // v1/v2 headers are latin-1, v3 is UTF-8; the keys and values we read are ASCII either way.
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const { descr, fortran, shape } = parseHeader(header, name, bad);

  const order = descr[0];
  const code = descr.slice(1);
  const read = READERS[code];
  if (!read || !'<>|='.includes(order)) throw unsupported(name, descr);
  const size = Number(code.slice(1));
  const count = shape.reduce((a, b) => a * b, 1);
  if (dataStart + count * size > bytes.length) {
    throw bad(`expected ${count} values of ${size} bytes but the data is shorter`);
  }
  const little = order !== '>'; // '=' is native order; numpy writes '<' or '>' for multi-byte types anyway
  const raw = new Float64Array(count);
  for (let i = 0, o = dataStart; i < count; i++, o += size) raw[i] = read(view, o, little);
  const data = fortran && shape.length > 1 ? fortranToC(raw, shape) : raw;
  return { dtype: descr, shape, data };
}

function unsupported(name: string, descr: string): IntakeError {
  if (descr.includes('O')) {
    return new IntakeError(
      'pickled-array',
      `Array ${quote(name)} holds Python objects (pickled data), which cannot be read safely in the browser. ` +
        'Convert it to numbers before saving, e.g. np.savez(path, X=X.astype(np.float64)).',
    );
  }
  return new IntakeError(
    'unsupported-dtype',
    `Array ${quote(name)} has type ${quote(descr)}, which is not supported. ` +
      'Use float, integer or bool values, e.g. np.savez(path, X=X.astype(np.float64)).',
  );
}

function parseHeader(
  header: string,
  name: string,
  bad: (what: string) => IntakeError,
): { descr: string; fortran: boolean; shape: number[] } {
  const descrMatch = /'descr'\s*:\s*'([^']*)'/.exec(header);
  if (!descrMatch) {
    // A list-valued descr is a structured (record) dtype.
    if (/'descr'\s*:\s*\[/.test(header)) throw unsupported(name, 'structured');
    throw bad('no dtype in the header');
  }
  const fortranMatch = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!fortranMatch || !shapeMatch) throw bad('incomplete header');
  const parts = shapeMatch[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const shape = parts.map((s) => (/^\d+L?$/.test(s) ? parseInt(s, 10) : NaN));
  if (shape.some((n) => !Number.isSafeInteger(n))) throw bad(`bad shape (${shapeMatch[1]})`);
  return { descr: descrMatch[1], fortran: fortranMatch[1] === 'True', shape };
}

/** Reorders column-major values to row-major: in Fortran order the first axis varies fastest. */
function fortranToC(src: Float64Array, shape: number[]): Float64Array {
  const nd = shape.length;
  const strides = new Array<number>(nd);
  let s = 1;
  for (let a = nd - 1; a >= 0; a--) {
    strides[a] = s;
    s *= shape[a];
  }
  const out = new Float64Array(src.length);
  const idx = new Array<number>(nd).fill(0);
  let c = 0; // C-order offset of idx, updated incrementally
  for (let k = 0; k < src.length; k++) {
    out[c] = src[k];
    for (let a = 0; a < nd; a++) {
      if (++idx[a] < shape[a]) {
        c += strides[a];
        break;
      }
      c -= (shape[a] - 1) * strides[a];
      idx[a] = 0;
    }
  }
  return out;
}
