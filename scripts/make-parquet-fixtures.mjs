// Writes the small Parquet fixtures of src/core/data/parquet.test.ts (and the same table as CSV), with
// hyparquet-writer, so the tests never depend on a file nobody can regenerate:
//
//   node scripts/make-parquet-fixtures.mjs
//
// table.parquet / table.csv: 60 rows of every flat type the reader maps (doubles, floats, int32, int64,
// booleans, dictionary-encoded text, dates, timestamps, a 0/1 label), with nulls, Snappy-compressed.
// table-gzip.parquet, table-brotli.parquet: the same table with other codecs. nested.parquet: an id, a
// feature and a list column; nested-only.parquet: a list and a struct and nothing else. lzo.parquet: a
// file that says its pages are LZO (a codec the browser reader lacks). bigint.parquet: an INT64 beyond 2^53.
// stalls.parquet: table.parquet with one damaged byte that sends the decoder into a (near) endless loop.
import { mkdirSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ByteWriter, parquetWrite, parquetWriteBuffer } from 'hyparquet-writer';

const out = new URL('../src/core/data/fixtures/parquet/', import.meta.url);
mkdirSync(out, { recursive: true });
const write = (name, buffer) => writeFileSync(new URL(name, out), new Uint8Array(buffer));

// A small seeded generator, so the fixtures are the same on every run.
let state = 12345;
const uniform = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 4294967296;
};

const N = 60;
const DAY = 86_400_000;
const rows = Array.from({ length: N }, (_, i) => {
  const outlier = i % 12 === 7;
  const spread = outlier ? 6 : 1;
  return {
    x: Number(((uniform() - 0.5) * 4 * spread).toFixed(4)),
    f: Math.fround((uniform() - 0.5) * spread), // a float32: the reader must show it as its short decimal
    n: Math.floor(uniform() * 50) + (outlier ? 100 : 0),
    big: BigInt(1_000_000_007 * (i % 9)) * 1000n,
    flag: i % 5 === 0 ? null : uniform() < 0.5,
    city: i % 13 === 0 ? null : ['Lyon', 'Genève', 'Zürich'][Math.floor(uniform() * 3)],
    day: new Date(Date.UTC(2024, 0, 1) + Math.floor(uniform() * 365) * DAY),
    ts: i % 11 === 3 ? null : new Date(Date.UTC(2024, 5, 1, 8) + Math.floor(uniform() * 86_400) * 1000),
    score: i % 7 === 2 ? null : Number((uniform() * 10).toFixed(2)),
    label: outlier ? 1 : 0,
  };
});

const col = (name) => rows.map((r) => r[name]);
// The schema below types every column (hyparquet-writer takes the types from one or the other).
const columnData = [
  { name: 'x', data: Float64Array.from(col('x')) },
  { name: 'f', data: Float32Array.from(col('f')) },
  { name: 'n', data: Int32Array.from(col('n')) },
  { name: 'big', data: BigInt64Array.from(col('big')) },
  { name: 'flag', data: col('flag') },
  { name: 'city', data: col('city') },
  { name: 'day', data: col('day') },
  { name: 'ts', data: col('ts') },
  { name: 'score', data: col('score') },
  { name: 'label', data: Int32Array.from(col('label')) },
];
const schema = [
  { name: 'root', num_children: columnData.length },
  { name: 'x', type: 'DOUBLE', repetition_type: 'REQUIRED' },
  { name: 'f', type: 'FLOAT', repetition_type: 'REQUIRED' },
  { name: 'n', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'big', type: 'INT64', repetition_type: 'REQUIRED' },
  { name: 'flag', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
  { name: 'city', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'REQUIRED' },
  { name: 'ts', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' },
  { name: 'score', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  { name: 'label', type: 'INT32', repetition_type: 'REQUIRED' },
];

function buffer(options) {
  const writer = new ByteWriter();
  parquetWrite({ writer, columnData, schema, rowGroupSize: 25, ...options }); // 3 row groups
  return writer.getBuffer();
}

const table = new Uint8Array(buffer({}));
write('table.parquet', table);
// One byte changed in a data page of 'city' (its RLE run header): hyparquet's decoder then loops for
// minutes. The app decodes in a watched worker and stops it (src/worker/parquetIntake.ts); e2e/parquet.spec.ts.
const stalls = table.slice();
stalls[1920] = 199;
write('stalls.parquet', stalls);
write('table-gzip.parquet', buffer({ codec: 'GZIP', compressors: { GZIP: (b) => gzipSync(b) } }));
write('table-brotli.parquet', buffer({ codec: 'BROTLI', compressors: { BROTLI: (b) => brotliCompressSync(b) } }));
// Not real LZO: the pages are stored as they are, but the footer names LZO, which is what the reader checks.
write('lzo.parquet', buffer({ codec: 'LZO', compressors: { LZO: (b) => b } }));

// The same table as a CSV would hold it: what the Parquet reader must read like.
const iso = (d) => (d === null ? '' : d.toISOString().replace('.000Z', 'Z'));
const csvRows = rows.map((r) =>
  [
    r.x,
    shortestFloat32(r.f),
    r.n,
    r.big,
    r.flag === null ? '' : r.flag,
    r.city ?? '',
    r.day.toISOString().slice(0, 10),
    iso(r.ts),
    r.score ?? '',
    r.label,
  ].join(','),
);
writeFileSync(new URL('table.csv', out), `${columnData.map((c) => c.name).join(',')}\n${csvRows.join('\n')}\n`);

function shortestFloat32(v) {
  for (let p = 1; p <= 9; p++) if (Math.fround(Number(v.toPrecision(p))) === v) return Number(v.toPrecision(p));
  return v;
}

// A list column beside flat ones, and a file of nested columns only.
const ids = Array.from({ length: 30 }, (_, i) => i);
const listSchema = (name) => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'INT32', repetition_type: 'OPTIONAL' },
];
write(
  'nested.parquet',
  parquetWriteBuffer({
    columnData: [
      { name: 'id', data: Int32Array.from(ids) },
      { name: 'value', data: Float64Array.from(ids, (i) => Math.sin(i)) },
      { name: 'tags', data: ids.map((i) => [i, i + 1]) },
    ],
    schema: [
      { name: 'root', num_children: 3 },
      { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'value', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      ...listSchema('tags'),
    ],
  }),
);
write(
  'nested-only.parquet',
  parquetWriteBuffer({
    columnData: [
      { name: 'tags', data: ids.map((i) => [i]) },
      { name: 'point', data: ids.map((i) => ({ a: i, b: -i })) },
    ],
    schema: [
      { name: 'root', num_children: 2 },
      ...listSchema('tags'),
      { name: 'point', repetition_type: 'OPTIONAL', num_children: 2 },
      { name: 'a', type: 'INT32', repetition_type: 'OPTIONAL' },
      { name: 'b', type: 'INT32', repetition_type: 'OPTIONAL' },
    ],
  }),
);

// Integers an IEEE double cannot hold exactly: the reader keeps them as text (they are keys, not amounts).
write(
  'bigint.parquet',
  parquetWriteBuffer({
    columnData: [
      { name: 'key', data: BigInt64Array.from(ids, (i) => 9_007_199_254_740_993n + BigInt(i) * 2n), type: 'INT64' },
      { name: 'value', data: Float64Array.from(ids, (i) => Math.cos(i)), type: 'DOUBLE' },
    ],
  }),
);
console.log(`wrote Parquet fixtures to ${out.pathname}`);
