import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { blobWithOutliers } from '../../../tests/synthetic';
import { kernelBytes, useWasmKernels } from '../../../tests/wasm-setup';
import { makeConfig, type ConfigOverrides } from '../config';
import { Rng } from '../rng';
import { runOdim } from '../train/odim';
import { WasmTrainContext } from '../wasm/wasmContext';
import { HelperPool, registerHelperPool, type HelperPort } from './pool';
import type { HelperReply, HelperRequest } from './protocol';
import { serveHelper } from './serve';
import { planParts, stateAfterNormals } from './split';

let module: WebAssembly.Module;
beforeAll(() => {
  useWasmKernels();
  module = new WebAssembly.Module(kernelBytes('simd'));
});
afterEach(() => registerHelperPool(null));

/** A helper served in this process over a real MessageChannel (structured clone, transfers), `tamper` in between. */
function inProcessPort(tamper?: (r: HelperReply) => HelperReply | null): HelperPort {
  const { port1, port2 } = new MessageChannel();
  serveHelper({
    post: (m, transfer) => {
      const r = tamper ? tamper(m) : m;
      if (r) port2.postMessage(r, transfer);
    },
    onMessage: (h) => port2.on('message', (m: HelperRequest) => h(m)),
  });
  let lost: ((why: string) => void) | null = null;
  return {
    post: (m, transfer) => port1.postMessage(m, transfer),
    onMessage: (h) => port1.on('message', h),
    onLost: (h) => (lost = h),
    terminate: () => {
      close(port1, port2);
      lost?.('terminated');
    },
  };
}

function close(...ports: MessagePort[]): void {
  for (const p of ports) p.close();
}

function pool(size: number, tamper?: (r: HelperReply) => HelperReply | null): HelperPool {
  const p = new HelperPool(size, () => inProcessPort(tamper));
  p.setKernels(module);
  registerHelperPool(p);
  return p;
}

/** A mulberry32 state whose next uniform is exactly 0: the normal drawn there redraws its u (found by search). */
const ZERO_NEXT = 2463401483;

let jobs = 0;
const counting = (r: HelperReply): HelperReply => (jobs++, r);

async function scoreBoth(
  rows: number,
  k: number,
  over: ConfigOverrides = {},
  helpers = 1,
  tamper: (r: HelperReply) => HelperReply | null = counting,
  rngBefore?: number,
) {
  const { X } = blobWithOutliers(rows, 10, 0.05, 3);
  const cfg = makeConfig({ model: { hidden: [32, 16], latent: 4 }, ...over });
  const run = async () => {
    const ctx = new WasmTrainContext(X, cfg, 7);
    try {
      const all = Int32Array.from({ length: X.rows }, (_, i) => i);
      ctx.step({
        batch: ctx.sample(all, 128),
        k: 2,
        trim: null,
        inliers: null,
        outliers: null,
        lambda1: 0,
        lambda2: 0,
        cuboU: 2,
        keepLosses: false,
      });
      if (rngBefore !== undefined) ctx.rng.setState(rngBefore);
      const a = await ctx.scoreTrain(k);
      const b = await ctx.scoreTrain(k);
      return { a, b, state: ctx.rng.getState() };
    } finally {
      ctx.dispose();
    }
  };
  registerHelperPool(null);
  const alone = await run();
  pool(helpers, tamper);
  const split = await run();
  registerHelperPool(null);
  return { alone, split };
}

