import { readFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { decodeText, parseDelimited } from './csv';
import { IntakeError } from './errors';
import { isParquet } from './container';
import { decodeParquet, inMemory, parquetTable, parquetTransfer, readParquet, shortestFloat32 } from './parquet';
import { buildFeatures, inferSchema, tableFromParsed, type TableSource } from './schema';

/** Fixtures from scripts/make-parquet-fixtures.mjs (hyparquet-writer), and table.csv: the same table as CSV. */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/parquet/${name}`, import.meta.url)));
const read = (name: string, bytes = fixture(name)) => readParquet(inMemory(bytes), name);

function rows(src: TableSource, n = src.rowCount): (string | number)[][] {
  return Array.from({ length: n }, (_, r) => src.header.map((_, c) => src.cell(r, c)));
}

async function intakeError(p: Promise<unknown>): Promise<IntakeError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IntakeError);
  return e as IntakeError;
}

const csv = () => tableFromParsed(parseDelimited(decodeText(fixture('table.csv'))));

describe('readParquet: the flat types', () => {
  it('sniffs the magic, not the name', () => {
    expect(isParquet(fixture('table.parquet'))).toBe(true);
    expect(isParquet(fixture('table.csv'))).toBe(false);
    expect(isParquet(new Uint8Array([0x50, 0x41]))).toBe(false);
  });

  it('reads every cell as the CSV of the same table has it: numbers, nulls as empty cells, booleans, ISO dates', async () => {
    const { source, warnings } = await read('table.parquet');
    expect(warnings).toEqual([]);
    expect(source.header).toEqual(['x', 'f', 'n', 'big', 'flag', 'city', 'day', 'ts', 'score', 'label']);
    expect(source.rowCount).toBe(60);
    expect(source.columnKinds).toEqual(['number', 'number', 'number', 'number', 'text', 'text', 'date', 'date', 'number', 'number']);
    // Row 0: flag and city are null; row 2: score is null; row 3: ts is null.
    expect(rows(source, 4)).toEqual([
      [1.3103, 0.15240715, 41, 0, '', '', '2024-01-20', '2024-06-02T02:11:56Z', 2.45, 0],
      [1.2049, 0.18497738, 6, 1000000007000, 'false', 'Genève', '2024-08-02', '2024-06-01T11:34:25Z', 3.22, 0],
      [-0.4207, -0.006094357, 45, 2000000014000, 'false', 'Lyon', '2024-10-23', '2024-06-01T22:59:59Z', '', 0],
      [-0.5922, -0.1418582, 24, 3000000021000, 'false', 'Zürich', '2024-11-07', '', 3.7, 0],
    ]);
    // Cell for cell the CSV, once both are text (the CSV's cells are strings).
    expect(rows(source).map((r) => r.map(String))).toEqual(rows(csv()));
  });

  it('gives the same schema and feature matrix as the CSV of the table', async () => {
    const { source } = await read('table.parquet');
    const a = inferSchema(csv());
    const b = inferSchema(source);
    expect(b).toEqual(a);
    expect(b.columns.map((c) => c.kind)).toEqual([
      'numeric',
      'numeric',
      'numeric',
      'numeric',
      'categorical',
      'categorical',
      'date',
      'date',
      'numeric',
      'numeric',
    ]);
    expect(b.columns.map((c) => c.missing)).toEqual([0, 0, 0, 0, 12, 5, 0, 6, 9, 0]);
    expect(b.proposedLabel).toBe(9);
    const fa = buildFeatures(csv(), a.columns, a.proposedLabel);
    const fb = buildFeatures(source, b.columns, b.proposedLabel);
    expect(fb.featureNames).toEqual(fa.featureNames);
    expect(fb.X).toEqual(fa.X);
    expect(fb.y).toEqual(fa.y);
    expect([fb.imputed, fb.missingCells]).toEqual([fa.imputed, fa.missingCells]);
    expect(fb.y?.reduce((s, v) => s + v, 0)).toBe(5);
  });

  it('decodes dictionary-encoded columns (text and int64) and RLE booleans', async () => {
    const bytes = fixture('table.parquet');
    const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const enc = (col: string) => meta.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === col)?.meta_data?.encodings;
    expect(enc('city')).toContain('RLE_DICTIONARY');
    expect(enc('big')).toContain('RLE_DICTIONARY');
    expect(meta.row_groups).toHaveLength(3); // and rows cross row-group boundaries (25 + 25 + 10)
    const { source } = await read('table.parquet');
    const cities = new Set(rows(source).map((r) => r[5]));
    expect([...cities].sort()).toEqual(['', 'Genève', 'Lyon', 'Zürich']);
    expect(rows(source).map((r) => r[3])).toEqual(Array.from({ length: 60 }, (_, i) => 1_000_000_007 * (i % 9) * 1000));
  });

  it('reads the gzip and Brotli codecs to the same cells as Snappy', async () => {
    const snappy = rows((await read('table.parquet')).source);
    expect(rows((await read('table-gzip.parquet')).source)).toEqual(snappy);
    expect(rows((await read('table-brotli.parquet')).source)).toEqual(snappy);
  });

  it('keeps int64 values beyond 2^53 exact, as text', async () => {
    const { source } = await read('bigint.parquet');
    expect(source.cell(0, 0)).toBe('9007199254740993');
    expect(source.cell(29, 0)).toBe('9007199254741051');
    expect(source.cell(1, 1)).toBe(Math.cos(1));
  });

  it('crosses to another worker as transferred buffers and reads the same there', async () => {
    const data = await decodeParquet(inMemory(fixture('table.parquet')), 't');
    const transfer = parquetTransfer(data);
    expect(transfer).toHaveLength(10);
    const posted = structuredClone(data, { transfer });
    expect(transfer.every((b) => b.byteLength === 0)).toBe(true); // moved, not copied
    expect(rows(parquetTable(posted))).toEqual(rows((await read('table.parquet')).source));
  });

  it('reports progress up to (not including) the end', async () => {
    const seen: number[] = [];
    await readParquet(inMemory(fixture('table.parquet')), 't', (f) => seen.push(f));
    expect(seen.length).toBe(30); // 3 row groups x 10 columns
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBeLessThan(1);
  });
});

describe('shortestFloat32', () => {
  it('is the fewest digits that read back to the same float32', () => {
    let s = 99;
    for (let i = 0; i < 2000; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const f = Math.fround((s / 2 ** 32 - 0.5) * 10 ** ((i % 13) - 6));
      const d = shortestFloat32(f);
      expect(Math.fround(d)).toBe(f);
      const digits = d
        .toPrecision(9)
        .replace(/e.*$/, '')
        .replace(/^-?0\.0*|\.|-/g, '')
        .replace(/0+$/, '').length;
      if (digits > 1) expect(Math.fround(Number(f.toPrecision(digits - 1)))).not.toBe(f);
    }
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect([shortestFloat32(0), shortestFloat32(Infinity), shortestFloat32(NaN)]).toEqual([0, Infinity, NaN]);
  });
});

describe('readParquet: what it cannot read', () => {
  it('leaves nested columns out with a note, and reads the rest', async () => {
    const { source, warnings } = await read('nested.parquet');
    expect(source.header).toEqual(['id', 'value']);
    expect(warnings).toEqual([
      "Left out nested column(s) 'tags' (lists, maps or structs; flatten them into one column per value to use them).",
    ]);
    expect(source.cell(2, 1)).toBe(Math.sin(2));
  });

  it('refuses a file of nested columns only', async () => {
    const e = await intakeError(read('nested-only.parquet'));
    expect(e.code).toBe('parquet-nested');
    expect(e.message).toMatch(/nested-only\.parquet has no column IMLab can read: nested column\(s\) 'tags', 'point'/);
  });

  it('names a codec it has no decompressor for', async () => {
    const e = await intakeError(read('lzo.parquet'));
    expect(e.code).toBe('parquet-codec');
    expect(e.message).toContain('compressed with LZO');
  });

  it('says a truncated file was cut off', async () => {
    const bytes = fixture('table.parquet');
    for (const keep of [bytes.length - 1, Math.floor(bytes.length / 2), 100, 8]) {
      const e = await intakeError(read('cut.parquet', bytes.slice(0, keep)));
      expect(e.code).toBe('parquet-bad');
      expect(e.message).toMatch(/cut off/);
    }
  });

  it('says an encrypted footer is encrypted', async () => {
    const bytes = fixture('table.parquet');
    bytes.set([0x50, 0x41, 0x52, 0x45], bytes.length - 4); // 'PARE'
    const e = await intakeError(read('secret.parquet', bytes));
    expect(e.code).toBe('parquet-encrypted');
  });

  it('explains damaged pages or footer instead of throwing a bare error', async () => {
    const good = fixture('table.parquet');
    const footerLen = new DataView(good.buffer, good.byteOffset).getUint32(good.length - 8, true);
    const damaged = [
      // Garbage over the data pages.
      (b: Uint8Array) => b.fill(0xab, 200, 2000),
      (b: Uint8Array) => b.fill(0, 4, 3000),
      // Garbage in the footer, and a footer length beyond the file.
      (b: Uint8Array) => b.fill(0x7f, b.length - 8 - footerLen, b.length - 8 - footerLen / 2),
      (b: Uint8Array) => new DataView(b.buffer).setUint32(b.length - 8, 1 << 30, true),
    ];
    for (const damage of damaged) {
      const bytes = good.slice();
      damage(bytes);
      const e = await intakeError(read('bad.parquet', bytes));
      expect(['parquet-bad', 'parquet-unsupported']).toContain(e.code);
      expect(e.message).toMatch(/^bad\.parquet/);
    }
  });
});
