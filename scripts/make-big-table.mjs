// Writes a big synthetic table for the big-table tests and benchmark, so none is stored in the repository.
//
//   node scripts/make-big-table.mjs --rows 600000 --out /tmp/big.csv [--parquet /tmp/big.parquet] [--seed 1]
//   node scripts/make-big-table.mjs --rows 600000 --from ../shared/data/more/cover.npz --out /tmp/cover600k.csv
//
// Synthetic (default): 10 numeric features, inliers from three correlated Gaussian clusters, 1% outliers spread
// uniformly over a wider box, and a 0/1 `label` column. With --from FILE.npz (arrays X, y, float64/float32 and
// integer labels), rows of that set are drawn with replacement and jittered by 2% of each column's spread.
// Deterministic by seed. Streams the CSV (constant memory); --parquet also writes the same table as Parquet.
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((a) => {
      const [k, ...v] = a.trim().split(/\s+/);
      return [k, v.join(' ')];
    }),
);
const rows = Number(args.rows ?? 600_000);
const seed = Number(args.seed ?? 1);
if (!args.out) throw new Error('usage: --rows N --out FILE.csv [--parquet FILE.parquet] [--from FILE.npz] [--seed S]');

// mulberry32: small, seeded, the same on every machine.
let state = seed >>> 0;
function uniform() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function normal() {
  const u = Math.max(uniform(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}

/** Minimal .npy reader for the 2-D float and 1-D integer arrays of an ADBench .npz. */
function readNpy(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = bytes[6] === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = bytes[6] === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  const shape = /'shape':\s*\(([^)]*)\)/
    .exec(header)[1]
    .split(',')
    .filter((s) => s.trim())
    .map(Number);
  const body = bytes.slice(start + headerLen);
  const types = { '<f8': Float64Array, '<f4': Float32Array, '<i8': BigInt64Array, '<i4': Int32Array, '|u1': Uint8Array, '|b1': Uint8Array };
  const T = types[descr];
  if (!T) throw new Error(`unsupported dtype ${descr}`);
  const raw = new T(body.buffer, body.byteOffset, body.byteLength / T.BYTES_PER_ELEMENT);
  return { shape, data: Array.from(raw, Number) };
}

function sourceFrom(path) {
  const files = unzipSync(readFileSync(path));
  const X = readNpy(files['X.npy']);
  const y = readNpy(files['y.npy']);
  const [n, d] = X.shape;
  const lo = new Array(d).fill(Infinity);
  const hi = new Array(d).fill(-Infinity);
  for (let i = 0; i < n * d; i++) {
    const c = i % d;
    lo[c] = Math.min(lo[c], X.data[i]);
    hi[c] = Math.max(hi[c], X.data[i]);
  }
  return {
    d,
    row() {
      const i = Math.floor(uniform() * n);
      const out = new Array(d);
      for (let c = 0; c < d; c++) out[c] = X.data[i * d + c] + 0.02 * (hi[c] - lo[c]) * normal();
      return { x: out, label: y.data[i] ? 1 : 0 };
    },
  };
}

function synthetic() {
  const d = 10;
  const centers = [0, 1, 2].map(() => Array.from({ length: d }, () => 4 * uniform() - 2));
  const mix = Array.from({ length: d }, () => Array.from({ length: d }, () => 0.35 * normal()));
  return {
    d,
    row() {
      if (uniform() < 0.01) return { x: Array.from({ length: d }, () => 12 * uniform() - 6), label: 1 };
      const c = centers[Math.floor(uniform() * 3)];
      const z = Array.from({ length: d }, normal);
      return { x: c.map((m, j) => m + z.reduce((a, v, k) => a + v * mix[j][k], 0)), label: 0 };
    },
  };
}

const src = args.from ? sourceFrom(args.from) : synthetic();
const names = Array.from({ length: src.d }, (_, j) => `f${j}`);
const out = createWriteStream(args.out);
const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
const parquet = args.parquet ? { cols: names.map(() => new Float64Array(rows)), label: new Int32Array(rows) } : null;
await write(`${names.join(',')},label\n`);
let chunk = '';
for (let i = 0; i < rows; i++) {
  const { x, label } = src.row();
  const v = x.map((a) => Number(a.toPrecision(5)));
  if (parquet) {
    v.forEach((a, j) => (parquet.cols[j][i] = a));
    parquet.label[i] = label;
  }
  chunk += `${v.join(',')},${label}\n`;
  if (chunk.length > 1 << 16) {
    await write(chunk);
    chunk = '';
  }
}
await write(chunk);
await new Promise((r) => out.end(r));
if (parquet) {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const columnData = [
    ...names.map((name, j) => ({ name, data: parquet.cols[j], type: 'DOUBLE' })),
    { name: 'label', data: parquet.label, type: 'INT32' },
  ];
  writeFileSync(args.parquet, new Uint8Array(parquetWriteBuffer({ columnData })));
}
console.log(`wrote ${rows} rows x ${src.d} features to ${args.out}${args.parquet ? ` and ${args.parquet}` : ''}`);
