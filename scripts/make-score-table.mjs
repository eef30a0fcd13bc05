// Writes a synthetic table for the scorer CLI: `node scripts/make-score-table.mjs ROWS OUT.csv|OUT.parquet [SEED]`.
// Columns: id, amount, duration, items (numeric; amount has gaps), city (14 categories), channel (4); about 1% of
// rows are outliers (large amounts, odd durations). Streams CSV, so 5 million rows need no memory; Parquet is built
// in memory (hyparquet-writer), for small test files.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const [rowsArg, out, seedArg] = process.argv.slice(2);
if (!rowsArg || !out) {
  console.error('usage: node scripts/make-score-table.mjs ROWS OUT.csv|OUT.parquet [SEED]');
  process.exit(2);
}
const rows = Number(rowsArg);
let s = Number(seedArg ?? 1) >>> 0;
const next = () => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return s / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
const CITIES = ['Lyon', 'Paris', 'Nice', 'Lille', 'Nantes', 'Brest', 'Metz', 'Rouen', 'Dijon', 'Tours', 'Reims', 'Caen', 'Pau', 'Albi'];
const CHANNELS = ['web', 'shop', 'phone', 'partner'];

function row(i) {
  const outlier = next() < 0.01;
  const amount = next() < 0.02 ? '' : (outlier ? 400 + 200 * next() : 60 + 15 * normal()).toFixed(2);
  const duration = (outlier ? 2 + 40 * next() : 12 + 3 * normal()).toFixed(3);
  const items = String(Math.max(1, Math.round(outlier ? 30 * next() : 3 + normal())));
  const city = CITIES[Math.floor(next() ** 2 * CITIES.length)];
  const channel = CHANNELS[Math.floor(next() * (outlier ? 4 : 3))];
  return [String(i), amount, duration, items, city, channel];
}
const HEADER = ['id', 'amount', 'duration', 'items', 'city', 'channel'];

if (out.endsWith('.parquet')) {
  const { parquetWriteFile } = await import('hyparquet-writer');
  const cols = HEADER.map(() => []);
  for (let i = 0; i < rows; i++) row(i).forEach((v, c) => cols[c].push(v));
  const num = (v) => (v === '' ? null : Number(v));
  parquetWriteFile({
    filename: out,
    columnData: [
      { name: 'id', data: cols[0].map(Number), type: 'INT32' },
      { name: 'amount', data: cols[1].map(num), type: 'DOUBLE' },
      { name: 'duration', data: cols[2].map(Number), type: 'DOUBLE' },
      { name: 'items', data: cols[3].map(Number), type: 'INT32' },
      { name: 'city', data: cols[4], type: 'STRING' },
      { name: 'channel', data: cols[5], type: 'STRING' },
    ],
    rowGroupSize: 10_000,
  });
} else {
  const w = createWriteStream(out);
  w.write(HEADER.join(',') + '\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    buf += row(i).join(',') + '\n';
    if (buf.length > 1 << 20) {
      if (!w.write(buf)) await once(w, 'drain');
      buf = '';
    }
  }
  w.end(buf);
  await once(w, 'finish');
}
console.log(`wrote ${rows} rows to ${out}`);
