import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../../tests/tf-setup';
import { blobWithOutliers } from '../../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../../config';
import { Rng } from '../../rng';
import { formatAuc } from '../../answers/chooser';
import { answersStage, CONTRAST_CANDIDATE } from '../../answers/stack';
import { forestClassifier } from '../../answers/forestClassifier';
import { mixedSelection, selectQuery } from '../../query/strategies';
import type { Checkpoint } from '../checkpoint';
import { DEFAULT_GUARD_OPTIONS, PolarizationGuard } from '../guard';
import { guardedQuery } from '../guardedQuery';
import { SimulatedOracle, type QueryRequest } from '../oracle';
import type { RunOptions } from '../run';
import { averageOf } from '../vectors';
import { answersPhase } from './answers';
import { labelFreeOf } from './prior';
import { contrastStage } from '../../contrast/stage';
import type { EpochFacts } from './epoch';
import { finish } from './finish';
import { polarizeSpec } from './polarize';
import { reopenRound, runRound } from './round';
import { createRun, lambdas, type ImboostRun } from './state';
import { observeWarmupStop, stopWatching, takeWarmupSnapshot, warmupSpec } from './warmup';

beforeAll(useCpu);

const { X, y } = blobWithOutliers(60, 3, 0.2, 4);
// The paper's questions alone (MM); the shares for the answers' forest have their own test (round phase).
const imb = {
  updatesPerEpoch: 2,
  plainEpochs: 1,
  warmupEpochs: 4,
  polarizationEpochs: 4,
  rounds: 2,
  n0: 16,
  budget: 6,
  topShare: 0,
  randomShare: 0,
};

function options(over: ConfigOverrides['imboost'] = {}, more: Partial<RunOptions> = {}): RunOptions {
  return { X, config: makeConfig({ seed: 3, engine: 'tfjs', imboost: { ...imb, ...over } }), oracle: new SimulatedOracle(y), ...more };
}

async function withRun<T>(opts: RunOptions, fn: (run: ImboostRun) => Promise<T> | T): Promise<T> {
  const run = createRun(opts);
  try {
    return await fn(run);
  } finally {
    run.ctx.dispose();
  }
}

/** A score vector per row from a formula (the phases below never need a trained model's). */
const vec = (f: (i: number) => number) => Float32Array.from({ length: X.rows }, (_, i) => f(i));
const facts: EpochFacts = { method: 'imboost', epoch: 3, totalEpochs: 8, update: 8, totalUpdates: 16, batchSize: 16, loss: 1, t0: 0 };
/** An Rng at the run's current position, for an independent replay of its draws. */
const replay = (run: ImboostRun) => at(run.ctx.rng.getState());
const at = (state: number) => {
  const r = new Rng(0);
  r.setState(state);
  return r;
};
const label = (run: ImboostRun, rows: number[]) => rows.forEach((r) => run.book.set(r, y[r] as 0 | 1));

describe('warm-up phase', () => {
  it('plain, then trimmed at the warm-up threshold; never the answers', async () => {
    await withRun(options({ warmupThreshold: 'scaled-quantile' }), (run) => {
      label(run, [0, 1, 2]);
      const batch = Int32Array.of(5, 6);
      expect(warmupSpec(run, batch, 0).trim).toBeNull();
      const t = warmupSpec(run, batch, 1);
      expect(t.trim).toEqual({ rho: 0.92, scale: 1 - 0.4, xi: 0 });
      expect(t.inliers).toBeNull();
      expect(t.outliers).toBeNull();
    });
    await withRun(options({ warmupThreshold: 'quantile' }), (run) => expect(warmupSpec(run, Int32Array.of(1), 2).trim!.scale).toBe(1));
  });

  it('a fixed warm-up has no stop to watch; GradStop ends it at the cap with the kept epoch and moves the schedule', async () => {
    await withRun(options(), async (run) => {
      expect(stopWatching(run, false)).toBe(false);
      expect(await observeWarmupStop(run, 0)).toBeUndefined();
    });
    await withRun(options({ warmupStop: 'gradstop' }), async (run) => {
      for (let e = 0; e < 4; e++) {
        expect(stopWatching(run, false)).toBe(true);
        run.history.push(vec((i) => i + e));
        if (run.history.length > run.keep) run.history.shift();
        const view = await observeWarmupStop(run, e);
        expect(view).toBeDefined();
      }
      const end = run.stop!.end!;
      expect(end.stopped).toBe(3);
      expect(stopWatching(run, false)).toBe(false);
      const { sched, shift, rounds, totalEpochs } = run.schedule;
      expect(sched.warmupEpochs).toBe(end.kept + 1);
      expect(shift).toBe(end.stopped - end.kept);
      // The first round opens right after the epoch the warm-up stopped at, on the kept epoch's window.
      expect(rounds[0]).toBe(end.stopped);
      expect(totalEpochs).toBe(end.kept + 1 + 4 + shift);
      expect(run.history.at(-1)![0]).toBe(end.kept);
    });
  });

  it("the first round's snapshot: the guard's fallback scores, with the model only when guarded", async () => {
    const ens = averageOf([vec((i) => i), vec((i) => 3 * i)]);
    await withRun(options({ guard: 'off' }), async (run) => {
      await takeWarmupSnapshot(run, 3, ens);
      expect(Array.from(run.warmup!.scores)).toEqual(Array.from(ens, (v) => Math.fround(v)));
      expect(run.warmup!.checkpoint).toBeNull();
      expect(run.guard).not.toBeNull();
    });
    await withRun(options({ guard: 'on' }), async (run) => {
      await takeWarmupSnapshot(run, 3, ens);
      expect(run.warmup!.checkpoint).toMatchObject({ nextEpoch: 4, round: 0, history: [] });
    });
  });
});

