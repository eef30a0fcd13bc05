import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeConfig, type ConfigOverrides, type Method } from '../src/core/config';
import { parseCli, USAGE } from './args';
import type { SplitMode } from '../src/core/data/split';
import { loadDataset } from './load';
import { initNodeBackend } from './node-backend';
import { loadWasmEngine } from './wasm-engine';
import { resolveEngine } from '../src/core/train/context';
import { runProtocol, type BenchRun, type Protocol } from './protocol';
import { printForestRun, printForestSummary, runForest, type ForestRun } from './forest';
import { runPeerProtocol } from './peers';
import { isPeer, PEERS, type PeerId } from '../src/core/peers/peers';
import type { Matrix } from '../src/core/data/matrix';
import { serveIfHelperThread, startHelperThreads, stopHelperThreads } from './threads';

interface DatasetInfo {
  pollution: number;
  /** The reference's per-dataset network table departs from the width rule for a few sets (latent 6). */
  model?: { latent?: number };
  reference: Record<string, ReferenceRow>;
}
interface ReferenceRow {
  test_auc: number;
  train_auc: number;
  /** Wall seconds of the reference file, taken while the machine was busy: an upper bound (none for the peers). */
  wall_s?: number;
  cpu_s?: number;
  /** The reference's timing on a quiet machine (IMBoost, data seed 100): the times to beat. */
  quiet_wall_s?: { threads2: number; threads1: number | null };
}
const here = path.dirname(__filename);
const DATASETS: Record<string, DatasetInfo> = JSON.parse(readFileSync(path.join(here, '..', 'bench', 'datasets.json'), 'utf8'));

declare const __filename: string;

const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '  -   ');

function printRun(r: BenchRun, json: boolean): void {
  if (json) {
    // Every field but the derived rate, in the order the raw outputs in docs/bench-results were written.
    const { updates_per_s: _rate, ...row } = r;
    console.log(JSON.stringify(row));
    return;
  }
  console.log(
    `${r.dataset.padEnd(12)} ${r.method.padEnd(8)} seed ${String(r.seed).padEnd(4)} n_train ${String(r.n_train).padStart(6)}  ` +
      `train AUC ${f4(r.train_auc)} AP ${f4(r.train_ap)}  test AUC ${f4(r.test_auc)} AP ${f4(r.test_ap)}  ` +
      `${r.seconds.toFixed(1).padStart(6)} s  ${Number.isFinite(r.updates_per_s) ? r.updates_per_s.toFixed(0).padStart(5) : '    -'} upd/s  ${r.backend}`,
  );
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const { args: values, overrides, peer } = parseCli(process.argv.slice(2));
  const args = {
    has: (k: string) => values[k] !== undefined && values[k] !== false,
    get: (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined),
  };
  if (args.has('help') || (!args.has('data') && !args.has('suite'))) {
    console.log(USAGE);
    if (!args.has('help')) process.exitCode = 2;
    return;
  }
  const method: Method = overrides.method ?? 'imboost';
  // A bench-only peer (see BENCH_METHODS): its own loop, no engine.
  const forestAnswers = values.method === 'forest' ? (args.get('answers') ?? '20,40,80,160').split(',').map(Number) : null;
  if (forestAnswers?.some((N) => !Number.isInteger(N) || N < 1))
    throw new Error(`--answers takes whole numbers, e.g. 20,40,80,160\n${USAGE}`);
  const seeds = (args.get('seeds') ?? '100,200,300').split(',').map(Number);
  const json = args.has('json');
  const split = (args.get('split') ?? 'stratified') as SplitMode;
  if (!['stratified', 'random', 'reference'].includes(split)) throw new Error(`unknown split ${split}\n${USAGE}`);
  const protocol = (args.get('protocol') ?? 'split') as Protocol;
  if (!['split', 'transductive'].includes(protocol)) throw new Error(`unknown protocol ${protocol}\n${USAGE}`);
  type Run = (name: string, X: Matrix, y: Uint8Array, pollution: number | null, seed: number) => Promise<BenchRun>;
  let run: Run;
  if (peer) {
    // A peer needs none of the engines: no TF.js backend, no WebAssembly, no helper threads.
    run = async (name, X, y, pollution, seed) =>
      runPeerProtocol(name, X, y, { peer, seed, pollution, backend: 'typescript', split, protocol });
    if (!json) console.log(`label-free peer: ${PEERS.find((p) => p.id === peer)!.label}, plain TypeScript (src/core/peers)`);
  } else {
    const tfBackend = await initNodeBackend(args.get('backend'));
    const build = loadWasmEngine();
    const engine = resolveEngine(overrides.engine ?? 'auto');
    const threads = overrides.threads ?? 0;
    if (engine === 'wasm') startHelperThreads(threads);
    // The autoencoder methods run as plain TypeScript (src/core/model/denseAe.ts) whatever the engine.
    const aeMethod = method === 'ae' || method === 'gradstop' || method === 'rejection';
    const backend = aeMethod
      ? 'typescript'
      : engine === 'wasm'
        ? `wasm-${build} engine${threads ? ` + ${threads} helper threads` : ''}`
        : `tfjs-${tfBackend}`;
    if (!json && !forestAnswers) {
      console.log(
        engine === 'wasm'
          ? `engine: the WebAssembly SIMD engine, ${build === 'fma' ? 'relaxed-SIMD build (fused multiply-add)' : 'baseline SIMD build'} (--engine tfjs for TF.js)`
          : `engine: TF.js on its ${tfBackend} backend (tfjs-node cannot install here; WASM is the fastest Node backend)`,
      );
    }
    run = (name, X, y, pollution, seed) => {
      // IMLab's defaults (the width rule, as the app): the reference's per-dataset exceptions only when asked for,
      // and then unless --set chose the model explicitly.
      const model = { ...(args.has('reference-table') ? DATASETS[name]?.model : undefined), ...overrides.model };
      return runProtocol(name, X, y, {
        method,
        seed,
        pollution,
        overrides: { ...overrides, model, imboost: { ...overrides.imboost, ...answersBudget(args.get('answers'), overrides) } },
        backend,
        split,
        protocol,
        answersStage: args.has('answers-stage'),
      });
    };
  }

  const files = args.has('suite')
    ? readdirSync(args.get('suite')!)
        .filter((f) => /\.(npz|csv)$/.test(f))
        .map((f) => path.join(args.get('suite')!, f))
    : [args.get('data')!];
  // One file per dataset name: prefer .npz (what the reference read) over .csv.
  const byName = new Map<string, string>();
  for (const f of files.sort()) {
    const name = path.basename(f).replace(/\.(npz|csv)$/, '');
    if (!byName.has(name) || f.endsWith('.npz')) byName.set(name, f);
  }
  const only = args.get('datasets')?.split(',');
  const results: BenchRun[] = [];
  const forestRuns: ForestRun[] = [];
  for (const [name, file] of byName) {
    if (only && !only.includes(name)) continue;
    const { X, y } = loadDataset(file, args.get('label-column') ?? 'label');
    const pollution = args.has('pollution') ? Number(args.get('pollution')) : (DATASETS[name]?.pollution ?? null);
    for (const seed of forestAnswers ? seeds : []) {
      for (const r of runForest(name, X, y, { seed, pollution, split, answers: forestAnswers! })) {
        printForestRun(r, json);
        forestRuns.push(r);
      }
    }
    for (const seed of forestAnswers ? [] : seeds) {
      const r = await run(name, X, y, pollution, seed);
      printRun(r, json);
      results.push(r);
    }
  }
  if (!json && forestRuns.length > 0) printForestSummary(forestRuns);
  if (!json && results.length > 0) printSummary(results, peer ?? method, split, protocol);
}

