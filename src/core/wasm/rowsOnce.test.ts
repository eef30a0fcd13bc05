import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmKernels } from '../../../tests/wasm-setup';
import { makeConfig, type ConfigOverrides } from '../config';
import { Rng } from '../rng';
import { unlabeledStep } from '../train/trainContext';
import { WasmTrainContext } from './wasmContext';

beforeAll(() => useWasmKernels());

function uniformRows(rows: number, cols: number, seed: number): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: rows * cols }, () => r.next());
}

/** Losses of 12 updates (plain, then trimmed), two scoring passes, a second table's scores and a gradient probe. */
async function digestOfRun(over: ConfigOverrides): Promise<string> {
  const rows = 20_011;
  const cols = 7;
  const data = uniformRows(rows, cols, 5);
  const ctx = new WasmTrainContext({ data, rows, cols }, makeConfig(over), 1);
  const h = createHash('sha256');
  try {
    const all = Int32Array.from({ length: rows }, (_, i) => i);
    for (let e = 0; e < 12; e++) {
      const out = ctx.step(unlabeledStep(ctx.sample(all, 200 + 37 * e), 2, e >= 6 ? 0.92 : null, true));
      h.update(new Float64Array([await out.loss.read()]));
      h.update(await out.losses!.read());
    }
    h.update(await ctx.scoreTrain(2));
    h.update(await ctx.scoreTrain(50));
    const other = uniformRows(3_001, cols, 9);
    h.update(await ctx.scoreMatrix({ data: other, rows: 3_001, cols }, 5));
    const probe = await ctx.probeGradients(all.subarray(100, 500), 20);
    h.update(JSON.stringify(probe));
    h.update(new Uint32Array([ctx.rng.getState()]));
  } finally {
    ctx.dispose();
  }
  return h.digest('hex');
}

describe('the WASM engine reads its rows from the caller (no copy in linear memory)', () => {
  // Digests of the same runs made with the engine that copied the table into linear memory and scored each
  // 8,192-row chunk in one forward pass (commit e2a3b80, baseline SIMD build): the same bits now.
  it('computes the same losses, scores, probe and stream state as the engine that copied the rows', async () => {
    expect(await digestOfRun({ scoreChunk: 5_000 })).toBe('eaa5979b687b212199795314a71d90e47610830a7fb39114e6eee82a414dea68');
    expect(await digestOfRun({ model: { decoderBn: 'per-sample' } })).toBe('e568eed5719324d17e61481e30a534b33de60b447aa732f6ae27bf05910b9f6c');
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
