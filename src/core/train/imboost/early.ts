/**
 * Label while it warms up: at Start, before the first epoch, a label-free prior ranks the table and its top rows are
 * offered as round 0. The run does not wait for them: the answers reach the label book whenever they come (during
 * the warm-up, which trains without labels), and count like a round's: the polarization trains on them, the rounds
 * do not ask them again, the answers' stage fits on them.
 *
 * The prior is IsolationForest on every table: the best label-free peer on the tabular benchmark sets, and on a
 * 10k x 1000 table it fits and scores in well under a second (cosine kNN, better on embeddings, costs n^2 d there).
 */
import { IsolationForest } from '../../peers/isolationForest';
import type { QueryRequest } from '../oracle';
import type { ImboostRun } from './state';

/** The `count` unlabeled rows the prior ranks highest, best first (ties by row index: deterministic). */
export function topUnlabeled(prior: ArrayLike<number>, labels: Int8Array, count: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === -1) rows.push(i);
  rows.sort((a, b) => prior[b] - prior[a] || a - b);
  return rows.slice(0, count);
}

/** The early question round (round 0), or null when it is off, the run resumes, or no one answers. */
export function earlyRequest(run: ImboostRun): QueryRequest | null {
  const { c, opts, book } = run;
  if (c.earlyQuestions <= 0 || opts.resume || !opts.oracle?.offer) return null;
  // Its own seed: the training's random stream is the same with the early questions on or off.
  const prior = IsolationForest.fit(opts.X, { seed: opts.config.seed ^ 0x5eed }).score(opts.X);
  const candidates = topUnlabeled(prior, book.values, c.earlyQuestions);
  if (!candidates.length) return null;
  return {
    round: 0,
    rounds: run.schedule.rounds.length,
    epoch: 0,
    candidates,
    candidateScores: candidates.map((r) => prior[r]),
    candidatePosteriors: null,
    budget: candidates.length,
  };
}

/** Offers the early questions; the answers known at once (a ground truth) go into the book now. */
export function earlyQuestions(run: ImboostRun): QueryRequest | null {
  const oracle = run.opts.oracle;
  const req = oracle?.offer ? earlyRequest(run) : null;
  if (!req || !oracle?.offer) return null;
  for (const a of oracle.offer(req)) run.book.set(a.row, a.label);
  return req;
}