describe('polarization phase', () => {
  it('always trims at threshold (4) and draws at most bs labeled inliers and outliers', async () => {
    await withRun(options(), (run) => {
      const none = polarizeSpec(run, Int32Array.of(1, 2), 4);
      expect(none.trim).toEqual({ rho: 0.92, scale: 0.6, xi: 0.4 });
      expect(none.inliers).toBeNull();
      expect(none.outliers).toBeNull();
      run.pools.inliers = Int32Array.of(10, 11, 12, 13, 14, 15);
      run.pools.outliers = Int32Array.of(40, 41);
      const s = polarizeSpec(run, Int32Array.of(1, 2), 4);
      expect(s.inliers).toHaveLength(4);
      expect(s.outliers).toHaveLength(2);
      for (const r of s.inliers!) expect(run.pools.inliers).toContain(r);
      for (const r of s.outliers!) expect(run.pools.outliers).toContain(r);
      expect([s.lambda1, s.lambda2]).toEqual([2, 1]);
    });
  });

  it('pushes the answers harder once the warm-up is shown wrong', async () => {
    await withRun(options({ lambda1: 3, lambda2: 0.5 }), (run) => {
      run.pushing = true;
      expect(lambdas(run)).toEqual({ lambda1: 3 * DEFAULT_GUARD_OPTIONS.push, lambda2: 0.5 * DEFAULT_GUARD_OPTIONS.push });
    });
  });
});

