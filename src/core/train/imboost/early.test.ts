import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../../tests/tf-setup';
import { blobWithOutliers } from '../../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../../config';
import { rocAuc } from '../../metrics';
import { IsolationForest } from '../../peers/isolationForest';
import type { Checkpoint } from '../checkpoint';
import { LabelBook } from '../labels';
import { SimulatedOracle, type Answer, type Oracle, type QueryRequest } from '../oracle';
import { EARLY_SAMPLE, earlyRequest, topUnlabeled } from './early';
import { runImboost } from './index';

beforeAll(useCpu);

const { X, y } = blobWithOutliers(160, 4, 0.1, 3);
const config = (earlyQuestions: number): ConfigOverrides => ({
  seed: 9,
  engine: 'tfjs',
  imboost: { updatesPerEpoch: 3, plainEpochs: 2, warmupEpochs: 6, polarizationEpochs: 6, rounds: 2, n0: 32, budget: 4, earlyQuestions },
});

/** A person at the page: sees the early questions, answers none at once, answers them from `truth` when told. */
class LateAnswers implements Oracle {
  offered: QueryRequest[] = [];
  asked: QueryRequest[] = [];
  constructor(private readonly truth: Uint8Array) {}
  offer(req: QueryRequest): Answer[] {
    this.offered.push(req);
    return [];
  }
  async answer(req: QueryRequest): Promise<Answer[]> {
    this.asked.push(req);
    return req.candidates.map((row) => ({ row, label: this.truth[row] ? 1 : 0 }));
  }
}

