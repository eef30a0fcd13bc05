import { describe, expect, it } from 'vitest';
import { createDelimitedParser } from './csv';
import { decodeBytes, decodeStreamInto, LEGACY_NOTE, sniffEncoding } from './encoding';

const text = 'température;débit\n1;2\n';
const utf16le = (s: string, bom = true) => {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    out[(bom ? 2 : 0) + 2 * i] = s.charCodeAt(i) & 0xff;
    out[(bom ? 2 : 0) + 2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
};
const swap = (b: Uint8Array) => b.map((_, i) => b[i ^ 1]);
const cp1252 = (s: string) => Uint8Array.from([...s].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
const streamOf = (bytes: Uint8Array, chunk = 7) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
      c.close();
    },
  });

describe('decodeBytes: each encoding', () => {
  it('UTF-8 without and with BOM', () => {
    expect(decodeBytes(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8', note: null });
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(decodeBytes(bom).text).toBe(text);
  });

  it('UTF-16 LE and BE with BOM (Excel "Unicode Text")', () => {
    expect(decodeBytes(utf16le(text))).toMatchObject({ text, encoding: 'utf-16le' });
    expect(decodeBytes(utf16le(text)).note).toContain('UTF-16');
    expect(decodeBytes(swap(utf16le(text)))).toMatchObject({ text, encoding: 'utf-16be' });
  });

  it('UTF-16 without BOM, by its zero bytes', () => {
    const long = text.repeat(4);
    expect(decodeBytes(utf16le(long, false))).toMatchObject({ text: long, encoding: 'utf-16le' });
    expect(decodeBytes(swap(utf16le(long, false)))).toMatchObject({ text: long, encoding: 'utf-16be' });
  });

  it('Windows-1252 when the bytes are not UTF-8, with a note', () => {
    const legacy = 'ville;prix\nGenève;5€\n';
    expect(decodeBytes(cp1252(legacy))).toEqual({ text: legacy, encoding: 'windows-1252', note: LEGACY_NOTE });
  });

  it('sniffs plain ASCII as UTF-8', () => {
    expect(sniffEncoding(new TextEncoder().encode('a,b\n1,2\n'))).toEqual({ encoding: 'utf-8', note: null });
  });
});

describe('decodeStreamInto', () => {
  it('streams UTF-16 in odd-sized chunks', async () => {
    const body = `a\tb\n${Array.from({ length: 500 }, (_, i) => `${i}\t${i * 2}`).join('\n')}\n`;
    const { sink, encoding } = await decodeStreamInto(
      () => streamOf(utf16le(body), 333),
      () => createDelimitedParser(),
    );
    expect(encoding).toBe('utf-16le');
    const t = sink.finish();
    expect(t.delimiter).toBe('\t');
    expect(t.rows).toHaveLength(500);
  });

  it('reads a legacy file again, from the start, as Windows-1252 into a fresh table', async () => {
    const body = `ville,n\n${Array.from({ length: 3000 }, (_, i) => `${i === 2500 ? 'Genève' : 'Paris'},${i}`).join('\n')}\n`;
    let sinks = 0;
    const { sink, encoding, note } = await decodeStreamInto(
      () => streamOf(cp1252(body), 1000),
      () => {
        sinks++;
        return createDelimitedParser();
      },
    );
    expect([encoding, note, sinks]).toEqual(['windows-1252', LEGACY_NOTE, 2]);
    const t = sink.finish();
    expect(t.rows).toHaveLength(3000);
    expect(t.rows[2500][0]).toBe('Genève');
  });
});
