/**
 * Big records in pieces: a 600k-row session's checkpoint holds ~26 MB of score vectors, its results ~7 MB. Stored
 * as one record, each write is one structured clone of all of it on the page's main thread (and each read one
 * deserialization). Split, the record keeps its shape with every big typed array replaced by a reference, and the
 * arrays' bytes go to separate records of at most PIECE_BYTES each, written and read one at a time.
 */

/** The most bytes one stored piece holds. */
export const PIECE_BYTES = 4 * 2 ** 20;
/** Typed arrays up to this size stay in the record itself (weights, a small table's scores). */
export const INLINE_BYTES = 256 * 2 ** 10;

const KINDS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
} as const;
type Kind = keyof typeof KINDS;
type Typed = InstanceType<(typeof KINDS)[Kind]>;

/** What stands in the record for a typed array stored in pieces [first, first + count). */
export interface PieceRef {
  imlabPieces: { kind: Kind; length: number; first: number; count: number };
}

export interface Split<T> {
  /** The record with its big arrays replaced by PieceRefs (structurally a T, typed loosely). */
  head: T;
  /**
   * Bytes of the big arrays, in order, at most maxBytes each: views into the arrays (nothing is copied here), so a
   * writer copies each one as it stores it (`slice()`: a stored view would clone the whole buffer under it).
   */
  pieces: Uint8Array[];
}

function kindOf(v: ArrayBufferView): Kind | null {
  for (const k of Object.keys(KINDS) as Kind[]) if (v instanceof KINDS[k]) return k;
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function isRef(v: unknown): v is PieceRef {
  return isPlainObject(v) && isPlainObject(v.imlabPieces) && typeof v.imlabPieces.kind === 'string';
}

/**
 * A copy of a tree of plain objects and arrays with some leaves replaced: `leaf` returns a replacement, or
 * undefined to descend (into arrays and plain objects; anything else is kept as it is).
 */
function mapTree(v: unknown, leaf: (v: unknown) => unknown): unknown {
  const walk = (x: unknown): unknown => {
    const r = leaf(x);
    if (r !== undefined) return r;
    if (Array.isArray(x)) return x.map(walk);
    if (isPlainObject(x)) {
      const out: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(x)) out[k] = walk(y);
      return out;
    }
    return x;
  };
  return walk(v);
}

/** Splits a record of plain objects, arrays and typed arrays; anything else (Blob, Date) stays as it is. */
export function splitRecord<T>(value: T, maxBytes = PIECE_BYTES, inlineBytes = INLINE_BYTES): Split<T> {
  const pieces: Uint8Array[] = [];
  const head = mapTree(value, (v) => {
    if (!ArrayBuffer.isView(v)) return undefined;
    const kind = kindOf(v);
    if (!kind || v.byteLength <= inlineBytes) return v;
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const first = pieces.length;
    for (let at = 0; at < bytes.length; at += maxBytes) pieces.push(bytes.subarray(at, Math.min(bytes.length, at + maxBytes)));
    const ref: PieceRef = { imlabPieces: { kind, length: (v as Typed).length, first, count: pieces.length - first } };
    return ref;
  });
  return { head: head as T, pieces };
}

/** The record back from its head and pieces (pieces[i] is the piece numbered i). */
export function joinRecord<T>(head: T, pieces: ArrayLike<Uint8Array>): T {
  return mapTree(head, (v) => {
    if (ArrayBuffer.isView(v)) return v;
    if (!isRef(v)) return undefined;
    const { kind, length, first, count } = v.imlabPieces;
    const out = new KINDS[kind](length);
    const bytes = new Uint8Array(out.buffer);
    let at = 0;
    for (let i = first; i < first + count; i++) {
      const p = pieces[i];
      if (!p) throw new Error(`A stored piece is missing (${i}).`);
      bytes.set(p, at);
      at += p.length;
    }
    if (at !== bytes.length) throw new Error('A stored array is incomplete.');
    return out;
  }) as T;
}
