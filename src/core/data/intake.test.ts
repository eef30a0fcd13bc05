import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDelimitedParser, decodeText, parseDelimited } from './csv';
import { npzToTable, parseNpz } from './npz';
import { buildFeatures, inferSchema, tableFromParsed } from './schema';

/** End-to-end: bytes in, features and labels out, on the real bundled data. */

const read = (rel: string) => new Uint8Array(readFileSync(new URL(rel, import.meta.url)));

describe('cardio.csv (the bundled demo)', () => {
  const text = decodeText(read('../../../public/demo/cardio.csv'));

  it('gives 1831 rows, 21 numeric features, the label proposed and 176 outliers', () => {
    const parsed = parseDelimited(text);
    expect(parsed.delimiter).toBe(',');
    expect(parsed.warnings).toEqual([]);
    const src = tableFromParsed(parsed);
    expect(src.rowCount).toBe(1831);
    const schema = inferSchema(src);
    expect(schema.warnings).toEqual([]);
    expect(schema.proposedLabel).toBe(21);
    expect(schema.columns[21]).toMatchObject({ name: 'label', labelCandidate: true, included: false, distinct: 2 });
    const features = schema.columns.filter((c) => c.included);
    expect(features).toHaveLength(21);
    expect(features.every((c) => c.kind === 'numeric' && c.missing === 0)).toBe(true);

    const f = buildFeatures(src, schema.columns, schema.proposedLabel);
    expect(f.X.rows).toBe(1831);
    expect(f.X.cols).toBe(21);
    expect(f.featureNames).toEqual(Array.from({ length: 21 }, (_, j) => `f${j}`));
    expect(f.imputed).toBe(0);
    expect(f.y?.reduce((s, v) => s + v, 0)).toBe(176);
    // Values are the file's numbers, unscaled (as float32).
    expect(f.X.data[0]).toBe(Math.fround(Number(parsed.rows[0][0])));
    expect(f.X.data[1830 * 21 + 20]).toBe(Math.fround(Number(parsed.rows[1830][20])));
  });

  it('streams to the same table in 4 KB chunks', () => {
    const p = createDelimitedParser();
    for (let i = 0; i < text.length; i += 4096) p.push(text.slice(i, i + 4096));
    expect(p.finish()).toEqual(parseDelimited(text));
  });
});

describe('wbc: CSV and npz give the same features', () => {
  it('matches cell for cell', () => {
    const fromCsv = tableFromParsed(parseDelimited(decodeText(read('./fixtures/wbc.csv'))));
    const fromNpz = npzToTable(parseNpz(read('./fixtures/wbc.npz')).arrays);
    const a = inferSchema(fromCsv);
    const b = inferSchema(fromNpz);
    expect(b.columns.map((c) => [c.name, c.kind, c.included])).toEqual(a.columns.map((c) => [c.name, c.kind, c.included]));
    const fa = buildFeatures(fromCsv, a.columns, a.proposedLabel);
    const fb = buildFeatures(fromNpz, b.columns, b.proposedLabel);
    expect(fa.X.cols).toBe(9);
    expect(fb.X).toEqual(fa.X);
    expect(fb.y).toEqual(fa.y);
    expect(fa.y?.reduce((s, v) => s + v, 0)).toBe(10);
  });
});
