/**
 * How long the worker's intake takes for a file, and the memory the loaded table holds, in Node:
 *
 *   node scripts/make-big-table.mjs --rows 600000 --out /tmp/big.csv --parquet /tmp/big.parquet
 *   node bench/build.mjs bench/intake.ts .bench-out/intake.cjs && node --expose-gc .bench-out/intake.cjs /tmp/big.csv /tmp/big.parquet
 *
 * Each file is read --repeat times (3 by default) through loadTable (reading, typing, label proposal) and
 * then buildFeatures (the Float32 feature matrix); the median is printed. Memory is what the table alone
 * keeps after a full GC (JS heap + array buffers), without the file's bytes (the Blob is dropped).
 * Compare formats side by side in one run: the numbers are only meaningful as ratios on one machine.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildFeatures } from '../src/core/data/schema';
import { loadTable } from '../src/worker/intake';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args.splice(repeatAt, 2)[1]) : 3;
const files = args;
if (files.length === 0) throw new Error('usage: intake.cjs FILE... [--repeat N]');

function held(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b: number) => (b / 2 ** 20).toFixed(0);

/** One read, in its own call so nothing of it outlives the measurement. */
async function once(path: string, name: string) {
  const before = held();
  let blob: Blob | null = new Blob([readFileSync(path)]);
  const size = blob.size;
  const t0 = performance.now();
  const table = await loadTable(blob, name);
  const t1 = performance.now();
  blob = null;
  const tableBytes = held() - before;
  const f = buildFeatures(table.source, table.summary.columns, table.summary.proposedLabel);
  const t2 = performance.now();
  const featureBytes = held() - before - tableBytes;
  const shape = `${table.summary.rows} x ${table.summary.header.length} -> ${f.X.rows} x ${f.X.cols}`;
  return { size, load: (t1 - t0) / 1000, features: (t2 - t1) / 1000, tableBytes, featureBytes, shape };
}

async function main(): Promise<void> {
  console.log('file | size MB | rows x cols | load s (median) | features s | table MB held | + features MB');
  for (const path of files) {
    const name = path.split('/').pop() ?? path;
    const loads: number[] = [];
    const feats: number[] = [];
    let tableMb = 0;
    let featuresMb = 0;
    let shape = '';
    let size = 0;
    for (let i = 0; i < repeat; i++) {
      const r = await once(path, name);
      loads.push(r.load);
      feats.push(r.features);
      [tableMb, featuresMb, shape, size] = [r.tableBytes, r.featureBytes, r.shape, r.size];
    }
    console.log(
      `${name} | ${mb(size)} | ${shape} | ${median(loads).toFixed(2)} | ${median(feats).toFixed(2)} | ${mb(tableMb)} | ${mb(featuresMb)}`,
    );
  }
}

void main();
