/**
 * The hostile and careless files of issue 27 that concern reading, made at test time (none is committed): bombs
 * are built from one deflate block repeated (each block ends with a full flush, so the same bytes inflate to the
 * same text again), so a file that inflates to 3.5 GB is a few MB on disk and takes seconds to make. Used by
 * e2e/hostile.spec.ts and `npm run bench:hostile`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parquetMetadata, type FileMetaData } from 'hyparquet';
import { ByteWriter, parquetWriteBuffer } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';

export interface HostileCase {
  file: string;
  /** What the page must answer: a table, or a sentence matching this. */
  expect: 'table' | RegExp;
  what: string;
}

const MB = 2 ** 20;

/** Text repeated by deflate: `chunk` inflated `times` times after `head`, with its CRC-32 and size. */
export interface Deflated {
  data: Buffer;
  crc: number;
  size: number;
}

export function repeatedDeflate(head: string, chunk: Buffer, times: number): Deflated {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const headBlock = zlib.deflateRawSync(Buffer.from(head), flush);
  const block = zlib.deflateRawSync(chunk, flush);
  let crc = zlib.crc32(head);
  for (let i = 0; i < times; i++) crc = zlib.crc32(chunk, crc);
  const data = Buffer.concat([headBlock, ...Array.from({ length: times }, () => block), zlib.deflateRawSync(Buffer.alloc(0))]);
  return { data, crc: crc >>> 0, size: Buffer.byteLength(head) + chunk.length * times };
}

export function gzipOf(d: Deflated): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(d.crc, 0);
  trailer.writeUInt32LE(d.size % 2 ** 32, 4);
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), d.data, trailer]);
}

export interface Member {
  name: string;
  d: Deflated;
  /** Write this size in the directory instead of the true one (a lying archive). */
  declared?: number;
}

export const deflated = (text: string | Buffer): Deflated => {
  const raw = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { data: zlib.deflateRawSync(raw), crc: zlib.crc32(raw) >>> 0, size: raw.length };
};

/** A zip archive; zip64 records (sizes in the extra field, the zip64 end records) when a size needs them. */
export function zipOf(members: Member[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let zip64 = false;
  for (const m of members) {
    const size = m.declared ?? m.d.size;
    const big = size >= 2 ** 32 - 1 || m.d.data.length >= 2 ** 32 - 1;
    zip64 ||= big;
    const name = Buffer.from(m.name);
    const extra = Buffer.alloc(big ? 20 : 0);
    if (big) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(m.d.data.length), 12);
    }
    const fields = (h: Buffer, at: number) => {
      h.writeUInt16LE(big ? 45 : 20, at);
      h.writeUInt16LE(0, at + 2); // flags
      h.writeUInt16LE(8, at + 4); // deflate
      h.writeUInt32LE(0x00210000, at + 6); // 1980-01-01 00:00
      h.writeUInt32LE(m.d.crc, at + 10);
      h.writeUInt32LE(big ? 0xffffffff : m.d.data.length, at + 14);
      h.writeUInt32LE(big ? 0xffffffff : size, at + 18);
      h.writeUInt16LE(name.length, at + 22);
      h.writeUInt16LE(extra.length, at + 24);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(big ? 45 : 20, 4);
    fields(dir, 6);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name, extra);
    parts.push(local, name, extra, m.d.data);
    offset += 30 + name.length + extra.length + m.d.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const tail: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(members.length), 24);
    rec.writeBigUInt64LE(BigInt(members.length), 32);
    rec.writeBigUInt64LE(BigInt(dirBytes.length), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + dirBytes.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(rec, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : members.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : members.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...parts, dirBytes, ...tail, end]);
}

