import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmKernels } from '../../../tests/wasm-setup';
import { makeConfig, type ConfigOverrides } from '../config';
import { Rng } from '../rng';
import { unlabeledStep } from '../train/trainContext';
import { WasmTrainContext } from './wasmContext';
import fixture from '../fixtures/wasm-rows-once.json';

beforeAll(() => useWasmKernels());

function uniformRows(rows: number, cols: number, seed: number): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: rows * cols }, () => r.next());
}

type Quantities = Record<string, number>;
const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;

/** Picks rows of `v` under named keys (`name[row]`), and its mean. */
function pick(out: Quantities, name: string, v: ArrayLike<number>, rows: number[]): void {
  for (const r of rows) out[`${name}[${r}]`] = v[r];
  out[`${name} mean`] = mean(v);
}

/**
 * Named quantities of one run: the loss of each of 12 updates (plain, then trimmed) and a few per-row losses, two
 * scoring passes of the training rows (rows at the 5,000- and 8,192-row chunk edges and at the 1,024-row forward
 * pieces), a second table's scores, the gradient probe's norms, and the random stream's state.
 */
async function quantitiesOfRun(over: ConfigOverrides): Promise<Quantities> {
  const rows = 20_011;
  const cols = 7;
  const ctx = new WasmTrainContext({ data: uniformRows(rows, cols, 5), rows, cols }, makeConfig(over), 1);
  const q: Quantities = {};
  try {
    const all = Int32Array.from({ length: rows }, (_, i) => i);
    for (let e = 0; e < 12; e++) {
      const out = ctx.step(unlabeledStep(ctx.sample(all, 200 + 37 * e), 2, e >= 6 ? 0.92 : null, true));
      q[`loss of update ${e}`] = await out.loss.read();
      if (e % 5 === 0) pick(q, `row losses of update ${e}`, await out.losses!.read(), [0, 99]);
    }
    const edges = [0, 1023, 1024, 4999, 5000, 8191, 8192, 20_010];
    pick(q, 'train score K=2', await ctx.scoreTrain(2), edges);
    pick(q, 'train score K=50', await ctx.scoreTrain(50), edges);
    pick(q, 'other table score K=5', await ctx.scoreMatrix({ data: uniformRows(3_001, cols, 9), rows: 3_001, cols }, 5), [0, 1500, 3000]);
    pick(q, 'probe gradient norm', (await ctx.probeGradients(all.subarray(100, 500), 20)).norms, [0, 399]);
    q['random stream state'] = ctx.rng.getState();
  } finally {
    ctx.dispose();
  }
  return q;
}

const runs: Record<string, ConfigOverrides> = {
  'scoreChunk 5000': { scoreChunk: 5_000 },
  'per-sample decoder BatchNorm': { model: { decoderBn: 'per-sample' } },
};

/** Same numbers to float rounding; the message names the run and the quantity that moved. */
function expectClose(run: string, got: Quantities, want: Quantities): void {
  expect(Object.keys(got).sort(), `${run}: the quantities measured`).toEqual(Object.keys(want).sort());
  for (const [name, w] of Object.entries(want)) {
    const tol = name === 'random stream state' ? 0 : 1e-6 * Math.max(1, Math.abs(w));
    expect(Math.abs(got[name] - w), `${run}: ${name} is ${got[name]}, the fixture says ${w}`).toBeLessThanOrEqual(tol);
  }
}

describe('the WASM engine reads its rows from the caller (no copy in linear memory)', () => {
  // The fixture holds the numbers of the engine that copied the table into linear memory and scored each 8,192-row
  // chunk in one forward pass (commit e2a3b80, baseline SIMD build); the same runs give the same numbers now.
  // ROWS_ONCE_WRITE=1 rewrites it after a change meant to move them (then review the diff of the fixture).
  it('computes the same losses, scores, probe and stream state as the engine that copied the rows', async () => {
    const got: Record<string, Quantities> = {};
    for (const [run, over] of Object.entries(runs)) got[run] = await quantitiesOfRun(over);
    if (process.env.ROWS_ONCE_WRITE) writeFileSync(new URL('../fixtures/wasm-rows-once.json', import.meta.url), JSON.stringify(got, null, 1) + '\n');
    for (const run of Object.keys(runs)) expectClose(run, got[run], (fixture as Record<string, Quantities>)[run]);
  });

  it('holds neither the table nor a whole scoring chunk in linear memory', async () => {
    useWasmKernels(); // a fresh instance: pooled ones keep the memory earlier tests grew
    const rows = 200_000;
    const cols = 10;
    const ctx = new WasmTrainContext({ data: uniformRows(rows, cols, 3), rows, cols }, makeConfig(), 1);
    try {
      await ctx.scoreTrain(2);
      await ctx.scoreTrain(50);
      // The table is 8 MB; an 8,192-row chunk's forward pass at K = 2 alone took ~13 MB of scratch.
      expect(ctx.memoryBytes).toBeLessThan(4 * 2 ** 20);
    } finally {
      ctx.dispose();
    }
  });
});
