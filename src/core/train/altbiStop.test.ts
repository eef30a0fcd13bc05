import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../tests/tf-setup';
import { useWasmKernels } from '../../../tests/wasm-setup';
import { blobWithOutliers } from '../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../config';
import type { Checkpoint } from './checkpoint';
import { runAltbi } from './altbi';
import type { ProgressEvent } from './progress';
import { minMaxScaled } from './vectors';

beforeAll(async () => {
  await useCpu();
  useWasmKernels();
});

const { X } = blobWithOutliers(300, 8, 0.1, 1);
// 30 epochs, snapshots from epoch 20: the fixed run averages 10.
const ALTBI = { k: 5, epochs: 30, updatesPerEpoch: 2, plainEpochs: 4, n0: 32, scoreFrom: 20 };
const WINDOW = 10;
const RULE = { window: 6, probe: 60, k: 8, resampleEvery: 5, tD: null };
const gradstop = (rule: ConfigOverrides['gradstop'] = RULE): ConfigOverrides => ({
  seed: 11,
  engine: 'wasm',
  altbi: { ...ALTBI, warmupStop: 'gradstop' },
  gradstop: rule,
});

async function run(config: ConfigOverrides, resume?: Checkpoint) {
  const events: ProgressEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  const r = await runAltbi({
    X,
    config: makeConfig(config),
    onProgress: (e) => events.push(e),
    onCheckpoint: (c) => checkpoints.push(c),
    resume,
  });
  return { r, events, checkpoints };
}

/** The final score by its definition, from the epochs' own scores: mean of the min-max scaled ones, in order. */
function expectedAverage(events: ProgressEvent[], from: number, to: number): Float32Array {
  const acc = new Float64Array(X.rows);
  for (let e = from; e <= to; e++) {
    const m = minMaxScaled(events.find((ev) => ev.epoch === e)!.scores!);
    for (let i = 0; i < acc.length; i++) acc[i] += m[i];
  }
  return Float32Array.from(acc, (v) => v / (to - from + 1));
}

describe("ALTBI ended by GradStop's rule (altbi.warmupStop = gradstop)", () => {
  it('stops early, restores the kept epoch model exactly, and averages the window ending at the kept epoch', async () => {
    const { r, events, checkpoints } = await run(gradstop());
    const g = r.gradstop!;
    expect(g.epochs).toBeLessThan(30);
    expect(g.keptEpoch).toBeLessThan(g.epochs - 1);
    const stopped = g.epochs - 1;
    // Every epoch's event carries the rule's trace; the last one says it stopped and names the kept epoch.
    expect(events.map((e) => e.epoch)).toEqual(Array.from({ length: g.epochs }, (_, i) => i));
    expect(events.every((e) => e.gradstop && e.totalEpochs >= g.epochs)).toBe(true);
    expect(events.at(-1)!.gradstop).toMatchObject({ stopped: true, bestEpoch: g.keptEpoch });
    expect(events.at(-1)!.totalEpochs).toBe(g.epochs);
    expect(events.slice(0, -1).every((e) => !e.gradstop!.stopped && Number.isFinite(e.gradstop!.cohesionDiff))).toBe(true);
    // The model left at the end is the kept epoch's, exactly (weights, Adam moments, running statistics).
    const kept = checkpoints.find((c) => c.nextEpoch === g.keptEpoch + 1)!;
    const last = checkpoints.at(-1)!;
    expect(last.nextEpoch).toBe(stopped + 1);
    last.state.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(kept.state[i])));
    last.adamM.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(kept.adamM[i])));
    expect(last.adamStep).toBe(kept.adamStep);
    expect(last.warmupStop!.end).toEqual({ stopped, kept: g.keptEpoch });
    // The score: the fixed run's number of snapshots (fewer if the kept epoch is earlier), ending at the kept epoch.
    const from = Math.max(0, g.keptEpoch - WINDOW + 1);
    expect(last.history.length).toBe(g.keptEpoch - from + 1);
    expect(Array.from(r.scores)).toEqual(Array.from(expectedAverage(events, from, g.keptEpoch)));
  });

  it('ends at `epochs` at the latest, keeping the best epoch so far', async () => {
    const { r, events } = await run(gradstop({ ...RULE, window: 100 }));
    const g = r.gradstop!;
    expect(g.epochs).toBe(30);
    expect(g.keptEpoch).toBeLessThanOrEqual(29);
    expect(events.at(-1)!.gradstop).toMatchObject({ stopped: true, bestEpoch: g.keptEpoch });
    const from = Math.max(0, g.keptEpoch - WINDOW + 1);
    expect(Array.from(r.scores)).toEqual(Array.from(expectedAverage(events, from, g.keptEpoch)));
  });

  it('resumes mid-run (the kept model in the checkpoint) and after the stop to bit-identical scores', async () => {
    const full = await run(gradstop());
    const g = full.r.gradstop!;
    const mid = full.checkpoints.find((c) => c.nextEpoch === g.epochs - 2)!;
    expect(mid.warmupStop!.best).not.toBeNull();
    expect(mid.warmupStop!.end).toBeNull();
    const early = full.checkpoints.find((c) => c.nextEpoch === 3)!;
    const after = full.checkpoints.at(-1)!;
    expect(after.warmupStop!.end).not.toBeNull();
    for (const cp of [early, mid, after]) {
      const resumed = await run(gradstop(), cp);
      expect(Array.from(resumed.r.scores)).toEqual(Array.from(full.r.scores));
      expect(resumed.r.gradstop).toEqual(g);
      expect(resumed.r.updates).toBe(full.r.updates);
    }
  });

  // The fixture holds the scores of this run before the option existed (made at commit 0cf1063 with
  // ALTBI_FIXTURE=write); the default must still give them bit for bit.
  it("leaves the paper's fixed run alone by default", async () => {
    const fixture = new URL('../fixtures/altbi-fixed-scores.json', import.meta.url);
    const config: ConfigOverrides = { seed: 11, engine: 'wasm', altbi: ALTBI };
    const { r, events } = await run(config);
    const scores = Array.from(r.scores);
    if (process.env.ALTBI_FIXTURE === 'write') writeFileSync(fixture, JSON.stringify({ config, scores }) + '\n');
    expect(existsSync(fixture)).toBe(true);
    expect(makeConfig({}).altbi.warmupStop).toBe('fixed');
    expect(r.gradstop ?? null).toBeNull();
    expect(events.some((e) => e.gradstop)).toBe(false);
    expect(events.at(-1)!.epoch).toBe(29);
    expect(scores).toEqual((JSON.parse(readFileSync(fixture, 'utf8')) as { scores: number[] }).scores);
  });
});