/** A one-sheet workbook around `sheetData` (rows XML), with optional shared strings. */
export function workbook(sheet: Deflated, sharedStrings?: Deflated): Buffer {
  const members: Member[] = [
    { name: '[Content_Types].xml', d: deflated('<Types/>') },
    { name: 'xl/workbook.xml', d: deflated('<workbook><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    {
      name: 'xl/_rels/workbook.xml.rels',
      d: deflated('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    },
    { name: 'xl/worksheets/sheet1.xml', d: sheet },
  ];
  if (sharedStrings) members.push({ name: 'xl/sharedStrings.xml', d: sharedStrings });
  return zipOf(members);
}

export const sheetXml = (rows: string) => `<worksheet><sheetData>${rows}</sheetData></worksheet>`;
export const HEAD_ROWS =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c></row>' +
  Array.from(
    { length: 20 },
    (_, i) =>
      `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c><c r="B${i + 2}"><v>${(i * 7) % 11}</v></c><c r="C${i + 2}"><v>${(i * 3) % 5}</v></c></row>`,
  ).join('');

const rowsOf = (line: string, n: number) => Buffer.from(line.repeat(n));

/**
 * A small Parquet table (3 row groups of 20 rows) whose footer is edited and written again: what a damaged or
 * hostile file declares, with real column chunks before it.
 */
export function parquetDeclaring(edit: (m: FileMetaData) => void): Buffer {
  const n = 60;
  const bytes = new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'a', data: Float64Array.from({ length: n }, (_, i) => i), type: 'DOUBLE' },
        { name: 'b', data: Float64Array.from({ length: n }, (_, i) => (i * 7) % 13), type: 'DOUBLE' },
      ],
      rowGroupSize: 20,
    }),
  );
  const footerLength = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
  const metadata = parquetMetadata(bytes.slice().buffer);
  edit(metadata);
  const w = new ByteWriter();
  // hyparquet-writer carries its own copy of hyparquet's types (the same shape, another file).
  writeMetadata(w, metadata as Parameters<typeof writeMetadata>[1]);
  const footer = Buffer.from(w.getBuffer());
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer.length);
  return Buffer.concat([bytes.subarray(0, bytes.length - 8 - footerLength), footer, length, Buffer.from('PAR1')]);
}

/** `members` gzip members of `each` bytes of CSV rows each (about 1 kB compressed): no member is big, all are. */
export function manyMembers(head: string, each: number, members: number): Buffer {
  const member = zlib.gzipSync(rowsOf('1,2,3,4\n', each / 8), { level: 9 });
  return Buffer.concat([zlib.gzipSync(head), ...Array.from({ length: members }, () => member)]);
}

