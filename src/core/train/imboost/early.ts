/**
 * Label while it warms up: at Start, before the first epoch, a label-free prior ranks the table and its top rows are
 * offered as round 0. The run does not wait for them: the answers reach the label book whenever they come (during
 * the warm-up, which trains without labels), and count like a round's: the polarization trains on them, the rounds
 * do not ask them again, the answers' stage fits on them.
 *
 * The prior is IsolationForest on every table: the best label-free peer on the tabular benchmark sets, and on a
 * 10k x 1000 table it fits and scores in well under a second (cosine kNN, better on embeddings, costs n^2 d there);
 * a table of more than 50k rows is scored on a seeded sample of 50k (a 600k-row table's every row took ~10 s).
 */
import { FIT_SAMPLE, labelFreeForest, labelFreeSample } from '../../answers/labelFree';
import { LabelBook } from '../labels';
import type { QueryRequest } from '../oracle';
import type { RunOptions } from '../run';
import { queryEpochs } from '../schedule';

/** Rows the prior scores at most: a bigger table's early questions come from the seeded sample its forest is fitted on. */
export const EARLY_SAMPLE = FIT_SAMPLE;

/** The `count` unlabeled rows the prior ranks highest, best first (ties by row index: deterministic). */
export function topUnlabeled(prior: ArrayLike<number>, labels: Int8Array, count: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === -1) rows.push(i);
  rows.sort((a, b) => prior[b] - prior[a] || a - b);
  return rows.slice(0, count);
}

/**
 * The early question round (round 0), or null when it is off, no one answers, or the run resumes past it. A run left
 * with its early questions on screen (`earlyOpen`) and resumed before its first round asks them again: the same rows
 * as at Start (the prior ranks them with no answer known), those answered since shown as answered.
 */
export function earlyRequest(opts: RunOptions, labels: Int8Array): QueryRequest | null {
  const c = opts.config.imboost;
  if (c.earlyQuestions <= 0 || !opts.oracle?.offer) return null;
  const { resume } = opts;
  if (resume && !(opts.earlyOpen && resume.round === 0 && !resume.openRound)) return null;
  const again = resume != null;
  // The label-free ranking's forest, on its own seed: the training's random stream is the same with the early
  // questions on or off, and the first cards are that ranking's top rows.
  // One sample: the forest is fitted on it (a table within the sample size is its own) and ranks its rows.
  const { rows, X } = labelFreeSample(opts.X, opts.config.seed);
  const prior = labelFreeForest(X, opts.config.seed).score(X);
  const known = again ? new Int8Array(X.rows).fill(-1) : rows ? Int8Array.from(rows, (r) => labels[r]) : labels;
  const picked = topUnlabeled(prior, known, c.earlyQuestions);
  const candidates = rows ? picked.map((i) => rows[i]) : picked;
  if (!candidates.length || (again && candidates.every((row) => labels[row] !== -1))) return null;
  return {
    round: 0,
    rounds: queryEpochs(c).length,
    epoch: 0,
    candidates,
    candidateScores: picked.map((i) => prior[i]),
    candidatePosteriors: null,
    budget: picked.length,
  };
}

/**
 * Offers the early questions before the run state is built (on a 10k x 1000 table the training context takes about
 * a second): returns the options the run goes on with, their label book holding the answers known at once.
 */
export function offerEarlyQuestions(opts: RunOptions): RunOptions {
  const oracle = opts.oracle;
  if (!oracle?.offer) return opts;
  const book = opts.labels ?? new LabelBook(opts.X.rows);
  const req = earlyRequest(opts, book.values);
  if (!req) return opts;
  for (const a of oracle.offer(req)) book.set(a.row, a.label);
  return { ...opts, labels: book };
}
