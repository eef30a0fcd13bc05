/**
 * The contrast ablation table from the bench's --json lines (docs/bench-results/contrast/*.jsonl): per file, mean test
 * AUC with its standard error over datasets x seeds, the IWAE warm-up it started from, and the paired difference.
 * With --choose, a leave-datasets-out choice among the files given: for each dataset, the file with the best mean
 * test AUC on the other datasets, scored on the held-out one (no default is picked on a set's own test labels).
 * `node bench/build.mjs bench/contrast-table.ts .bench-out/ct.cjs && node .bench-out/ct.cjs [--choose] files...`
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Row {
  dataset: string;
  seed: number;
  test_auc: number;
  warmup_test_auc?: number | null;
}

const args = process.argv.slice(2);
const choose = args.includes('--choose');
// --base FILE: each run's paired difference from that run on the same datasets and seeds.
const baseAt = args.indexOf('--base');
const baseFile = baseAt >= 0 ? args[baseAt + 1] : null;
const files = args.filter((a, i) => a !== '--choose' && i !== baseAt && i !== baseAt + 1);
const load = (f: string): Row[] =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Row);
const meanSe = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
  return { m, se: Math.sqrt(v / xs.length), n: xs.length };
};
const fmt = (s: { m: number; se: number }) => `${s.m.toFixed(4)} (${s.se.toFixed(4)})`;

const base = baseFile ? new Map(load(baseFile).map((r) => [`${r.dataset}/${r.seed}`, r.test_auc])) : null;
console.log(
  `| run | rows | test AUC (s.e.) | IWAE warm-up | minus warm-up (s.e.) |${base ? ' minus base (s.e.) | base on these rows |' : ''}`,
);
console.log(`|---|---|---|---|---|${base ? '---|---|' : ''}`);
const runs = files.map((f) => ({ name: path.basename(f, '.jsonl'), rows: load(f) }));
for (const { name, rows } of runs) {
  const t = meanSe(rows.map((r) => r.test_auc));
  const w = rows.filter((r) => r.warmup_test_auc != null);
  const warm = w.length ? meanSe(w.map((r) => r.warmup_test_auc!)) : null;
  const diff = w.length ? meanSe(w.map((r) => r.test_auc - r.warmup_test_auc!)) : null;
  const paired = base ? rows.filter((r) => base.has(`${r.dataset}/${r.seed}`)) : [];
  const vsBase = paired.length ? meanSe(paired.map((r) => r.test_auc - base!.get(`${r.dataset}/${r.seed}`)!)) : null;
  const baseMean = paired.length ? meanSe(paired.map((r) => base!.get(`${r.dataset}/${r.seed}`)!)) : null;
  const extra = base ? ` ${vsBase ? fmt(vsBase) : '-'} | ${baseMean ? fmt(baseMean) : '-'} |` : '';
  console.log(`| ${name} | ${rows.length} | ${fmt(t)} | ${warm ? fmt(warm) : '-'} | ${diff ? fmt(diff) : '-'} |${extra}`);
}

if (choose) {
  const datasets = [...new Set(runs[0].rows.map((r) => r.dataset))];
  const byDataset = (rows: Row[], d: string) => rows.filter((r) => r.dataset === d).map((r) => r.test_auc);
  const held: number[] = [];
  const picks: string[] = [];
  for (const d of datasets) {
    const others = datasets.filter((o) => o !== d);
    // Mean over the other datasets of each dataset's mean (every set weighs the same).
    const score = (rows: Row[]) => others.reduce((s, o) => s + meanSe(byDataset(rows, o)).m, 0) / others.length;
    const best = runs.reduce((a, b) => (score(b.rows) > score(a.rows) ? b : a));
    picks.push(`${d}: ${best.name}`);
    held.push(...byDataset(best.rows, d));
  }
  console.log(`\nleave-datasets-out choice: held-out test AUC ${fmt(meanSe(held))} over ${held.length} runs`);
  console.log(picks.join('; '));
}
