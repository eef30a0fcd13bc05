import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../tests/tf-setup';
import { blobWithOutliers } from '../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../config';
import type { Checkpoint } from './checkpoint';
import { runImboost } from './imboost';
import { SimulatedOracle, type Oracle, type QueryRequest } from './oracle';
import { queryEpochs } from './schedule';

beforeAll(useCpu);

const small = (guard: 'on' | 'off' | 'adaptive', answersStage: 'off' | 'forest' = 'forest'): ConfigOverrides => ({
  seed: 7,
  imboost: {
    updatesPerEpoch: 3,
    plainEpochs: 2,
    warmupEpochs: 6,
    polarizationEpochs: 9,
    rounds: 3,
    n0: 32,
    budget: 6,
    guard,
    answersStage,
    // The guard's own questions: the shares for the answers' forest would replace some of them.
    topShare: 0,
    randomShare: 0,
  },
});
const { X, y } = blobWithOutliers(160, 4, 0.1, 1);

/** Answers round 1 only: after it no answer is held out, so nothing can show polarization helped. */
const firstRoundOnly = (): Oracle => {
  const truth = new SimulatedOracle(y);
  return { answer: (req, signal) => (req.round === 1 ? truth.answer(req, signal) : Promise.resolve([])) };
};

/**
 * Answers that agree with the polarized ranking: in every round the upper half of the candidates by their eq. (5)
 * score are outliers, the lower half inliers. Each round's held-out answers are then ranked perfectly by the
 * polarized scores they were asked from, and the warm-up's boundary rows (half of each later round) are not.
 */
const agreeWithPolarized: Oracle = {
  answer: async (req) => {
    const order = req.candidates.map((row, i) => ({ row, s: req.candidateScores[i] })).sort((a, b) => a.s - b.s);
    return order.map(({ row }, i) => ({ row, label: i >= order.length / 2 ? 1 : 0 }));
  },
};

describe('IMBoost with the guard', () => {
  it('rolls back when no answer after round 1 can show polarization helped: the warm-up scores and model', async () => {
    const cps: Checkpoint[] = [];
    const cfg = makeConfig(small('on', 'off'));
    const r = await runImboost({ X, config: cfg, oracle: firstRoundOnly(), onCheckpoint: (c) => cps.push(c) });
    expect(r.guard!.choice).toBe('warmup');
    expect(r.guard!.outliers + r.guard!.inliers).toBe(0);
    expect(Array.from(r.scores)).toEqual(Array.from(r.warmup!.scores));
    expect(Array.from(r.polarized!.scores)).not.toEqual(Array.from(r.warmup!.scores));
    // The last checkpoint (what a saved session keeps) holds the model of the first round, before any answer.
    const first = queryEpochs(cfg.imboost)[0];
    const atRound1 = cps.find((c) => c.nextEpoch === first + 1 && c.openRound)!;
    const last = cps.at(-1)!;
    expect(last.nextEpoch).toBe(cfg.imboost.warmupEpochs + cfg.imboost.polarizationEpochs);
    expect(last.state.map((a) => Array.from(a))).toEqual(atRound1.state.map((a) => Array.from(a)));
    // The guard off keeps the polarized ranking but reports the roll-back it would have made.
    const off = await runImboost({ X, config: makeConfig(small('off', 'off')), oracle: firstRoundOnly() });
    expect(off.guard!.choice).toBe('polarized');
    expect(off.guard!.wouldRollBack).toBe(true);
    expect(Array.from(off.scores)).toEqual(Array.from(off.polarized!.scores));
  });

  it('keeps the polarized ranking when the held-out answers side with it', async () => {
    const r = await runImboost({ X, config: makeConfig(small('on', 'off')), oracle: agreeWithPolarized });
    expect(r.guard!.polarizedAuc).toBe(1);
    expect(r.guard!.warmupAuc!).toBeLessThan(1);
    expect(r.guard!.choice).toBe('polarized');
    expect(Array.from(r.scores)).toEqual(Array.from(r.polarized!.scores));
    expect(Array.from(r.scores)).not.toEqual(Array.from(r.warmup!.scores));
  });

  it('the guard on changes the questions after round 1 (half from the warm-up boundary); off keeps the polarized ranking', async () => {
    const asked: QueryRequest[] = [];
    const on = await runImboost({ X, config: makeConfig(small('on')), oracle: new SimulatedOracle(y), onQuery: (q) => asked.push(q) });
    const off = await runImboost({ X, config: makeConfig(small('off')), oracle: new SimulatedOracle(y) });
    expect(asked).toHaveLength(3);
    for (const q of asked) expect(q.candidates).toHaveLength(6);
    expect(off.guard!.choice).toBe('polarized');
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
