import { readFileSync } from 'node:fs';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../core/data/schema';
import { loadTable } from './intake';

/** Parquet through the worker's reader: sniffed by its bytes, from a Blob, gzipped, or alone in a zip. */

const bytes = (name: string) => new Uint8Array(readFileSync(new URL(`../core/data/fixtures/parquet/${name}`, import.meta.url)));

async function load(data: Uint8Array, name: string) {
  const t = await loadTable(new Blob([data]), name);
  const f = buildFeatures(t.source, t.summary.columns, t.summary.proposedLabel);
  return { s: t.summary, f };
}

describe('loadTable on Parquet', () => {
  it('reads a .parquet file to the same summary and features as its CSV', async () => {
    const pq = await load(bytes('table.parquet'), 'table.parquet');
    const csv = await load(bytes('table.csv'), 'table.csv');
    expect(pq.s).toEqual({ ...csv.s, fileName: 'table.parquet' });
    expect(pq.s.rows).toBe(60);
    expect(pq.s.header[pq.s.proposedLabel ?? -1]).toBe('label');
    expect(pq.f.X).toEqual(csv.f.X);
    expect(pq.f.y).toEqual(csv.f.y);
  });

  it('goes by the bytes: a Parquet file named .csv is read as Parquet', async () => {
    const { s } = await load(bytes('table.parquet'), 'export.csv');
    expect(s.rows).toBe(60);
    expect(s.columns[6]).toMatchObject({ name: 'day', kind: 'date' });
  });

  it('reads .parquet.gz and a .zip holding one .parquet, and says so', async () => {
    const plain = await load(bytes('table.parquet'), 'table.parquet');
    const gz = await load(gzipSync(bytes('table.parquet')), 'table.parquet.gz');
    expect(gz.s.warnings).toEqual(['Decompressed table.parquet.gz (gzip).']);
    expect(gz.f.X).toEqual(plain.f.X);
    const zip = await load(zipSync({ 'data/table.parquet': bytes('table.parquet') }), 'table.zip');
    expect(zip.s.warnings).toEqual(['Read table.parquet from table.zip.']);
    expect(zip.f.X).toEqual(plain.f.X);
  });

  it('passes the note on nested columns to the column panel', async () => {
    const { summary: s } = await loadTable(new Blob([bytes('nested.parquet')]), 'nested.parquet');
    expect(s.header).toEqual(['id', 'value']);
    expect(s.warnings[0]).toMatch(/^Left out nested column\(s\) 'tags'/);
  });

  it('rejects a cut-off file with its message', async () => {
    const cut = bytes('table.parquet').slice(0, 3000);
    await expect(loadTable(new Blob([cut]), 'cut.parquet')).rejects.toThrow(/cut\.parquet is not a complete Parquet file/);
    await expect(loadTable(new Blob([gzipSync(cut)]), 'cut.parquet.gz')).rejects.toThrow(/not a complete Parquet file/);
  });
});
