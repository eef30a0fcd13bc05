// Micro-benchmark: milliseconds per training update and per scored row, on the fastest Node backend.
// `npm run bench:step` — the numbers behind the speed notes in docs/benchmarks.md.
import { makeConfig } from '../src/core/config';
import * as tf from '../src/core/tf';
import { TrainContext } from '../src/core/train/context';
import { Rng } from '../src/core/rng';
import { initNodeBackend } from './node-backend';

function table(n: number, d: number): { data: Float32Array; rows: number; cols: number } {
  const rng = new Rng(1);
  return { data: Float32Array.from({ length: n * d }, () => rng.next()), rows: n, cols: d };
}

/** One unlabeled update on a random batch of every row, as warm-up runs them. */
function runStep(ctx: TrainContext, batch: number, k: number, trim: boolean): tf.Scalar {
  const all = Int32Array.from({ length: ctx.n }, (_, i) => i);
  const trimSpec = trim ? { rho: 0.92, scale: 1, xi: 0 } : null;
  return ctx.step({ batch: ctx.sample(all, batch), k, trim: trimSpec, inliers: null, outliers: null, lambda1: 0, lambda2: 0, cuboU: 2, keepLosses: false }).loss;
}

async function timeSteps(ctx: TrainContext, batch: number, k: number, trim: boolean, reps: number): Promise<number> {
  const run = () => runStep(ctx, batch, k, trim);
  for (let i = 0; i < 3; i++) {
    const warm = run();
    await warm.data();
    warm.dispose();
  }
  const t0 = performance.now();
  let last: tf.Scalar | null = null;
  for (let i = 0; i < reps; i++) {
    last?.dispose();
    last = run();
  }
  await last!.data();
  last!.dispose();
  return (performance.now() - t0) / reps;
}

async function main(): Promise<void> {
  const backend = await initNodeBackend();
  const ctx = new TrainContext(table(5000, 21), makeConfig(), 1);
  console.log(`backend ${backend}; 21 features, widths [32, 16], latent 8`);
  for (const [batch, k, trim] of [[128, 2, false], [128, 2, true], [1000, 2, true], [128, 50, false], [1000, 50, true]] as const) {
    console.log(`update  batch ${String(batch).padStart(5)}  K ${String(k).padStart(2)}  ${trim ? 'trimmed' : 'plain  '}  ${(await timeSteps(ctx, batch, k, trim, 40)).toFixed(2)} ms`);
  }
  // Kernel dispatch, not arithmetic, bounds a step of this small network: print the count to watch.
  const profile = await tf.profile(() => runStep(ctx, 128, 2, true).dispose());
  console.log(`kernels per update (batch 128, K 2, trimmed): ${profile.kernels.length}`);
  for (const k of [2, 50]) {
    const t0 = performance.now();
    await ctx.score(ctx.x, k);
    const ms = performance.now() - t0;
    console.log(`score   5000 rows  K ${String(k).padStart(2)}  ${ms.toFixed(1)} ms  (${((ms / 5000) * 1000).toFixed(1)} µs/row)`);
  }
  ctx.dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