describe('round phase', () => {
  const rounds = (guard: 'on' | 'off', more: Partial<RunOptions> = {}) =>
    withRun(options({ guard }, more), async (run) => {
      run.history = [vec((i) => Math.sin(i)), vec((i) => Math.cos(i))];
      const ens = averageOf(run.history);
      const first = replay(run);
      const expectedFirst = selectQuery('MM', ens, run.book.rows(-1), 6, 0.4, first);
      await runRound(run, 3, facts);
      // Polarization has moved the scores by round 2: its boundary is no longer the warm-up's.
      run.history = [vec((i) => Math.cos(3 * i))];
      const polarized = averageOf(run.history);
      const second = run.ctx.rng.getState();
      const unlabeled = run.book.rows(-1);
      await runRound(run, 5, facts);
      return { run, ens, polarized, expectedFirst, second, unlabeled };
    });

  it('round 1 asks from the eq. (5) scores and keeps the warm-up; guarded later rounds ask half from its boundary', async () => {
    const asked: QueryRequest[] = [];
    const cps: Checkpoint[] = [];
    const { run, ens, polarized, expectedFirst, second, unlabeled } = await rounds('on', {
      onQuery: (q) => asked.push(q),
      onCheckpoint: (c) => cps.push(c),
    });
    expect(asked[0].candidates).toEqual(expectedFirst.rows);
    expect(run.warmup!.scores[7]).toBe(Math.fround(ens[7]));
    const guarded = guardedQuery('MM', polarized, run.warmup!.scores, unlabeled, 6, 0.4, at(second), 0.5);
    expect(asked[1].candidates).toEqual(guarded.rows);
    expect(asked[1].candidates).not.toEqual(selectQuery('MM', polarized, unlabeled, 6, 0.4, at(second)).rows);
    // Each round is checkpointed open, before its answers.
    expect(cps.map((c) => c.openRound?.round)).toEqual([1, 2]);
    expect(Array.from(cps[0].labels).every((v) => v === -1)).toBe(true);
    for (const r of asked.flatMap((q) => q.candidates)) expect(run.book.values[r]).toBe(y[r]);
    expect(run.round).toBe(2);
  });

  it('gives a round’s shares to the top and random rows after the strategy’s own, from their own seeded stream', async () => {
    const asked: QueryRequest[] = [];
    await withRun(
      options({ guard: 'off', budget: 8, topShare: 0.25, randomShare: 0.25 }, { onQuery: (q) => asked.push(q) }),
      async (run) => {
        run.history = [vec((i) => Math.sin(i))];
        const ens = averageOf(run.history);
        const unlabeled = run.book.rows(-1);
        const mm = selectQuery('MM', ens, unlabeled, 8, 0.4, replay(run));
        await runRound(run, 3, facts);
        const want = mixedSelection(mm, ens, unlabeled, { top: 2, random: 2 }, new Rng(run.opts.config.seed * 31 + 1));
        expect(asked[0].candidates).toEqual(want.rows);
        expect(asked[0].candidates.slice(0, 4)).toEqual(mm.rows.slice(0, 4));
        expect(asked[0].candidatePosteriors!.slice(4).every(Number.isNaN)).toBe(true);
      },
    );
  });

  it('with the guard off every round asks from the polarized scores alone', async () => {
    const asked: QueryRequest[] = [];
    const { polarized, second, unlabeled } = await rounds('off', { onQuery: (q) => asked.push(q) });
    expect(asked[1].candidates).toEqual(selectQuery('MM', polarized, unlabeled, 6, 0.4, at(second)).rows);
  });

  it('a run resumed inside an open round asks the same candidates again and checkpoints it closed', async () => {
    const open: QueryRequest = {
      round: 2,
      rounds: 2,
      epoch: 5,
      candidates: [3, 9, 12],
      candidateScores: [1, 2, 3],
      candidatePosteriors: null,
      budget: 6,
    };
    const cp: Checkpoint = {
      version: 1,
      method: 'imboost',
      nextEpoch: 6,
      round: 2,
      state: [],
      adamM: [],
      adamV: [],
      adamStep: 0,
      rngState: 1,
      labels: new Int8Array(X.rows).fill(-1),
      history: [],
      openRound: open,
    };
    const asked: QueryRequest[] = [];
    const cps: Checkpoint[] = [];
    await withRun(options({}, { onQuery: (q) => asked.push(q), onCheckpoint: (c) => cps.push(c) }), async (run) => {
      run.startEpoch = 6;
      run.guard = new PolarizationGuard(vec((i) => i));
      run.history = [vec((i) => -i)];
      await reopenRound(run, { ...cp, openRound: open });
      expect(asked).toEqual([open]);
      expect([3, 9, 12].map((r) => run.book.values[r])).toEqual([3, 9, 12].map((r) => y[r]));
      expect(run.guard.samples).toHaveLength(3);
      expect(cps.map((c) => [c.nextEpoch, c.openRound])).toEqual([[6, null]]);
    });
  });
});

describe('finish phase', () => {
  const scored = (run: ImboostRun) => {
    run.history = [vec((i) => i), vec((i) => 2 * i + 1)];
    run.lastScores = run.history[1];
  };

  it("finalScore 'average' is the eq. (5) window's mean, 'last' the last epoch's scores", async () => {
    const avg = await withRun(options({ finalScore: 'average', answersStage: 'off' }), (run) => (scored(run), finish(run)));
    expect(avg.scores[10]).toBe(Math.fround((10 + 21) / 2));
    const last = await withRun(options({ finalScore: 'last', answersStage: 'off' }), (run) => (scored(run), finish(run)));
    expect(Array.from(last.scores)).toEqual(Array.from(vec((i) => 2 * i + 1)));
    expect(last.guard).toBeNull();
  });

  /** A guard with no held-out answers: nothing shows polarization helped, so a guard that judges rolls back. */
  const judged = (guard: 'on' | 'off' | 'adaptive', cps: Checkpoint[] = []) =>
    withRun(options({ guard, finalScore: 'last', answersStage: 'off' }, { onCheckpoint: (c) => cps.push(c) }), async (run) => {
      scored(run);
      await takeWarmupSnapshot(
        run,
        3,
        vec((i) => -i),
      );
      return finish(run);
    });

  it('the guard on rolls back to the warm-up scores and model; off and adaptive on a narrow table keep the polarized', async () => {
    const cps: Checkpoint[] = [];
    const on = await judged('on', cps);
    expect(on.guard!.choice).toBe('warmup');
    expect(Array.from(on.scores)).toEqual(Array.from(vec((i) => -i)));
    expect(Array.from(on.polarized!.scores)).toEqual(Array.from(vec((i) => 2 * i + 1)));
    // The last checkpoint holds the warm-up's model, taken at the schedule's end.
    expect(cps.map((c) => c.nextEpoch)).toEqual([8]);
    for (const mode of ['off', 'adaptive'] as const) {
      const kept = await judged(mode);
      expect(kept.guard!.choice).toBe('polarized');
      expect(kept.guard!.wouldRollBack).toBe(mode === 'off');
      expect(Array.from(kept.scores)).toEqual(Array.from(vec((i) => 2 * i + 1)));
    }
  });
});

