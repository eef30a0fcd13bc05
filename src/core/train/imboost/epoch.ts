/** One epoch of either phase: its updates, the scoring the method (and the live trace) needs, its progress event. */
import { LastLoss } from '../lastLoss';
import { progressEvent, summarize, type GradStopView, type Phase, type ProgressEvent, type ProgressFacts } from '../progress';
import { batchSize, trimmingOn } from '../schedule';
import { polarizeSpec } from './polarize';
import { shownScores } from './prior';
import { allRows, type ImboostRun } from './state';
import { keepWarmupTest, observeWarmupStop, stopWatching, warmupSpec } from './warmup';

/** What the epoch's progress event said, for the round's event that may follow. */
export type EpochFacts = Omit<ProgressFacts, 'phase' | 'round' | 'labeledInliers' | 'labeledOutliers'>;

/** The updates of epoch `epoch`; returns the last update's loss and batch size. */
async function train(run: ImboostRun, se: number, polarizing: boolean): Promise<{ loss: number; bs: number }> {
  const { c, ctx, book, pools, opts } = run;
  const control = opts.control;
  const lastLoss = new LastLoss();
  let bs = 0;
  for (let u = 0; u < c.updatesPerEpoch; u++) {
    if (control) await control.gate();
    if (book.version !== pools.version) {
      pools.unlabeled = book.rows(-1);
      pools.inliers = book.rows(0);
      pools.outliers = book.rows(1);
      pools.version = book.version;
    }
    // Labeled rows leave the unlabeled pool; they enter the loss only in polarization (lambda terms).
    const pool = pools.unlabeled.length >= 2 ? pools.unlabeled : allRows(opts.X.rows);
    bs = batchSize(se, c, pool.length);
    const batch = ctx.sample(pool, bs);
    const out = ctx.step(polarizing ? polarizeSpec(run, batch, bs) : warmupSpec(run, batch, se));
    lastLoss.keep(out.loss);
    run.updates++;
  }
  return { loss: await lastLoss.read(), bs };
}

/**
 * Every row is scored where the method needs it (the eq. (5) window, the last epoch, GradStop's warm-up);
 * elsewhere only the live trace, which on a big table scores a sample.
 */
async function score(run: ImboostRun, epoch: number, polarizing: boolean) {
  const { ctx, book, opts, trace, scoreK } = run;
  let summary: ReturnType<typeof summarize> | null = null;
  let scored = false;
  let gradstop: GradStopView | undefined;
  const watching = stopWatching(run, polarizing);
  const { firstScoredEpoch, totalEpochs } = run.schedule;
  if (epoch >= firstScoredEpoch || epoch === totalEpochs - 1 || watching) {
    run.lastScores = await ctx.scoreTrain(scoreK);
    scored = true;
    if (epoch >= firstScoredEpoch || watching) {
      run.history.push(run.lastScores);
      if (run.history.length > run.keep) run.history.shift();
    }
    if (watching) gradstop = await observeWarmupStop(run, epoch);
    summary = trace ? trace.summarizeAll(run.lastScores, book.values) : summarize(run.lastScores, book.values, opts.truth ?? null);
  } else if (trace) {
    const traced = await trace.score(ctx, scoreK, book.values);
    summary = traced.summary;
    if (traced.scores) {
      run.lastScores = traced.scores;
      scored = true;
    }
  }
  // Test rows are scored only for the final average and the warm-up's (benchmark); the app has none.
  if (run.c.finalScore === 'average' && opts.Xtest && epoch >= run.schedule.totalEpochs - run.keep)
    run.testHistory.push(await ctx.scoreMatrix(opts.Xtest, scoreK));
  await keepWarmupTest(run, epoch);
  return { summary, scored, gradstop };
}

/** Trains and scores epoch `epoch`, tells the host, and returns the facts its event carried. */
export async function runEpoch(run: ImboostRun, epoch: number): Promise<EpochFacts> {
  const { c } = run;
  // The schedule's epoch: the actual one less the epochs undone by an early warm-up stop.
  const se = epoch - run.schedule.shift;
  const polarizing = se >= run.schedule.sched.warmupEpochs;
  const phase: Phase = polarizing ? 'polarization' : trimmingOn(se, c) ? 'trimmed' : 'plain';
  const { loss, bs } = await train(run, se, polarizing);
  const { summary, scored, gradstop } = await score(run, epoch, polarizing);
  const { totalEpochs, rounds } = run.schedule;
  const facts: EpochFacts = {
    method: 'imboost',
    epoch,
    totalEpochs,
    update: run.updates,
    totalUpdates: totalEpochs * c.updatesPerEpoch,
    batchSize: bs,
    loss,
    t0: run.t0,
    rounds: rounds.length,
    summary,
    traceRows: scored ? null : (run.trace?.rows ?? null),
  };
  const ranking = run.ranking;
  run.opts.onProgress?.(progressEvent({ ...facts, ...counts(run), phase, scores: shownScores(run, epoch, scored), gradstop, ranking }));
  return facts;
}

/** The round and answer counts of a progress event. */
export function counts(run: ImboostRun): Pick<ProgressEvent, 'round' | 'labeledInliers' | 'labeledOutliers'> {
  return { round: run.round, labeledInliers: run.book.count(0), labeledOutliers: run.book.count(1) };
}
