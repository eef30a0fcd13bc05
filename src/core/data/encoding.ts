/**
 * Text encodings of the tables analysts have: UTF-8 (with or without BOM), UTF-16 LE/BE (Excel's
 * "Unicode Text"), and legacy single-byte files, read as Windows-1252 with a note.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface SniffedEncoding {
  encoding: TextEncoding;
  /** Said to the analyst when the file is not plain UTF-8. */
  note: string | null;
}

/** Decides from the first bytes (a BOM, or the zero bytes of UTF-16 text without one). */
export function sniffEncoding(head: Uint8Array): SniffedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', note: null };
  if (head[0] === 0xff && head[1] === 0xfe)
    return { encoding: 'utf-16le', note: 'Read as UTF-16 (little-endian), e.g. Excel\u2019s \u201cUnicode Text\u201d.' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', note: 'Read as UTF-16 (big-endian).' };
  // ASCII text in UTF-16 has a zero in every other byte; real UTF-8 text has none.
  const n = Math.min(head.length, 4096) & ~1;
  if (n >= 8) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZero++;
      if (head[i + 1] === 0) oddZero++;
    }
    const pairs = n / 2;
    if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05)
      return { encoding: 'utf-16le', note: 'Read as UTF-16 (little-endian, no byte-order mark).' };
    if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05)
      return { encoding: 'utf-16be', note: 'Read as UTF-16 (big-endian, no byte-order mark).' };
  }
  return { encoding: 'utf-8', note: null };
}

export const LEGACY_NOTE =
  'The file is not valid UTF-8; it was read as Windows-1252 (Western European). If accented letters look wrong, save it as UTF-8.';

/** Windows-1252's 0x80-0x9F (the rest is Latin-1); 0 = unassigned, kept as the C1 control. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** Single-byte, so every chunk decodes on its own. Written out because not every runtime's TextDecoder maps 0x80-0x9F. */
class Windows1252Decoder {
  decode(bytes?: Uint8Array): string {
    if (!bytes) return '';
    let out = '';
    const units = new Uint16Array(Math.min(bytes.length, 8192));
    for (let start = 0; start < bytes.length; start += units.length) {
      const n = Math.min(units.length, bytes.length - start);
      for (let i = 0; i < n; i++) {
        const b = bytes[start + i];
        units[i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b;
      }
      out += String.fromCharCode(...units.subarray(0, n));
    }
    return out;
  }
}

interface Decoder {
  decode(bytes?: Uint8Array, opts?: { stream?: boolean }): string;
}

/** A decoder for the encoding; UTF-8 is strict so that a legacy file is noticed (and read again as Windows-1252). */
export function textDecoder(encoding: TextEncoding): Decoder {
  if (encoding === 'windows-1252') return new Windows1252Decoder();
  return new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
}

/** Whole bytes to text, BOM dropped, with the note for anything but plain UTF-8. */
export function decodeBytes(bytes: Uint8Array): { text: string; encoding: TextEncoding; note: string | null } {
  const sniffed = sniffEncoding(bytes.subarray(0, 4096));
  if (sniffed.encoding === 'utf-8') {
    try {
      return { text: textDecoder('utf-8').decode(bytes), encoding: 'utf-8', note: null };
    } catch {
      return { text: textDecoder('windows-1252').decode(bytes), encoding: 'windows-1252', note: LEGACY_NOTE };
    }
  }
  return { text: textDecoder(sniffed.encoding).decode(bytes), ...sniffed };
}

export interface TextSink {
  push(text: string): void;
}

/**
 * Streams bytes into a fresh sink as text. A file that turns out not to be UTF-8 is read again from the
 * start as Windows-1252 into a new sink (`open` gives a new stream each time), so nothing is decoded twice
 * into the same table.
 */
export async function decodeStreamInto<T extends TextSink>(
  open: () => ReadableStream<Uint8Array>,
  makeSink: () => T,
  onBytes?: (read: number) => void,
): Promise<{ sink: T; encoding: TextEncoding; note: string | null }> {
  let forced: TextEncoding | null = null;
  for (;;) {
    const sink = makeSink();
    const reader = open().getReader();
    let decoder: Decoder | null = null;
    let sniffed: SniffedEncoding = { encoding: 'utf-8', note: null };
    let head: Uint8Array = new Uint8Array(0); // bytes held until there are enough to sniff
    let read = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (!done) {
          read += value.byteLength;
          onBytes?.(read);
        }
        if (!decoder) {
          if (!done) head = concat(head, value);
          if (!done && head.length < 4096) continue;
          sniffed = forced ? { encoding: forced, note: LEGACY_NOTE } : sniffEncoding(head);
          decoder = textDecoder(sniffed.encoding);
          sink.push(decoder.decode(head, { stream: !done }));
          if (done) break;
          continue;
        }
        if (done) {
          sink.push(decoder.decode());
          break;
        }
        sink.push(decoder.decode(value, { stream: true }));
      }
      return { sink, encoding: sniffed.encoding, note: sniffed.note };
    } catch (e) {
      // Only a strict UTF-8 decoder throws a TypeError: read again as Windows-1252.
      if (!(e instanceof TypeError) || forced || sniffed.encoding !== 'utf-8' || !decoder) throw e;
      forced = 'windows-1252';
      await reader.cancel().catch(() => {});
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
