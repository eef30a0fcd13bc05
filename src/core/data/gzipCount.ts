/**
 * What a gzip file inflates to, every member of it, counted without writing a byte of output: each DEFLATE block's
 * Huffman codes are decoded and the lengths they stand for summed (RFC 1951; the decoder is Mark Adler's puff,
 * reduced to counting). A bomb of many small members, whose trailer tells only the last one's size, is counted in
 * a fraction of a second where inflating its 512 MB would take seconds.
 */

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_BITS = 15;

/** Thrown inside on any damage; the caller answers null. */
class Damaged extends Error {}

interface Huffman {
  /** Codes of each length, 0..15. */
  count: Uint16Array;
  /** Symbols ordered by code. */
  symbol: Uint16Array;
}

function huffman(lengths: ArrayLike<number>, n: number): Huffman {
  const count = new Uint16Array(MAX_BITS + 1);
  for (let s = 0; s < n; s++) count[lengths[s]]++;
  const offsets = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++) offsets[len + 1] = offsets[len] + count[len];
  const symbol = new Uint16Array(n);
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offsets[lengths[s]]++] = s;
  return { count, symbol };
}

const FIXED = (() => {
  const lengths = new Uint8Array(288 + 30);
  lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288).fill(5, 288);
  return { lit: huffman(lengths, 288), dist: huffman(lengths.subarray(288), 30) };
})();

class Bits {
  at = 0;
  private buffer = 0;
  private count = 0;
  constructor(private readonly data: Uint8Array) {}

  need(n: number): number {
    let v = this.buffer;
    while (this.count < n) {
      if (this.at >= this.data.length) throw new Damaged();
      v |= this.data[this.at++] << this.count;
      this.count += 8;
    }
    this.buffer = v >>> n;
    this.count -= n;
    return v & ((1 << n) - 1);
  }

  /** Drops the bits left in the current byte. */
  align(): void {
    this.buffer = 0;
    this.count = 0;
  }

  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.need(1);
      const count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Damaged();
  }
}

/** One block's codes: the bytes they inflate to. */
function countCodes(bits: Bits, lit: Huffman, dist: Huffman): number {
  let out = 0;
  for (;;) {
    const s = bits.decode(lit);
    if (s < 256) out++;
    else if (s === 256) return out;
    else {
      const i = s - 257;
      if (i >= 29) throw new Damaged();
      out += LENGTH_BASE[i] + bits.need(LENGTH_EXTRA[i]);
      const d = bits.decode(dist);
      if (d >= 30) throw new Damaged();
      bits.need(DIST_EXTRA[d]);
    }
  }
}

function dynamicTables(bits: Bits): { lit: Huffman; dist: Huffman } {
  const nlen = bits.need(5) + 257;
  const ndist = bits.need(5) + 1;
  const ncode = bits.need(4) + 4;
  if (nlen > 286 || ndist > 30) throw new Damaged();
  const lengths = new Uint8Array(320);
  for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]] = bits.need(3);
  const lencode = huffman(lengths, 19);
  lengths.fill(0);
  for (let i = 0; i < nlen + ndist;) {
    const s = bits.decode(lencode);
    if (s < 16) {
      lengths[i++] = s;
      continue;
    }
    let value = 0;
    let repeat: number;
    if (s === 16) {
      if (i === 0) throw new Damaged();
      value = lengths[i - 1];
      repeat = 3 + bits.need(2);
    } else repeat = s === 17 ? 3 + bits.need(3) : 11 + bits.need(7);
    if (i + repeat > nlen + ndist) throw new Damaged();
    while (repeat--) lengths[i++] = value;
  }
  return { lit: huffman(lengths, nlen), dist: huffman(lengths.subarray(nlen), ndist) };
}

/** Past a member's 10-byte header and its optional fields; false when these bytes are not a gzip member. */
function skipHeader(data: Uint8Array, bits: Bits): boolean {
  const p = bits.at;
  if (p + 10 > data.length || data[p] !== 0x1f || data[p + 1] !== 0x8b || data[p + 2] !== 8) return false;
  const flags = data[p + 3];
  let at = p + 10;
  if (flags & 4) at += 2 + (data[at] | (data[at + 1] << 8));
  if (flags & 8) while (at < data.length && data[at++] !== 0);
  if (flags & 16) while (at < data.length && data[at++] !== 0);
  if (flags & 2) at += 2;
  bits.at = at;
  return at < data.length;
}

/**
 * The bytes every member of `data` inflates to, or as soon as the count passes `limit`, that count. Null when the
 * data is not a whole, sound gzip stream (the streamed read then says what is wrong).
 */
export function gzipInflatedSize(data: Uint8Array, limit: number): number | null {
  const bits = new Bits(data);
  let total = 0;
  try {
    do {
      if (!skipHeader(data, bits)) return null;
      let last = 0;
      while (!last) {
        last = bits.need(1);
        const type = bits.need(2);
        if (type === 0) {
          bits.align();
          const at = bits.at;
          if (at + 4 > data.length) return null;
          const len = data[at] | (data[at + 1] << 8);
          bits.at = at + 4 + len;
          total += len;
        } else if (type === 1) total += countCodes(bits, FIXED.lit, FIXED.dist);
        else if (type === 2) {
          const { lit, dist } = dynamicTables(bits);
          total += countCodes(bits, lit, dist);
        } else return null;
        if (total > limit) return total;
      }
      bits.align();
      bits.at += 8; // CRC-32 and size
    } while (bits.at < data.length);
  } catch (e) {
    if (e instanceof Damaged) return null;
    throw e;
  }
  return bits.at === data.length ? total : null;
}
