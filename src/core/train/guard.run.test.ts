import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../tests/tf-setup';
import { blobWithOutliers } from '../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../config';
import type { Checkpoint } from './checkpoint';
import { runImboost } from './imboost';
import { SimulatedOracle, type QueryRequest } from './oracle';

beforeAll(useCpu);

const small = (guard: 'on' | 'off' | 'adaptive'): ConfigOverrides => ({
  seed: 7,
  imboost: { updatesPerEpoch: 3, plainEpochs: 2, warmupEpochs: 6, polarizationEpochs: 9, rounds: 3, n0: 32, budget: 6, guard },
});
const { X, y } = blobWithOutliers(160, 4, 0.1, 1);

describe('IMBoost with the guard', () => {
  it('reports the warm-up scores and a verdict; a roll-back ends with exactly the warm-up scores', async () => {
    const r = await runImboost({ X, config: makeConfig(small('on')), oracle: new SimulatedOracle(y) });
    expect(r.warmup?.scores).toHaveLength(X.rows);
    expect(r.guard).toBeTruthy();
    expect(r.guard!.reason.length).toBeGreaterThan(20);
    const expected = r.guard!.choice === 'warmup' ? r.warmup!.scores : r.polarized!.scores;
    expect(Array.from(r.scores)).toEqual(Array.from(expected));
  });

  it('the guard on changes the questions after round 1 (half from the warm-up boundary); off keeps the polarized ranking', async () => {
    const asked: QueryRequest[] = [];
    const on = await runImboost({ X, config: makeConfig(small('on')), oracle: new SimulatedOracle(y), onQuery: (q) => asked.push(q) });
    const off = await runImboost({ X, config: makeConfig(small('off')), oracle: new SimulatedOracle(y) });
    expect(asked).toHaveLength(3);
    for (const q of asked) expect(q.candidates).toHaveLength(6);
    // Off: the paper's procedure, the polarized ranking kept, and what the guard would have done reported.
    expect(off.guard!.choice).toBe('polarized');
    expect(typeof off.guard!.wouldRollBack).toBe('boolean');
    expect(Array.from(on.labels)).not.toEqual(Array.from(off.labels));
  });

  it('a run resumed from a mid-polarization checkpoint reaches the same verdict and scores', async () => {
    const cps: Checkpoint[] = [];
    const full = await runImboost({ X, config: makeConfig(small('on')), oracle: new SimulatedOracle(y), onCheckpoint: (c) => cps.push(c) });
    const mid = cps.find((c) => c.nextEpoch === 11 && !c.openRound)!;
    expect(mid.guard?.samples.length).toBeGreaterThan(0);
    const resumed = await runImboost({ X, config: makeConfig(small('on')), oracle: new SimulatedOracle(y), resume: mid });
    expect(resumed.guard!.choice).toBe(full.guard!.choice);
    expect(resumed.guard!.support).toBe(full.guard!.support);
    expect(Array.from(resumed.scores)).toEqual(Array.from(full.scores));
  });

  it('adaptive on a narrow table (160 rows, 4 columns) runs exactly as the guard off: same questions, same scores', async () => {
    const a = await runImboost({ X, config: makeConfig(small('adaptive')), oracle: new SimulatedOracle(y) });
    const off = await runImboost({ X, config: makeConfig(small('off')), oracle: new SimulatedOracle(y) });
    expect(a.guard!.choice).toBe('polarized');
    expect(Array.from(a.labels)).toEqual(Array.from(off.labels));
    expect(Array.from(a.scores)).toEqual(Array.from(off.scores));
  });
});
