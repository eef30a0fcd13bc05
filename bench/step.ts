// Micro-benchmark: milliseconds per training update and per scored row, both engines side by side in one
// process (the WebAssembly SIMD engine and TF.js on its fastest Node backend), interleaved so that machine
// drift hits both alike. `npm run bench:step` — the numbers behind the speed notes in docs/benchmarks.md.
import { makeConfig } from '../src/core/config';
import * as tf from '../src/core/tf';
import { Rng } from '../src/core/rng';
import { TfTrainContext } from '../src/core/train/tfContext';
import { unlabeledStep, type TrainContext } from '../src/core/train/trainContext';
import { WasmTrainContext } from '../src/core/wasm/wasmContext';
import { initNodeBackend } from './node-backend';
import { serveIfHelperThread, startHelperThreads, stopHelperThreads } from './threads';
import { helperPool } from '../src/core/threads/pool';
import { loadWasmEngine } from './wasm-engine';

function table(n: number, d: number): { data: Float32Array; rows: number; cols: number } {
  const rng = new Rng(1);
  return { data: Float32Array.from({ length: n * d }, () => rng.next()), rows: n, cols: d };
}

/** One unlabeled update on a random batch of every row, as warm-up runs them. */
async function runStep(ctx: TrainContext, batch: number, k: number, trim: boolean): Promise<void> {
  const all = Int32Array.from({ length: ctx.n }, (_, i) => i);
  const out = ctx.step(unlabeledStep(ctx.sample(all, batch), k, trim ? 0.92 : null));
  await out.loss.read();
}

/** Median ms per update over `rounds` rounds of `reps` updates. */
async function timeSteps(ctx: TrainContext, batch: number, k: number, trim: boolean, reps: number): Promise<number> {
  for (let i = 0; i < 3; i++) await runStep(ctx, batch, k, trim);
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await runStep(ctx, batch, k, trim);
    times.push((performance.now() - t0) / reps);
  }
  return times.sort((a, b) => a - b)[2];
}

async function timeScore(ctx: TrainContext, k: number): Promise<number> {
  await ctx.scoreTrain(k);
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await ctx.scoreTrain(k);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1];
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

async function main(): Promise<void> {
  const backend = await initNodeBackend();
  const build = loadWasmEngine();
  console.log(`TF.js backend ${backend}; WASM engine ${build} build; median ms, both engines interleaved in this process`);
  // --helpers-only: just the helper-thread section at the end.
  for (const d of process.argv.includes('--helpers-only') ? [] : [21, 512, 1000]) {
    const X = table(d >= 512 ? 1000 : 5000, d);
    const cfg = makeConfig();
    const engines: [string, TrainContext][] = [
      ['wasm', new WasmTrainContext(X, cfg, 1)],
      ['tfjs', new TfTrainContext(X, cfg, 1)],
    ];
    const cases: [number, number, boolean][] =
      d === 21
        ? [
            [128, 2, false],
            [128, 2, true],
            [1000, 2, true],
            [128, 50, false],
            [1000, 50, true],
          ]
        : [
            [128, 2, true],
            [207, 2, true],
          ];
    console.log(`\n${d} features (${X.rows} rows)`);
    console.log(`${'case'.padEnd(30)} ${pad('wasm', 9)} ${pad('tfjs', 9)} ${pad('ratio', 7)}`);
    for (const [batch, k, trim] of cases) {
      const ms: number[] = [];
      for (const [, ctx] of engines) ms.push(await timeSteps(ctx, batch, k, trim, d === 21 ? 40 : 10));
      console.log(
        `${`update batch ${batch} K ${k} ${trim ? 'trimmed' : 'plain'}`.padEnd(30)} ${pad(ms[0].toFixed(2), 9)} ${pad(ms[1].toFixed(2), 9)} ${pad((ms[1] / ms[0]).toFixed(1) + 'x', 7)}`,
      );
    }
    for (const k of [2, 50]) {
      const ms: number[] = [];
      for (const [, ctx] of engines) ms.push(await timeScore(ctx, k));
      console.log(
        `${`score ${X.rows} rows K ${k}`.padEnd(30)} ${pad(ms[0].toFixed(1), 9)} ${pad(ms[1].toFixed(1), 9)} ${pad((ms[1] / ms[0]).toFixed(1) + 'x', 7)}`,
      );
    }
    if (d === 21) {
      // Kernel dispatch, not arithmetic, bounds a TF.js step of this small network: print the count to watch.
      const profile = await tf.profile(() => runStep(engines[1][1], 128, 2, true));
      console.log(`TF.js kernels per update (batch 128, K 2, trimmed): ${profile.kernels.length}`);
    }
    for (const [, ctx] of engines) ctx.dispose();
  }
  await timeHelpers();
}

/**
 * Scoring passes of the WASM engine in this thread alone and split with helper threads (`--threads N`, default
 * one per spare core), alternately, on the same engine: the same numbers either way (unit-tested), less time.
 */
async function timeHelpers(): Promise<void> {
  const flag = process.argv.indexOf('--threads');
  const helpers = flag > 0 ? Number(process.argv[flag + 1]) : Math.max(1, (await import('node:os')).availableParallelism() - 1);
  startHelperThreads(helpers);
  console.log(`\nscoring passes, WASM engine: this thread alone and with ${helpers} helper thread(s), alternately (median ms)`);
  console.log(`${'case'.padEnd(30)} ${pad('alone', 9)} ${pad('helped', 9)} ${pad('ratio', 7)}`);
  for (const [rows, d, k] of [
    [600_000, 10, 2],
    [100_000, 21, 2],
    [5_000, 21, 50],
    [1_000, 512, 2],
  ] as const) {
    const X = table(rows, d);
    const alone = new WasmTrainContext(X, makeConfig({ threads: 0 }), 1);
    const helped = new WasmTrainContext(X, makeConfig({ threads: null }), 1);
    const ms = [[], []] as number[][];
    for (let r = 0; r < 3; r++) {
      ms[0].push(await timeScore(alone, k));
      ms[1].push(await timeScore(helped, k));
    }
    const [a, h] = ms.map((v) => v.sort((x, y) => x - y)[1]);
    console.log(
      `${`score ${rows} rows x ${d} K ${k}`.padEnd(30)} ${pad(a.toFixed(1), 9)} ${pad(h.toFixed(1), 9)} ${pad((a / h).toFixed(2) + 'x', 7)}`,
    );
    alone.dispose();
    helped.dispose();
  }
  console.log(`helper jobs run: ${helperPool()?.jobsDone ?? 0}`);
  stopHelperThreads();
}

if (!serveIfHelperThread()) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
