import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../tests/tf-setup';
import { useWasmKernels } from '../../../tests/wasm-setup';
import { blobWithOutliers } from '../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../config';
import type { Checkpoint } from './checkpoint';
import { runImboost } from './imboost';
import { SimulatedOracle, type QueryRequest } from './oracle';
import type { ProgressEvent } from './progress';

beforeAll(async () => {
  await useCpu();
  useWasmKernels();
});

const { X, y } = blobWithOutliers(300, 8, 0.1, 1);
const base = (engine: 'wasm' | 'tfjs', more: ConfigOverrides = {}): ConfigOverrides => ({
  seed: 11,
  engine,
  imboost: {
    updatesPerEpoch: 2,
    plainEpochs: 4,
    warmupEpochs: 30,
    polarizationEpochs: 8,
    rounds: 2,
    n0: 32,
    budget: 4,
    warmupStop: 'gradstop',
    earlyQuestions: 0,
  },
  gradstop: { window: 6, probe: 60, k: 8, resampleEvery: 5, tD: null },
  ...more,
});

async function run(config: ConfigOverrides, resume?: Checkpoint) {
  const events: ProgressEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  const asked: QueryRequest[] = [];
  const r = await runImboost({
    X,
    config: makeConfig(config),
    oracle: new SimulatedOracle(y),
    onProgress: (e) => events.push(e),
    onCheckpoint: (c) => checkpoints.push(c),
    onQuery: (q) => asked.push(q),
    resume,
  });
  return { r, events, checkpoints, asked };
}

describe("IMBoost's warm-up with GradStop's rule (imboost.warmupStop = gradstop)", () => {
  it('stops the warm-up early, restores the kept epoch model, and opens the first round there', async () => {
    const { r, events, checkpoints, asked } = await run(base('wasm'));
    const g = r.gradstop!;
    expect(g.epochs).toBeLessThan(30);
    expect(g.keptEpoch).toBeLessThan(g.epochs - 1);
    const stopped = g.epochs - 1;
    // The warm-up's events carry the rule's trace; the stopping epoch's says so and names the kept epoch.
    const warm = events.filter((e) => e.gradstop);
    expect(warm.map((e) => e.epoch)).toEqual(Array.from({ length: g.epochs }, (_, i) => i));
    expect(warm.at(-1)!.gradstop).toMatchObject({ stopped: true, bestEpoch: g.keptEpoch });
    expect(warm.slice(0, -1).every((e) => !e.gradstop!.stopped && Number.isFinite(e.gradstop!.cohesionDiff))).toBe(true);
    // The first round opens right after the stop, the polarization epochs follow in full.
    expect(asked[0].epoch).toBe(stopped);
    expect(events.at(-1)!.epoch).toBe(stopped + 8);
    expect(events.filter((e) => e.phase === 'polarization').length).toBe(8);
    // The model the rounds start from is the kept epoch's, exactly (weights, Adam moments, running statistics).
    const kept = checkpoints.find((c) => c.nextEpoch === g.keptEpoch + 1 && !c.openRound)!;
    const atRound = checkpoints.find((c) => c.openRound?.round === 1)!;
    expect(atRound.nextEpoch).toBe(stopped + 1);
    atRound.state.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(kept.state[i])));
    expect(atRound.adamStep).toBe(kept.adamStep);
    expect(atRound.warmupStop!.end).toEqual({ stopped, kept: g.keptEpoch });
  });

  it('ends at the fixed warm-up length at the latest, keeping the best epoch so far', async () => {
    const { r, asked } = await run(base('wasm', { gradstop: { window: 100, probe: 60, k: 8, resampleEvery: 5, tD: null } }));
    expect(r.gradstop!.epochs).toBe(30);
    expect(r.gradstop!.keptEpoch).toBeLessThanOrEqual(29);
    expect(asked[0].epoch).toBe(29);
  });

  it('resumes mid-warm-up (the kept model in the checkpoint) and after the stop to exactly the same run', async () => {
    const full = await run(base('wasm'));
    const g = full.r.gradstop!;
    // A checkpoint after a kept epoch and before the stop: its model is not the current one.
    const mid = full.checkpoints.find((c) => c.nextEpoch === g.epochs - 2 && !c.openRound)!;
    expect(mid.warmupStop!.best).not.toBeNull();
    expect(mid.warmupStop!.end).toBeNull();
    const after = full.checkpoints.find((c) => c.nextEpoch === g.epochs + 3)!;
    expect(after.warmupStop!.end).not.toBeNull();
    for (const cp of [mid, after]) {
      const resumed = await run(base('wasm'), cp);
      expect(Array.from(resumed.r.scores)).toEqual(Array.from(full.r.scores));
      expect(resumed.r.gradstop).toEqual(g);
      expect(resumed.r.updates).toBe(full.r.updates);
    }
  });

  it('takes the same decision on the WASM and the TF.js engine for a seed', async () => {
    const [a, b] = [await run(base('wasm')), await run(base('tfjs'))];
    expect(b.r.gradstop).toEqual(a.r.gradstop);
    const ta = a.events.filter((e) => e.gradstop).map((e) => e.gradstop!.cohesionDiff);
    const tb = b.events.filter((e) => e.gradstop).map((e) => e.gradstop!.cohesionDiff);
    ta.forEach((v, i) => expect(Math.abs(v - tb[i])).toBeLessThan(1e-3));
  });

  it("leaves the paper's fixed warm-up alone by default", async () => {
    const { r, events } = await run(
      base('wasm', {
        imboost: { updatesPerEpoch: 2, plainEpochs: 4, warmupEpochs: 30, polarizationEpochs: 8, rounds: 2, n0: 32, budget: 4 },
      }),
    );
    expect(makeConfig({}).imboost.warmupStop).toBe('fixed');
    expect(r.gradstop).toBeNull();
    expect(events.some((e) => e.gradstop)).toBe(false);
    expect(events.at(-1)!.epoch).toBe(37);
  });
});