/** `--answers N` for IMBoost: N answers in all, whatever the table's size, spread over the run's rounds. */
function answersBudget(answers: string | undefined, overrides: ConfigOverrides): { budget?: number } {
  if (answers == null) return {};
  const n = Number(answers);
  // 0: the rounds ask nothing, so the run ends on the ranking that stands before any answer.
  if (!Number.isInteger(n) || n < 0) throw new Error(`--answers takes one whole number for IMBoost, e.g. 40\n${USAGE}`);
  const rounds = makeConfig(overrides).imboost.rounds;
  return { budget: Math.ceil(n / rounds) };
}

function printSummary(results: BenchRun[], method: Method | PeerId, split: SplitMode, protocol: Protocol): void {
  const names = [...new Set(results.map((r) => r.dataset))];
  // A peer's reference is the same peer made with scikit-learn on the reference's rows (shared/peers/label_free.tsv).
  const refKey =
    protocol === 'transductive'
      ? null
      : method === 'imboost'
        ? 'imboost'
        : method === 'altbi'
          ? 'altbi100'
          : isPeer(method)
            ? method
            : null;
  const refName = isPeer(method) ? 'scikit-learn' : "the authors' code";
  console.log(`\nmeans over seeds (reference: ${refName}, ${refKey ?? 'none for this method'})`);
  if (refKey && split !== 'reference') {
    console.log(`(the reference ran on its own rows; this run used the ${split} split: --split reference compares like with like)`);
  }
  console.log('dataset        train AUC  test AUC  test AP   ref test AUC   diff    s/run  ref s: quiet 2 thr / 1 thr, busy');
  const diffs: number[] = [];
  const rows: number[][] = [];
  for (const n of names) {
    const rs = results.filter((r) => r.dataset === n);
    const ref = refKey ? DATASETS[n]?.reference[refKey] : undefined;
    const m = [
      mean(rs.map((r) => r.train_auc)),
      mean(rs.map((r) => r.test_auc)),
      mean(rs.map((r) => r.test_ap)),
      mean(rs.map((r) => r.seconds)),
    ];
    rows.push(m);
    const diff = ref ? m[1] - ref.test_auc : NaN;
    if (ref) diffs.push(diff);
    console.log(
      `${n.padEnd(14)} ${f4(m[0])}     ${f4(m[1])}    ${f4(m[2])}    ${ref ? f4(ref.test_auc) : '  -   '}       ${ref ? (diff >= 0 ? '+' : '') + diff.toFixed(4) : '   -   '}  ${m[3].toFixed(1).padStart(6)}  ${ref ? referenceTimes(ref) : '-'}`,
    );
  }
  const overall = [0, 1, 2, 3].map((i) => mean(rows.map((r) => r[i])));
  const refMean = refKey ? mean(names.map((n) => DATASETS[n]?.reference[refKey]?.test_auc).filter((v): v is number => v != null)) : NaN;
  console.log(
    `${'MEAN'.padEnd(14)} ${f4(overall[0])}     ${f4(overall[1])}    ${f4(overall[2])}    ${Number.isFinite(refMean) ? f4(refMean) : '  -   '}       ${diffs.length ? (mean(diffs) >= 0 ? '+' : '') + mean(diffs).toFixed(4) : '-'}  ${overall[3].toFixed(1).padStart(6)}`,
  );
}

function referenceTimes(ref: ReferenceRow): string {
  const q = ref.quiet_wall_s;
  const quiet = q ? `${q.threads2.toFixed(1)} / ${q.threads1 == null ? 'n/a' : q.threads1.toFixed(1)}` : '- / -';
  return `${quiet.padEnd(11)}  ${ref.wall_s?.toFixed(1) ?? '-'}`;
}

if (!serveIfHelperThread()) {
  main()
    .then(stopHelperThreads)
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
