/** A query round: candidates from the eq. (5) scores, the open round checkpointed, the answers, the guard's evidence. */
import { guardedQuery } from '../guardedQuery';
import type { QueryRequest } from '../oracle';
import { progressEvent } from '../progress';
import type { Checkpoint } from '../checkpoint';
import { mixedSelection, selectQuery } from '../../query/strategies';
import { Rng } from '../../rng';
import { averageOf } from '../vectors';
import { counts, type EpochFacts } from './epoch';
import { saveCheckpoint, updatePush, type ImboostRun } from './state';
import { takeWarmupSnapshot } from './warmup';
import { curvePhase } from './curve';

/** Whether a round opens after epoch `epoch`. */
export function roundDue(run: ImboostRun, epoch: number): boolean {
  const { rounds } = run.schedule;
  return rounds.includes(epoch) && run.round < rounds.length;
}

/** Shows the round to the host and takes the oracle's answers into the label book. */
async function ask(run: ImboostRun, req: QueryRequest): Promise<void> {
  const { opts, book } = run;
  const control = opts.control;
  opts.onQuery?.(req);
  if (!opts.oracle || !req.candidates.length) return;
  const answers = await opts.oracle.answer(req, control?.signal ?? new AbortController().signal);
  control?.throwIfAborted();
  for (const a of answers) book.set(a.row, a.label);
}

/** The round after epoch `epoch` (its progress event carried `facts`). */
export async function runRound(run: ImboostRun, epoch: number, facts: EpochFacts): Promise<void> {
  const { c, ctx, book, budget } = run;
  run.round++;
  const ens = averageOf(run.history);
  if (run.round === 1 && !run.warmup) await takeWarmupSnapshot(run, epoch, ens);
  const before = Int8Array.from(book.values);
  // With the guard on, later rounds ask half their questions from the warm-up's boundary (none once it is shown wrong).
  const unlabeled = book.rows(-1);
  const picked =
    run.guard && run.warmup && run.round >= 2 && run.warmupQuestions
      ? guardedQuery(c.query, ens, run.warmup.scores, unlabeled, budget, c.alpha, ctx.rng, run.pushing ? 0 : 0.5)
      : selectQuery(c.query, ens, unlabeled, budget, c.alpha, ctx.rng);
  // The other rules' shares draw from their own stream: the training's is the same whatever the shares.
  const share = { top: Math.round(c.topShare * picked.rows.length), random: Math.round(c.randomShare * picked.rows.length) };
  const sel = mixedSelection(picked, ens, unlabeled, share, new Rng(run.opts.config.seed * 31 + run.round));
  const req: QueryRequest = {
    round: run.round,
    rounds: run.schedule.rounds.length,
    epoch,
    candidates: sel.rows,
    candidateScores: sel.rows.map((r) => ens[r]),
    candidatePosteriors: sel.posteriors,
    budget,
  };
  // The round is open: a checkpoint here lets a reload reopen it with the same candidates.
  await saveCheckpoint(run, epoch + 1, req);
  await ask(run, req);
  run.guard?.observe(run.round, ens, before, book.values);
  updatePush(run);
  const ranking = curvePhase(run, ens);
  run.opts.onProgress?.(progressEvent({ ...facts, ...counts(run), phase: 'query', ranking }));
}

/** Resuming inside an open round: ask it again (same candidates) before training on. */
export async function reopenRound(run: ImboostRun, cp: Checkpoint & { openRound: QueryRequest }): Promise<void> {
  const before = Int8Array.from(cp.labels);
  await ask(run, cp.openRound);
  if (run.history.length) run.guard?.observe(cp.openRound.round, averageOf(run.history), before, run.book.values);
  updatePush(run);
  await saveCheckpoint(run, run.startEpoch, null);
}
