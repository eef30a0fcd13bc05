import { readdirSync, readFileSync } from 'node:fs';
import { parquetMetadata, type FileMetaData } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { describe, expect, it } from 'vitest';
import { IntakeError } from './errors';
import { inMemory, readParquet } from './parquet';
import { checkDeclaredSize, groupDigits, MAX_PARQUET_ROWS, MAX_ROW_GROUPS } from './parquetBounds';

const good = () => new Uint8Array(readFileSync(new URL('./fixtures/parquet/table.parquet', import.meta.url)));
const metadataOf = (b: Uint8Array) => parquetMetadata(b.slice().buffer);

/** The fixture with its footer edited and written again: what a damaged or hostile file declares. */
function tampered(edit: (m: FileMetaData) => void): Uint8Array {
  const bytes = good();
  const footerLen = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
  const metadata = metadataOf(bytes);
  edit(metadata);
  const w = new ByteWriter();
  writeMetadata(w, metadata);
  const footer = new Uint8Array(w.getBuffer());
  const body = bytes.subarray(0, bytes.length - 8 - footerLen);
  const out = new Uint8Array(body.length + footer.length + 8);
  out.set(body);
  out.set(footer, body.length);
  new DataView(out.buffer).setUint32(body.length + footer.length, footer.length, true);
  out.set([0x50, 0x41, 0x52, 0x31], out.length - 4); // 'PAR1'
  return out;
}

async function refusal(bytes: Uint8Array): Promise<IntakeError> {
  const e = await readParquet(inMemory(bytes), 'big.parquet').then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IntakeError);
  expect((e as IntakeError).code).toBe('parquet-bad');
  return e as IntakeError;
}

describe('Parquet footers that declare more than the file can be', () => {
  it('reads the fixture with its footer written again unchanged (the tampering helper is sound)', async () => {
    const { source } = await readParquet(inMemory(tampered(() => {})), 'same.parquet');
    expect(source.rowCount).toBe(60);
  });

  it('refuses 10^15 declared rows with a sentence, before allocating anything', async () => {
    const e = await refusal(
      tampered((m) => {
        m.num_rows = 10n ** 15n;
      }),
    );
    expect(e.message).toBe(
      `big.parquet declares 1,000,000,000,000,000 rows, more than IMLab reads (${groupDigits(MAX_PARQUET_ROWS)}); it may be damaged. Export or download it again, or save the table as CSV.`,
    );
  });

  it('refuses 10^5 row groups', async () => {
    const m = metadataOf(good());
    m.row_groups = Array.from({ length: 100_000 }, () => ({ ...m.row_groups[0], num_rows: 0n }));
    expect(() => checkDeclaredSize(m, good().length, 'many.parquet')).toThrow(
      `many.parquet declares 100,000 row groups, more than IMLab reads (${groupDigits(MAX_ROW_GROUPS)}); it may be damaged.`,
    );
  });

  it('refuses row groups that do not add up to the rows, negative counts, and chunks bigger than the file', async () => {
    let e = await refusal(tampered((m) => (m.row_groups[1].num_rows = 5_000_000n)));
    expect(e.message).toMatch(/declares 60 rows, but its row groups hold 5,000,035; it may be damaged/);
    e = await refusal(tampered((m) => (m.num_rows = -1n)));
    expect(e.message).toMatch(/declares -1 rows; it may be damaged/);
    e = await refusal(
      tampered((m) => {
        const meta = m.row_groups[0].columns[0].meta_data;
        if (meta) meta.total_compressed_size = 10n ** 12n;
      }),
    );
    expect(e.message).toMatch(/declares a column chunk of 1,000,000,000,000 bytes at byte [\d,]+, in a file of [\d,]+ bytes/);
  });

  it('lets every shipped fixture through', () => {
    const dir = new URL('./fixtures/parquet/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.parquet'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(new URL(f, dir)));
      expect(() => checkDeclaredSize(metadataOf(bytes), bytes.length, f)).not.toThrow();
    }
  });
});