/** Every case, written to `dir` (kept between runs: the big ones take seconds to make). */
export function makeHostile(dir: string): (HostileCase & { path: string })[] {
  mkdirSync(dir, { recursive: true });
  const csvRows = rowsOf('1,2,3,4\n', MB / 8);
  const makers: [HostileCase, () => Buffer][] = [
    [
      { file: 'bomb-3gb.csv.gz', what: '.gz inflating to 3 GB of CSV', expect: /bomb-3gb\.csv\.gz inflates past 512 MB/ },
      () => gzipOf(repeatedDeflate('a,b,c,d\n', csvRows, 3 * 1024)),
    ],
    [
      {
        file: 'zip64-3.5gb.zip',
        what: 'zip64 .zip, one member inflating to 3.5 GB',
        expect: /big\.csv in zip64-3\.5gb\.zip inflates past 512 MB/,
      },
      () => zipOf([{ name: 'big.csv', d: repeatedDeflate('a,b,c,d\n', csvRows, 3.5 * 1024) }]),
    ],
    [
      { file: 'member-2gb.zip', what: '.zip of a 2 GB member', expect: /big\.csv in member-2gb\.zip inflates past 512 MB/ },
      () => zipOf([{ name: 'big.csv', d: repeatedDeflate('a,b,c,d\n', csvRows, 2 * 1024) }]),
    ],
    [
      {
        file: 'lying.zip',
        what: '.zip whose member inflates past its declared size',
        expect: /lying\.zip is a damaged zip archive \(big\.csv inflates past the 1,000 bytes/,
      },
      () => zipOf([{ name: 'big.csv', d: repeatedDeflate('a,b,c,d\n', csvRows, 64), declared: 1000 }]),
    ],
    [
      { file: 'bomb.zip.gz', what: '.zip.gz bomb', expect: /big\.csv in bomb\.zip inflates past 512 MB/ },
      () => zlib.gzipSync(zipOf([{ name: 'big.csv', d: repeatedDeflate('a,b,c,d\n', csvRows, 2 * 1024) }])),
    ],
    [
      { file: 'xfd1048576.xlsx', what: '.xlsx whose last cell is XFD1048576', expect: 'table' },
      () => workbook(deflated(sheetXml(`${HEAD_ROWS}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`))),
    ],
    [
      { file: 'xfd2.xlsx', what: '.xlsx with a cell at XFD2', expect: 'table' },
      () => workbook(deflated(sheetXml(HEAD_ROWS.replace('</c></row><row r="3">', '</c><c r="XFD2"><v>9</v></c></row><row r="3">')))),
    ],
    [
      { file: 'sheet-bomb.xlsx', what: '.xlsx whose sheet inflates to 3 GB of XML', expect: /sheet-bomb\.xlsx inflates past 256 MB/ },
      () =>
        workbook(
          repeatedDeflate(
            `<worksheet><sheetData>${HEAD_ROWS}`,
            rowsOf('<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>', MB / 64),
            3 * 1024,
          ),
        ),
    ],
    [
      {
        file: 'unclosed-si.xlsx',
        what: '.xlsx with unclosed <si> (20k strings)',
        expect: /xl\/sharedStrings\.xml: a <si> element is never closed/,
      },
      () => workbook(deflated(sheetXml(HEAD_ROWS)), deflated(`<sst>${'<si><t>x</t>'.repeat(20_000)}</sst>`)),
    ],
    [
      {
        file: 'unclosed-row.xlsx',
        what: '.xlsx with unclosed <row> (20k rows)',
        expect: /xl\/worksheets\/sheet1\.xml: a <row> element is never closed/,
      },
      () =>
        workbook(
          deflated(sheetXml(`${HEAD_ROWS}${Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 30}"><c><v>1</v></c>`).join('')}`)),
        ),
    ],
    [
      {
        file: 'cell-10mb.xlsx',
        what: '.xlsx with one 10 MB cell',
        expect: /holds 10,485,760 characters; IMLab reads cells of up to 1,000,000/,
      },
      () =>
        workbook(deflated(sheetXml(`${HEAD_ROWS}<row r="30"><c r="A30" t="inlineStr"><is><t>${'x'.repeat(10 * MB)}</t></is></c></row>`))),
    ],
    [
      { file: 'fields-25m.csv', what: '50 MB CSV, one line of 25 million fields', expect: /more than 10,000 columns/ },
      () => Buffer.from('1,'.repeat(25_000_000)),
    ],
    [
      { file: 'cols-500k.csv', what: 'CSV, 500,000-column header and 12 rows', expect: /more than 10,000 columns/ },
      () => {
        const header = Array.from({ length: 500_000 }, (_, i) => `c${i}`).join(',');
        const row = '1,'.repeat(499_999) + '1';
        return Buffer.from(`${header}\n${`${row}\n`.repeat(12)}`);
      },
    ],
    [
      { file: 'cols-50k.csv', what: 'CSV, 50,000 columns x 12 rows', expect: /more than 10,000 columns/ },
      () => {
        const header = Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(',');
        const row = Array.from({ length: 50_000 }, (_, i) => i % 10).join(',');
        return Buffer.from(`${header}\n${`${row}\n`.repeat(12)}`);
      },
    ],
    [
      { file: 'line-2.5m.csv', what: '5 MB CSV of one 2.5-million-field line', expect: /more than 10,000 columns/ },
      () => Buffer.from('1,'.repeat(2_500_000)),
    ],
    [
      {
        file: 'members-600.csv.gz',
        what: '.gz of 600 small members (about 1.5 kB each, 1 MB inflated)',
        expect: /members-600\.csv\.gz inflates past 512 MB; IMLab reads up to 512 MB of text from a \.gz/,
      },
      () => manyMembers('a,b,c,d\n', MB, 600),
    ],
    [
      {
        file: 'rows-1e15.parquet',
        what: 'Parquet footer declaring 10^15 rows',
        expect: /rows-1e15\.parquet declares 1,000,000,000,000,000 rows, more than IMLab reads \(10,000,000\); it may be damaged/,
      },
      () => parquetDeclaring((m) => (m.num_rows = 10n ** 15n)),
    ],
    [
      {
        file: 'groups-1e5.parquet',
        what: 'Parquet footer declaring 10^5 row groups',
        expect: /groups-1e5\.parquet declares 100,000 row groups, more than IMLab reads \(10,000\); it may be damaged/,
      },
      () =>
        parquetDeclaring(
          (m) => (m.row_groups = Array.from({ length: 100_000 }, () => ({ columns: [], num_rows: 0n, total_byte_size: 0n }))),
        ),
    ],
    [
      { file: 'two-members.csv.gz', what: 'multi-member .gz (cat a.gz b.gz)', expect: 'table' },
      () => {
        const rows = (from: number) => Array.from({ length: 30 }, (_, i) => `${from + i},${(i * 7) % 13},${(i * 5) % 11}\n`).join('');
        return Buffer.concat([zlib.gzipSync(`a,b,c\n${rows(0)}`), zlib.gzipSync(rows(30))]);
      },
    ],
  ];
  return makers.map(([c, make]) => {
    const file = path.join(dir, c.file);
    if (!existsSync(file)) writeFileSync(file, make());
    return { ...c, path: file };
  });
}