describe('splitting a scoring pass', () => {
  it('plans whole chunks that cover every row once', () => {
    for (const [rows, chunk, parts] of [
      [100, 8, 3],
      [8192 * 5 + 17, 8192, 2],
      [5, 8, 4],
      [64, 8, 8],
    ]) {
      const p = planParts(rows, chunk, parts);
      expect(p[0].start).toBe(0);
      for (let j = 1; j < p.length; j++) {
        expect(p[j].start).toBe(p[j - 1].start + p[j - 1].count);
        expect(p[j].start % chunk).toBe(0);
      }
      expect(p.at(-1)!.start + p.at(-1)!.count).toBe(rows);
      expect(p.every((x) => x.count > 0)).toBe(true);
    }
    expect(planParts(5, 8, 4)).toHaveLength(1);
  });

  it('knows the stream state after n normals without drawing them', () => {
    for (const [seed, n] of [
      [1, 0],
      [42, 1],
      [7, 12_345],
      [0xffffffff, 200_001],
    ]) {
      const r = new Rng(seed);
      for (let i = 0; i < n; i++) r.normal();
      expect(stateAfterNormals(seed >>> 0, n)).toBe(r.getState());
    }
    // Wraps like the stream: 2^31 normals are 2^32 uniforms, a full turn of the state.
    expect(stateAfterNormals(5, 2 ** 31)).toBe(5);
  });

  it('gives the same scores and stream state with one helper as in one thread (K = 2 and K = 50)', async () => {
    for (const [rows, k] of [
      [60_000, 2],
      [3_001, 50],
    ]) {
      jobs = 0;
      const { alone, split } = await scoreBoth(rows, k);
      expect(jobs).toBe(2);
      expect(split.a).toEqual(alone.a);
      expect(split.b).toEqual(alone.b);
      expect(split.state).toBe(alone.state);
    }
  });

  it('gives the same scores with three helpers, per-sample decoder BatchNorm', async () => {
    jobs = 0;
    const { alone, split } = await scoreBoth(3_001, 50, { model: { hidden: [32, 16], latent: 4, decoderBn: 'per-sample' } }, 3);
    expect(jobs).toBe(6);
    expect(split.a).toEqual(alone.a);
    expect(split.state).toBe(alone.state);
  });

  it('scores a part in place when its helper fails', async () => {
    let calls = 0;
    const failing = await scoreBoth(3_001, 50, {}, 1, (r) => (++calls === 1 ? { id: r.id, ok: false, error: 'boom' } : r));
    expect(calls).toBe(2);
    expect(failing.split.a).toEqual(failing.alone.a);
    expect(failing.split.b).toEqual(failing.alone.b);
    expect(failing.split.state).toBe(failing.alone.state);
  });

  it('scores the next part again when a part drew an extra uniform (u = 0 in Box-Muller)', async () => {
    const r = new Rng(ZERO_NEXT);
    expect(r.next()).toBe(0);
    // 1,000 normals into the first part, the stream reaches the state whose next uniform is 0.
    const before = (ZERO_NEXT - Math.imul(2000, 0x6d2b79f5)) >>> 0;
    expect(stateAfterNormals(before, 1000)).toBe(ZERO_NEXT);
    jobs = 0;
    const { alone, split } = await scoreBoth(3_001, 50, {}, 1, counting, before);
    expect(jobs).toBe(2);
    expect(split.a).toEqual(alone.a);
    expect(split.b).toEqual(alone.b);
    expect(split.state).toBe(alone.state);
  });

  it('a lost helper costs time, not the result', async () => {
    const { X } = blobWithOutliers(3_001, 10, 0.05, 3);
    const cfg = makeConfig({ model: { hidden: [32, 16], latent: 4 } });
    const p = pool(1, () => null);
    const ctx = new WasmTrainContext(X, cfg, 7);
    const pending = ctx.scoreTrain(50);
    setTimeout(() => p.terminate(), 50);
    const split = await pending;
    ctx.dispose();
    registerHelperPool(null);
    const ref = new WasmTrainContext(X, cfg, 7);
    expect(split).toEqual(await ref.scoreTrain(50));
    ref.dispose();
  });
});

describe('the pool', () => {
  it('ends a helper left idle, and starts a fresh one (sent the rows again) when next needed', async () => {
    const { X } = blobWithOutliers(3_001, 10, 0.05, 3);
    const cfg = makeConfig({ model: { hidden: [32, 16], latent: 4 } });
    let spawned = 0;
    let ended = 0;
    const p = new HelperPool(
      1,
      () => {
        spawned++;
        const port = inProcessPort();
        return { ...port, terminate: () => (ended++, port.terminate()) };
      },
      30,
    );
    p.setKernels(module);
    registerHelperPool(p);
    const ctx = new WasmTrainContext(X, cfg, 7);
    const first = await ctx.scoreTrain(50);
    expect(spawned).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(ended).toBe(1);
    const second = await ctx.scoreTrain(50);
    expect(spawned).toBe(2);
    expect(p.jobsDone).toBe(2);
    ctx.dispose();
    registerHelperPool(null);
    const ref = new WasmTrainContext(X, cfg, 7);
    expect(first).toEqual(await ref.scoreTrain(50));
    expect(second).toEqual(await ref.scoreTrain(50));
    ref.dispose();
  });

  it('ends idle helpers at once when asked (a round waits for the analyst), not a reserved one', async () => {
    let ended = 0;
    const p = new HelperPool(2, () => {
      const port = inProcessPort();
      return { ...port, terminate: () => (ended++, port.terminate()) };
    });
    p.setKernels(module);
    registerHelperPool(p);
    const { X } = blobWithOutliers(3_001, 10, 0.05, 3);
    const ctx = new WasmTrainContext(X, makeConfig({ model: { hidden: [32, 16], latent: 4 } }), 7);
    await ctx.scoreTrain(50); // starts both helpers
    const held = p.reserve(1);
    p.endIdle();
    expect(ended).toBe(1);
    held[0].release();
    p.endIdle();
    expect(ended).toBe(2);
    p.endIdle(); // nothing left to end
    expect(ended).toBe(2);
    const again = await ctx.scoreTrain(50); // fresh helpers, sent the rows again
    expect(again.length).toBe(X.rows);
    expect(p.jobsDone).toBe(4);
    ctx.dispose();
  });
});

describe('ODIM members on helper threads', () => {
  it('ends with the same scores as training every member in one thread', async () => {
    const { X } = blobWithOutliers(600, 6, 0.05, 11);
    const Xtest = blobWithOutliers(200, 6, 0.05, 12).X;
    const config = makeConfig({
      method: 'odim',
      odim: { models: 3, maxUpdates: 120, k: 10, batch: 64, patienceUpdates: 40 },
      model: { hidden: [16, 8], latent: 2 },
    });
    registerHelperPool(null);
    const alone = await runOdim({ X, Xtest, config });
    let members = 0;
    pool(1, (r) => (r.ok && r.result.kind === 'odimMember' && members++, r));
    const split = await runOdim({ X, Xtest, config });
    expect(members).toBe(1);
    expect(split.scores).toEqual(alone.scores);
    expect(split.testScores).toEqual(alone.testScores);
    expect(split.updates).toBe(alone.updates);
  });
});
