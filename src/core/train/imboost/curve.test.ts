import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../../tests/tf-setup';
import { blobWithOutliers } from '../../../../tests/synthetic';
import { makeConfig } from '../../config';
import type { Checkpoint } from '../checkpoint';
import { SimulatedOracle } from '../oracle';
import type { ProgressEvent } from '../progress';
import type { RunOptions } from '../run';
import { runImboost } from './index';
import { withPoint } from './curve';

beforeAll(useCpu);

const { X, y } = blobWithOutliers(80, 3, 0.25, 6);
const imb = {
  updatesPerEpoch: 2,
  plainEpochs: 1,
  warmupEpochs: 4,
  polarizationEpochs: 6,
  rounds: 3,
  n0: 16,
  budget: 10,
  earlyQuestions: 0,
};

function options(over: Partial<RunOptions> = {}, answersStage: 'off' | 'forest' = 'forest'): RunOptions {
  return { X, config: makeConfig({ seed: 5, engine: 'tfjs', imboost: { ...imb, answersStage } }), oracle: new SimulatedOracle(y), ...over };
}

describe('the learning curve during a run', () => {
  it('gets a point after each round’s answers, carried by the round’s event, and ends with the final ranking’s', async () => {
    const events: ProgressEvent[] = [];
    const r = await runImboost(options({ onProgress: (e) => events.push(e) }));
    const rounds = events.filter((e) => e.phase === 'query');
    expect(rounds).toHaveLength(3);
    expect(rounds.map((e) => e.ranking?.curve.length)).toEqual([1, 2, 3]);
    expect(rounds.map((e) => e.ranking!.curve.at(-1)!.answers)).toEqual([10, 20, 30]);
    // Before the first round the label-free ranking stands (no outlier answered), its scores shown once, at Start;
    // from the first round every event carries the latest ranking (the host keeps only some events).
    const from = events.indexOf(rounds[0]);
    expect(events.slice(0, from).every((e) => e.ranking?.choice === 'iforest' && e.ranking.curve.length === 0)).toBe(true);
    expect(events.slice(0, from).filter((e) => e.scores)).toHaveLength(1);
    expect(events[0].scores).toBeDefined();
    expect(events.slice(from).every((e) => e.ranking)).toBe(true);
    // The outliers counted are the answers' own.
    const last = rounds[2].ranking!.curve.at(-1)!;
    expect(last.outliers).toBe(Array.from(r.labels).filter((l) => l === 1).length);
    // The final ranking replaces the last round's point (no answer since) with its own, judged on every row.
    expect(r.ranking!.curve).toHaveLength(3);
    expect(r.ranking!.curve.slice(0, 2)).toEqual(rounds[2].ranking!.curve.slice(0, 2));
    expect(r.ranking!.curve[2].choice).toBe(r.ranking!.choice);
  });

  it('is kept across a resume from a checkpoint', async () => {
    const checkpoints: Checkpoint[] = [];
    const whole = await runImboost(options({ onCheckpoint: (c) => checkpoints.push(c) }));
    // The checkpoint after the second round's answers (its epoch closed, no round open).
    const mid = checkpoints.find((c) => c.round === 2 && !c.openRound)!;
    expect(mid.ranking?.curve).toHaveLength(2);
    const resumed = await runImboost(options({ resume: mid }));
    expect(resumed.ranking!.curve).toEqual(whole.ranking!.curve);
  });

  it('is not drawn with the answers’ stage off', async () => {
    const events: ProgressEvent[] = [];
    const r = await runImboost(options({ onProgress: (e) => events.push(e) }, 'off'));
    expect(events.some((e) => e.ranking)).toBe(false);
    expect(r.ranking).toBeNull();
  });

  it('replaces a point when no answer came since, appends otherwise', () => {
    const p = (answers: number) => ({ answers, outliers: 1, auc: 0.5, choice: 'prior' as const });
    expect(withPoint([p(10)], p(10))).toEqual([p(10)]);
    expect(withPoint([p(10)], p(20))).toEqual([p(10), p(20)]);
    expect(withPoint([], p(5))).toEqual([p(5)]);
  });
});
