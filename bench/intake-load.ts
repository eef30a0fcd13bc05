// One measured load of a table through the worker's intake (loadTable: streamed decode, parse, inferSchema),
// then buildFeatures, as the worker runs them; prints one JSON line. Run by bench/intake.mjs in a fresh
// `node --expose-gc` process per load, so each heap figure is that load's alone. It uses only loadTable and
// buildFeatures, which every version has, so the same file measures an older commit's intake too.
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { buildFeatures } from '../src/core/data/schema';
import { loadTable } from '../src/worker/intake';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function memory() {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

const file = process.argv[2];
if (!file) throw new Error('usage: intake-load FILE');
const idle = memory();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const t0 = performance.now();
const loaded = await loadTable(await openAsBlob(file), path.basename(file));
const t1 = performance.now();
const c1 = cpu();
const afterLoad = memory(); // the table the worker keeps between load and run
const t2 = performance.now();
const c2 = cpu();
const { summary, source } = loaded;
const features = buildFeatures(source, summary.columns, summary.proposedLabel);
const t3 = performance.now();
const c3 = cpu();
const afterFeatures = memory();
const delta = (m: ReturnType<typeof memory>) => ({
  heapUsed: m.heapUsed - idle.heapUsed,
  arrayBuffers: m.arrayBuffers - idle.arrayBuffers,
  rss: m.rss - idle.rss,
});
console.log(
  JSON.stringify({
    rows: source.rowCount,
    columns: source.header.length,
    features: features.X.cols,
    loadMs: t1 - t0,
    featuresMs: t3 - t2,
    // CPU time (all threads, GC included) is steadier than wall time on a shared machine.
    loadCpuMs: c1 - c0,
    featuresCpuMs: c3 - c2,
    afterLoad: delta(afterLoad),
    afterFeatures: delta(afterFeatures),
    peakRss: process.resourceUsage().maxRSS * 1024 - idle.rss,
    // Keeps both alive until the last measurement, as the worker does.
    check: features.X.data[0] + String(source.cell(0, 0)).length,
  }),
);
