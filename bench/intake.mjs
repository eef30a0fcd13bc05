// Big-table intake, before vs after, side by side in one run: `npm run bench:intake -- [--file F] [--before REV]
// [--rounds N]`. Each load runs in its own `node --expose-gc` process (bench/intake-load.ts), alternating the
// current tree with REV's intake (default: the last commit that kept the parsed table as rows of strings;
// `--before none` skips it), and the table gives ms and the memory each load keeps after a GC.
// Make the file first: node scripts/make-big-table.mjs --rows 600000 --out /tmp/big.csv
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const BEFORE_ROWS = 'bdeb003'; // issue 11's base: the parsed table as string[][]

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const file = path.resolve(opt('file', '/tmp/big.csv'));
const before = opt('before', BEFORE_ROWS);
const rounds = Number(opt('rounds', 2));
if (!existsSync(file)) throw new Error(`${file} does not exist: make it with node scripts/make-big-table.mjs --rows 600000 --out ${file}`);

const out = path.resolve('.bench-out');
const bundle = (entry, outfile) =>
  build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });

const variants = [];
if (before !== 'none') {
  // The older commit's sources, with this same measuring entry placed beside them.
  const tree = path.join(out, 'intake-before');
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(path.join(tree, 'bench'), { recursive: true });
  execFileSync('sh', ['-c', `git archive ${before} src | tar -x -C "${tree}"`]);
  copyFileSync('bench/intake-load.ts', path.join(tree, 'bench', 'intake-load.ts'));
  await bundle(path.join(tree, 'bench', 'intake-load.ts'), path.join(out, 'intake-before.mjs'));
  variants.push({ name: `before (${before})`, script: path.join(out, 'intake-before.mjs') });
}
await bundle('bench/intake-load.ts', path.join(out, 'intake-after.mjs'));
variants.push({ name: 'after (this tree)', script: path.join(out, 'intake-after.mjs') });

const results = new Map(variants.map((v) => [v.name, []]));
for (let r = 0; r < rounds; r++) {
  for (const v of variants) {
    const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', v.script, file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${v.name} failed:\n${run.stderr}`);
    const res = JSON.parse(run.stdout.trim().split('\n').pop());
    results.get(v.name).push(res);
    console.error(`round ${r + 1} ${v.name}: load ${res.loadMs.toFixed(0)} ms, features ${res.featuresMs.toFixed(0)} ms`);
  }
}

const mb = (b) => (b / 2 ** 20).toFixed(0);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const first = [...results.values()][0][0];
console.log(
  `\n${path.basename(file)}: ${first.rows} rows x ${first.columns} columns -> ${first.features} features; median of ${rounds} round(s)`,
);
console.log('(memory: what the load keeps after a GC, over the idle process; JS heap + typed-array buffers; peak = max RSS over idle)\n');
console.log(
  '| intake | parse + inferSchema ms (CPU ms) | buildFeatures ms (CPU ms) | total ms (CPU ms) | table: heap MB | table: buffers MB | + features: heap MB | + features: buffers MB | RSS MB | peak RSS MB |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [name, rs] of results) {
  const m = (f) => median(rs.map(f));
  console.log(
    `| ${name} | ${m((x) => x.loadMs).toFixed(0)} (${m((x) => x.loadCpuMs).toFixed(0)}) | ${m((x) => x.featuresMs).toFixed(0)} (${m((x) => x.featuresCpuMs).toFixed(0)}) | ` +
      `${m((x) => x.loadMs + x.featuresMs).toFixed(0)} (${m((x) => x.loadCpuMs + x.featuresCpuMs).toFixed(0)}) | ` +
      `${mb(m((x) => x.afterLoad.heapUsed))} | ${mb(m((x) => x.afterLoad.arrayBuffers))} | ${mb(m((x) => x.afterFeatures.heapUsed))} | ` +
      `${mb(m((x) => x.afterFeatures.arrayBuffers))} | ${mb(m((x) => x.afterFeatures.rss))} | ${mb(m((x) => x.peakRss))} |`,
  );
}
