import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useCpu } from '../../../tests/tf-setup';
import { blobWithOutliers } from '../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../config';
import { rocAuc } from '../metrics';
import type { Checkpoint } from './checkpoint';
import { AbortError, RunControl } from './control';
import { runImboost } from './imboost';
import { LabelBook } from './labels';
import { SimulatedOracle, type QueryRequest } from './oracle';
import type { ProgressEvent } from './progress';
import { runMethod } from './runMethod';

beforeAll(useCpu);

const small: ConfigOverrides = {
  seed: 7,
  // The paper's protocol: no early questions (imboost/early.test.ts tests them).
  imboost: { updatesPerEpoch: 3, plainEpochs: 2, warmupEpochs: 6, polarizationEpochs: 6, rounds: 2, n0: 32, budget: 4, earlyQuestions: 0 },
  altbi: { epochs: 8, updatesPerEpoch: 2, plainEpochs: 2, n0: 32, scoreFrom: 5, k: 4 },
  odim: { models: 2, maxUpdates: 40, patienceUpdates: 10, k: 4, batch: 32 },
};
const { X, y } = blobWithOutliers(160, 4, 0.1, 1);

describe('engine', () => {
  it('is deterministic by seed and differs across seeds', async () => {
    const a = await runImboost({ X, config: makeConfig(small), oracle: new SimulatedOracle(y) });
    const b = await runImboost({ X, config: makeConfig(small), oracle: new SimulatedOracle(y) });
    const c = await runImboost({ X, config: makeConfig({ ...small, seed: 8 }), oracle: new SimulatedOracle(y) });
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.scores)).not.toEqual(Array.from(c.scores));
  });

  it('leaks no tensor: numTensors flat across epochs and back at baseline after each method', async () => {
    const base = tf.memory().numTensors;
    for (const method of ['imboost', 'altbi', 'odim'] as const) {
      const counts: number[] = [];
      await runMethod({
        X,
        config: makeConfig({ ...small, method }),
        oracle: new SimulatedOracle(y),
        onProgress: () => counts.push(tf.memory().numTensors),
      });
      // After the first epoch the count must not grow (model, optimizer and data are allocated up front).
      expect(Math.max(...counts.slice(1))).toBe(counts[1]);
      expect(tf.memory().numTensors).toBe(base);
    }
  });

  it('asks budget-sized rounds and accepts an oracle that skips answers', async () => {
    const asked: QueryRequest[] = [];
    const skipEverySecond = new SimulatedOracle(y, (_row, i) => i % 2 === 1);
    const r = await runImboost({ X, config: makeConfig(small), oracle: skipEverySecond, onQuery: (q) => asked.push(q) });
    expect(asked.map((q) => q.round)).toEqual([1, 2]);
    expect(asked.every((q) => q.candidates.length === 4)).toBe(true);
    const labeled = Array.from(r.labels).filter((v) => v >= 0).length;
    expect(labeled).toBe(4); // 2 answers per round
    // A skipped row stays unlabeled and may be asked again; answered rows never are.
    const answered = new Set(asked.flatMap((q) => q.candidates.filter((_, i) => i % 2 === 0)));
    expect(asked[1].candidates.some((row) => answered.has(row) && asked[0].candidates.indexOf(row) % 2 === 0)).toBe(false);
    for (let i = 0; i < y.length; i++) if (r.labels[i] >= 0) expect(r.labels[i]).toBe(y[i]);
  });

  it('runs a round with no answers at all (human oracle that closes the round)', async () => {
    const none = { answer: async () => [] };
    const r = await runImboost({ X, config: makeConfig(small), oracle: none });
    expect(Array.from(r.labels).every((v) => v === -1)).toBe(true);
    expect(r.scores.every(Number.isFinite)).toBe(true);
  });

  it('resumes from a checkpoint to exactly the same result', async () => {
    const cps: Checkpoint[] = [];
    const full = await runImboost({ X, config: makeConfig(small), oracle: new SimulatedOracle(y), onCheckpoint: (c) => cps.push(c) });
    const mid = cps[7]; // after the first round (epoch 5) and two polarization epochs
    expect(mid.round).toBe(1);
    const resumed = await runImboost({ X, config: makeConfig(small), oracle: new SimulatedOracle(y), resume: mid });
    expect(Array.from(resumed.scores)).toEqual(Array.from(full.scores));
  });

  it.each(['altbi', 'odim'] as const)('resumes %s from a checkpoint to exactly the same result', async (method) => {
    const cps: Checkpoint[] = [];
    const config = makeConfig({ ...small, method });
    const full = await runMethod({ X, config, onCheckpoint: (c) => cps.push(c) });
    expect(cps.length).toBeGreaterThan(3);
    const mid = cps[Math.floor(cps.length / 2)];
    expect(mid.method).toBe(method);
    const resumed = await runMethod({ X, config, resume: mid });
    expect(Array.from(resumed.scores)).toEqual(Array.from(full.scores));
    expect(resumed.updates).toBe(full.updates);
  });

  it('reopens an open round from its checkpoint with the same candidates, keeping answers given since', async () => {
    const cps: Checkpoint[] = [];
    const asked: QueryRequest[] = [];
    const full = await runImboost({
      X,
      config: makeConfig(small),
      oracle: new SimulatedOracle(y),
      onCheckpoint: (c) => cps.push(c),
      onQuery: (q) => asked.push(q),
    });
    const open = cps.find((c) => c.openRound?.round === 2)!;
    expect(open.openRound!.candidates).toEqual(asked[1].candidates);
    // The page kept every label, including one answer of round 2 given before the reload.
    const book = new LabelBook(X.rows, open.labels);
    const first = open.openRound!.candidates[0];
    book.set(first, y[first] as 0 | 1);
    const reasked: QueryRequest[] = [];
    const resumed = await runImboost({
      X,
      config: makeConfig(small),
      oracle: new SimulatedOracle(y),
      resume: open,
      labels: book,
      onQuery: (q) => reasked.push(q),
    });
    expect(reasked[0].candidates).toEqual(asked[1].candidates);
    expect(Array.from(resumed.scores)).toEqual(Array.from(full.scores));
  });

  it('pauses, resumes and aborts', async () => {
    const control = new RunControl();
    const events: ProgressEvent[] = [];
    const p = runImboost({
      X,
      config: makeConfig(small),
      control,
      onProgress: (e) => {
        events.push(e);
        if (e.epoch === 1 && !control.paused) {
          control.pause();
          setTimeout(() => {
            expect(events.length).toBe(2);
            control.resume();
          }, 50);
        }
        if (e.epoch === 3) control.abort();
      },
    });
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(events.at(-1)?.epoch).toBe(3);
  });

  it('separates outliers on easy data and reports true risks', async () => {
    const events: ProgressEvent[] = [];
    const longer: ConfigOverrides = {
      ...small,
      traceEveryEpoch: true,
      // The paper's questions alone (MM): the shares for the answers' forest are not what this test is about.
      imboost: { ...small.imboost, updatesPerEpoch: 5, warmupEpochs: 20, polarizationEpochs: 10, topShare: 0, randomShare: 0 },
    };
    const r = await runImboost({
      X,
      config: makeConfig(longer),
      oracle: new SimulatedOracle(y),
      truth: y,
      onProgress: (e) => events.push(e),
    });
    expect(rocAuc(r.scores, y)).toBeGreaterThan(0.9);
    const last = events.filter((e) => e.risks).at(-1)!;
    expect(last.risks!.trueOutlier!).toBeGreaterThan(last.risks!.trueInlier!);
    expect(last.auc).toBeGreaterThan(0.9);
  });
});