describe('early questions (label while it warms up)', () => {
  it('offers the unlabeled rows the prior ranks highest, best first, ties by row', () => {
    const labels = Int8Array.from([-1, 1, -1, -1, 0, -1]);
    expect(topUnlabeled([0.5, 0.9, 0.7, 0.7, 0.99, 0.1], labels, 3)).toEqual([2, 3, 0]);
    expect(topUnlabeled([0.5, 0.9, 0.7, 0.7, 0.99, 0.1], labels, 10)).toEqual([2, 3, 0, 5]);
  });

  it('asks a table bigger than the sample from a seeded sample of its rows, the same rows for the same seed', () => {
    const n = EARLY_SAMPLE + 3000;
    const big = blobWithOutliers(n, 2, 0.01, 4);
    const opts = { X: big.X, config: makeConfig(config(5)), oracle: new SimulatedOracle(big.y) };
    const labels = new Int8Array(n).fill(-1);
    const a = earlyRequest(opts, labels)!;
    expect(a.candidates).toHaveLength(5);
    expect(a.candidates.every((r) => r >= 0 && r < n)).toBe(true);
    expect(a.candidates.filter((r) => big.y[r] === 1).length).toBeGreaterThanOrEqual(4);
    expect(earlyRequest(opts, labels)!.candidates).toEqual(a.candidates);
    labels[a.candidates[0]] = 1;
    expect(earlyRequest(opts, labels)!.candidates).not.toContain(a.candidates[0]);
  });

  it('asks round 0 from IsolationForest before the first epoch; the ground truth answers count and are not asked again', async () => {
    const offered: QueryRequest[] = [];
    const asked: QueryRequest[] = [];
    const truth = new SimulatedOracle(y);
    const oracle: Oracle = {
      offer: (req) => (offered.push(req), truth.offer(req)),
      answer: (req) => (asked.push(req), truth.answer(req)),
    };
    const r = await runImboost({ X, config: makeConfig(config(6)), oracle });
    expect(offered.map((q) => [q.round, q.epoch, q.candidates.length])).toEqual([[0, 0, 6]]);
    const early = offered[0].candidates;
    // The prior's top rows: on this blob most of them are the planted outliers.
    expect(early.filter((row) => y[row] === 1).length).toBeGreaterThanOrEqual(4);
    expect(rocAuc(IsolationForest.fit(X, { seed: 9 ^ 0x5eed }).score(X), y)).toBeGreaterThan(0.9);
    for (const row of early) expect(r.labels[row]).toBe(y[row]);
    expect(asked.flatMap((q) => q.candidates).some((row) => early.includes(row))).toBe(false);
    expect(Array.from(r.labels).filter((v) => v >= 0).length).toBe(6 + 2 * 4);
  });

  it('is deterministic by seed with the ground truth answering, and unanswered early questions change nothing', async () => {
    const a = await runImboost({ X, config: makeConfig(config(6)), oracle: new SimulatedOracle(y) });
    const b = await runImboost({ X, config: makeConfig(config(6)), oracle: new SimulatedOracle(y) });
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
    const off = await runImboost({ X, config: makeConfig(config(0)), oracle: new LateAnswers(y) });
    const silent = new LateAnswers(y);
    const on = await runImboost({ X, config: makeConfig(config(6)), oracle: silent });
    expect(silent.offered).toHaveLength(1);
    expect(Array.from(on.scores)).toEqual(Array.from(off.scores));
  });

  it('takes answers given during the warm-up into the book: counted, trained on, not asked by the first round', async () => {
    const person = new LateAnswers(y);
    const book = new LabelBook(X.rows);
    let answeredAt = -1;
    const r = await runImboost({
      X,
      config: makeConfig(config(5)),
      oracle: person,
      labels: book,
      onProgress: (e) => {
        // The analyst answers the early cards while the warm-up trains (after its second epoch).
        if (answeredAt >= 0 || (e.phase !== 'plain' && e.phase !== 'trimmed') || e.epoch < 1) return;
        answeredAt = e.epoch;
        for (const row of person.offered[0].candidates) book.set(row, y[row] ? 1 : 0);
      },
    });
    expect(answeredAt).toBeGreaterThanOrEqual(1);
    const early = person.offered[0].candidates;
    for (const row of early) expect(r.labels[row]).toBe(y[row]);
    expect(person.asked[0].round).toBe(1);
    expect(person.asked[0].candidates.some((row) => early.includes(row))).toBe(false);
  });

  it('offers nothing when resuming (the early answers are in the checkpoint and the saved labels)', async () => {
    const cps: Checkpoint[] = [];
    await runImboost({ X, config: makeConfig(config(5)), oracle: new SimulatedOracle(y), onCheckpoint: (c) => cps.push(c) });
    const person = new LateAnswers(y);
    await runImboost({ X, config: makeConfig(config(5)), oracle: person, resume: cps[2] });
    expect(person.offered).toHaveLength(0);
  });

  it('offers the same early questions again when a run left with them on screen resumes in its warm-up', async () => {
    const first = new LateAnswers(y);
    const cps: Checkpoint[] = [];
    await runImboost({ X, config: makeConfig(config(5)), oracle: first, onCheckpoint: (c) => cps.push(c) });
    const early = first.offered[0].candidates;
    const inWarmup = cps[2];
    expect(inWarmup.round).toBe(0);
    const pastRound = cps.find((c) => c.round >= 1 && !c.openRound)!;
    // Two of them answered before the run was left: the card comes back with the same rows, those two answered.
    const twoAnswered = () =>
      new LabelBook(
        X.rows,
        Int8Array.from(y, (v, row) => (early.slice(0, 2).includes(row) ? v : -1)),
      );
    const again = new LateAnswers(y);
    const resumed = await runImboost({
      X,
      config: makeConfig(config(5)),
      oracle: again,
      labels: twoAnswered(),
      resume: inWarmup,
      earlyOpen: true,
    });
    expect(again.offered.map((q) => [q.round, q.candidates])).toEqual([[0, early]]);
    expect(again.asked[0].candidates.some((row) => early.slice(0, 2).includes(row))).toBe(false);
    expect(resumed.labels[early[0]]).toBe(y[early[0]]);
    // Left unanswered again, they change nothing: the same scores as the run resumed without them.
    const plain = await runImboost({
      X,
      config: makeConfig(config(5)),
      oracle: new LateAnswers(y),
      labels: twoAnswered(),
      resume: inWarmup,
    });
    expect(Array.from(resumed.scores)).toEqual(Array.from(plain.scores));
    // Not past the first round, and not when every one of them is answered.
    const late = new LateAnswers(y);
    await runImboost({ X, config: makeConfig(config(5)), oracle: late, resume: pastRound, earlyOpen: true });
    expect(late.offered).toHaveLength(0);
    const done = new LabelBook(
      X.rows,
      Int8Array.from(y, (v, row) => (early.includes(row) ? v : -1)),
    );
    const none = new LateAnswers(y);
    await runImboost({ X, config: makeConfig(config(5)), oracle: none, labels: done, resume: inWarmup, earlyOpen: true });
    expect(none.offered).toHaveLength(0);
  });
});
