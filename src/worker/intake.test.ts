import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gzipInflatesPast } from '../core/data/container';
import * as csv from '../core/data/csv';
import { buildFeatures } from '../core/data/schema';
import { loadTable } from './intake';

/** Every real-world fixture (scripts/make_real_tables.py) through the worker's reader: rows, features, notes. */

const MB = 2 ** 20;

const fixture = (name: string) => new Blob([new Uint8Array(readFileSync(new URL(`../core/data/fixtures/real/${name}`, import.meta.url)))]);

async function load(name: string, sheet?: number) {
  const t = await loadTable(fixture(name), name, undefined, { sheet });
  const s = t.summary;
  const f = buildFeatures(t.source, s.columns, s.proposedLabel);
  return { s, f, notes: s.warnings.join('\n'), kinds: s.columns.map((c) => c.kind) };
}

describe('loadTable on real-world files', () => {
  it("';' with decimal commas", async () => {
    const { s, f, notes } = await load('decimal_comma.csv');
    expect([s.rows, f.X.cols]).toEqual([60, 3]);
    expect(notes).toContain("Column 'temp': Numbers read with a decimal comma");
    expect(s.columns.every((c) => c.numberFormat === 'comma')).toBe(true);
  });

  it('quoted thousands separators', async () => {
    const { s, f, notes, kinds } = await load('thousands.csv');
    expect([s.rows, f.X.cols]).toEqual([60, 3]);
    expect(kinds).toEqual(['numeric', 'numeric', 'numeric']);
    // No value has two groups (1,234,567), so '30,430' could be either reading: the 'ratio' column's
    // decimal point decides, and the note says so.
    expect(notes).toMatch(/Column 'amount': Ambiguous number format: .* read as a thousands separator, like the other columns/);
    expect(f.X.data[3]).toBe(Math.fround(Number(String(s.columns[0].sample[1]).replace(/,/g, ''))));
  });

  it('UTF-16 tab-separated (Excel "Unicode Text")', async () => {
    const { s, f, notes } = await load('unicode_text.txt');
    expect(s.header).toEqual(['température', 'débit', 'code']);
    expect([s.rows, f.X.cols]).toEqual([60, 3]);
    expect(notes).toContain('Read as UTF-16 (little-endian)');
  });

  it('Windows-1252', async () => {
    const { s, notes } = await load('legacy_1252.csv');
    expect(s.header).toEqual(['ville', 'température', 'pression']);
    expect(s.columns[0].sample).toContain('Genève');
    expect(notes).toContain('read as Windows-1252');
  });

  it('.csv.gz, streamed through gunzip, and a .zip of one table', async () => {
    const gz = await load('table.csv.gz');
    expect([gz.s.rows, gz.f.X.cols]).toEqual([60, 3]);
    expect(gz.notes).toContain('Decompressed table.csv.gz (gzip).');
    const zip = await load('table.zip');
    expect([zip.s.rows, zip.f.X.cols]).toEqual([60, 3]);
    expect(zip.notes).toContain('Read table.csv from table.zip.');
    expect(zip.f.X.data).toEqual(gz.f.X.data);
  });

  it('.xlsx: first sheet, or the one asked for', async () => {
    const { s, f, kinds } = await load('workbook.xlsx');
    expect(s.sheets).toEqual(['Measurements', 'Notes']);
    expect(s.sheet).toBe(0);
    expect(kinds).toEqual(['categorical', 'date', 'numeric', 'numeric', 'numeric', 'categorical']);
    expect([s.rows, f.X.cols]).toEqual([60, 4 + 1 + 3 + 2]); // sensor one-hot 4, date 1, 3 numbers, ok 2
    const other = await load('workbook.xlsx', 1);
    expect([other.s.rows, other.s.sheet, other.f.X.cols]).toEqual([12, 1, 2]);
  });

  it('ISO dates, uuid ids and a normal/anomaly label', async () => {
    const { s, f, kinds } = await load('dates_uuid_label.csv');
    expect(kinds).toEqual(['identifier', 'date', 'date', 'numeric', 'numeric', 'categorical']);
    expect(s.proposedLabel).toBe(5);
    expect(s.proposedOutlier).toEqual({ value: 'anomaly', reason: 'the usual outlier value of the pair', count: 5 });
    expect([s.rows, f.X.cols]).toEqual([60, 4]);
    expect(f.y?.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('CRLF with trailing blank lines', async () => {
    const { s, f, notes } = await load('crlf_blank_tail.csv');
    expect([s.rows, f.X.cols, s.proposedLabel]).toEqual([60, 3, 3]);
    expect(notes).toBe('');
  });

  it('refuses a non-zip .npz as before', async () => {
    await expect(loadTable(new Blob(['a,b\n1,2\n']), 'x.npz')).rejects.toThrow(/not a readable \.npz file/);
  });
});

describe('gzip with several members', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** Chrome's DecompressionStream refuses a second member; Node's reads it, so the test stands in Chrome's. */
  class ChromeLikeDecompressionStream extends TransformStream<Uint8Array, Uint8Array> {
    constructor() {
      super({
        transform() {
          throw new TypeError('Junk found after end of compressed data.');
        },
      });
    }
  }

  it('reads `cat a.gz b.gz` as the two CSV texts in order, as gunzip does', async () => {
    vi.stubGlobal('DecompressionStream', ChromeLikeDecompressionStream);
    const a = 'x,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${i * 2}`).join('\n') + '\n';
    const b = Array.from({ length: 30 }, (_, i) => `${i + 30},${(i + 30) * 2}`).join('\n') + '\n';
    const gz = new Blob([new Uint8Array(gzipSync(a)), new Uint8Array(gzipSync(b))]);
    const t = await loadTable(gz, 'two.csv.gz');
    expect(t.summary.rows).toBe(60);
    expect(t.summary.header).toEqual(['x', 'y']);
    expect([t.source.cell(0, 0), t.source.cell(29, 1), t.source.cell(30, 0), t.source.cell(59, 1)].map(Number)).toEqual([0, 58, 30, 118]);
  });

  it('refuses a bomb of 600 small members (1 MB each inflated) by the total budget, before parsing a row', async () => {
    const member = gzipSync('1,2,3,4\n'.repeat(MB / 8));
    const bomb = new Blob([new Uint8Array(gzipSync('a,b,c,d\n')), ...Array.from({ length: 600 }, () => new Uint8Array(member))]);
    expect(bomb.size).toBeLessThan(MB); // each member is ~1 kB: no per-member check could see it
    const parse = vi.spyOn(csv, 'createDelimitedParser');
    await expect(loadTable(bomb, 'many.csv.gz')).rejects.toThrow(
      /^many\.csv\.gz inflates past 512 MB; IMLab reads up to 512 MB of text from a \.gz\. Open a sample/,
    );
    expect(parse).not.toHaveBeenCalled();
  });

  it('counts every member of a .gz, and stops at the limit', async () => {
    const member = new Uint8Array(gzipSync('x'.repeat(1000)));
    const gz = () => new Blob(Array.from({ length: 50 }, () => member)).stream();
    expect(await gzipInflatesPast(gz(), 49_999)).toBe(true);
    expect(await gzipInflatesPast(gz(), 50_000)).toBe(false);
    expect(await gzipInflatesPast(new Blob([member.subarray(0, 10), member]).stream(), 10)).toBe(false); // damaged: left to the read
  });

  it('refuses a truncated last member instead of reading it short', async () => {
    const whole = new Uint8Array(gzipSync('x,y\n' + '1,2\n'.repeat(500)));
    const cut = new Blob([new Uint8Array(gzipSync('x,y\n1,2\n')), whole.subarray(0, whole.length - 12)]);
    await expect(loadTable(cut, 'cut.csv.gz')).rejects.toThrow(/could not be decompressed/);
  });
});