describe("answers' phase", () => {
  const prior = { scores: vec((i) => (i * 7919) % 13), testScores: null };
  it('off keeps the scores; forest takes what the stage chooses on the answers', async () => {
    await withRun(options({ answersStage: 'off' }), (run) => {
      label(run, [...Array(30).keys()]);
      expect(answersPhase(run, prior)).toEqual({ ...prior, ranking: null });
    });
    await withRun(options({ answersStage: 'forest' }), (run) => {
      label(run, [...Array(30).keys()]);
      const out = answersPhase(run, prior);
      const free = labelFreeOf(run);
      const direct = answersStage(
        X,
        null,
        { train: prior.scores, test: null, judge: null, labelFree: free },
        run.book.values,
        forestClassifier(3),
      );
      // The four candidates' AUCs, then the mix's with the mean of the rankings (30 answers: weight 20 / 30).
      expect(direct.choice.aucs).toHaveLength(5);
      expect(direct.choice.reason).toContain('With 30 answers the ranking is 0.33 this pick and 0.67 the mean rank of');
      expect(out.ranking!.choice).toBe(direct.choice.id);
      // The curve's last point is that mix: its AUC (the one the sentence ends with) and the mean's share.
      expect(out.ranking!.curve.at(-1)).toEqual({
        answers: 30,
        outliers: run.book.count(1),
        auc: direct.auc,
        choice: direct.choice.id,
        meanShare: 20 / 30,
      });
      expect(direct.choice.reason).toMatch(new RegExp(`this ranking has AUC ${formatAuc(direct.auc)}\\.$`));
      // A score unrelated to the features loses (to the forest or the label-free ranking) on these separable answers.
      expect(direct.choice.index).toBeGreaterThan(0);
      expect(Array.from(out.scores)).toEqual(Array.from(direct.train, (v) => Math.fround(v)));
    });
  });

  it('imboost.meanAnswers reaches the final ranking: 40 there, so 30 answers take the mean alone; 0, the pick alone', async () => {
    const run = async (meanAnswers: number) =>
      withRun(options({ answersStage: 'forest', meanAnswers }), (r) => {
        label(r, [...Array(30).keys()]);
        return answersPhase(r, prior).ranking!;
      });
    const mean = await run(40);
    expect(mean.choice).toBe('mean');
    expect(mean.reason).toMatch(
      /^Ranked by the mean rank of the model’s score, a forest on your answers and .*: with 30 answers \(up to 40\)/,
    );
    const pick = await run(0);
    expect(pick.choice).not.toBe('mean');
    expect(pick.reason).not.toContain('mean rank');
  });

  it('with answersContrast on, the contrast stage cut by the final score is a fifth candidate, held out of the answers', async () => {
    await withRun(
      options(
        { answersStage: 'forest', answersContrast: 'on' },
        { config: makeConfig({ seed: 3, engine: 'tfjs', imboost: { ...imb, answersContrast: 'on' }, contrast: { steps: 10, batch: 8 } }) },
      ),
      (run) => {
        label(run, [...Array(30).keys()]);
        const out = answersPhase(run, prior);
        const c = contrastStage({ X, scores: prior.scores, labels: run.book.values, c: run.opts.config.contrast, seed: 3, heldOut: true });
        const direct = answersStage(
          X,
          null,
          { train: prior.scores, test: null, judge: null, labelFree: labelFreeOf(run) },
          run.book.values,
          forestClassifier(3),
          undefined,
          [{ id: 'contrast', name: CONTRAST_CANDIDATE, train: c.train, test: null }],
        );
        expect(direct.choice.aucs).toHaveLength(6);
        expect(out.ranking!.choice).toBe(direct.choice.id);
        expect(Array.from(out.scores)).toEqual(Array.from(direct.train, (v) => Math.fround(v)));
      },
    );
  });
});
