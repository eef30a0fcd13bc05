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
import type { Matrix } from '../../data/matrix';
import { IsolationForest } from '../../peers/isolationForest';
import { Rng } from '../../rng';
import { LabelBook } from '../labels';
import type { QueryRequest } from '../oracle';
import type { RunOptions } from '../run';
import { queryEpochs } from '../schedule';

/** Rows the prior scores at most: a bigger table's early questions come from a seeded sample of this many. */
export const EARLY_SAMPLE = 50_000;

/** A seeded uniform sample of `size` of n rows, ascending; null when n is no more than size (every row). */
function sampleRows(n: number, size: number, seed: number): Int32Array | null {
  if (n <= size) return null;
  const rng = new Rng(seed);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(n - i);
    const v = all[i];
    all[i] = all[j];
    all[j] = v;
  }
  return all.slice(0, size).sort();
}

function subMatrix(X: Matrix, rows: Int32Array): Matrix {
  const out = new Float32Array(rows.length * X.cols);
  rows.forEach((r, i) => out.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols));
  return { data: out, rows: rows.length, cols: X.cols };
}

/** The `count` unlabeled rows the prior ranks highest, best first (ties by row index: deterministic). */
export function topUnlabeled(prior: ArrayLike<number>, labels: Int8Array, count: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === -1) rows.push(i);
  rows.sort((a, b) => prior[b] - prior[a] || a - b);
  return rows.slice(0, count);
}

/** The early question round (round 0), or null when it is off, the run resumes, or no one answers. */
export function earlyRequest(opts: RunOptions, labels: Int8Array): QueryRequest | null {
  const c = opts.config.imboost;
  if (c.earlyQuestions <= 0 || opts.resume || !opts.oracle?.offer) return null;
  // Its own seed: the training's random stream is the same with the early questions on or off.
  const seed = opts.config.seed ^ 0x5eed;
  const rows = sampleRows(opts.X.rows, EARLY_SAMPLE, seed);
  const X = rows ? subMatrix(opts.X, rows) : opts.X;
  const prior = IsolationForest.fit(X, { seed }).score(X);
  const picked = topUnlabeled(prior, rows ? Int8Array.from(rows, (r) => labels[r]) : labels, c.earlyQuestions);
  if (!picked.length) return null;
  return {
    round: 0,
    rounds: queryEpochs(c).length,
    epoch: 0,
    candidates: rows ? picked.map((i) => rows[i]) : picked,
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
