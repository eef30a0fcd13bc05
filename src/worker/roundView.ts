/**
 * What the page sees of a query round: every candidate's row, score and posterior, and the cards (cells,
 * deviations) of the first few; the others are asked for as the cursor nears them (candidateCards).
 */
import * as Comlink from 'comlink';
import type { Matrix } from '../core/data/matrix';
import type { TableSource } from '../core/data/schema';
import type { QueryRequest, RowLabel } from '../core/train/oracle';
import { FIRST_CARDS, type CandidateView, type LabelEntry, type RoundView } from './api';
import { columnDeviations, type FeatureReference } from './deviations';

/** What a round's cards are read from: the scaled features and the file's cells. */
export interface CardSource {
  scaled: Matrix;
  source: TableSource;
}

/** The ground truth's answers to `rows` (the simulated oracle). */
export function truthAnswers(rows: number[], y: Uint8Array): LabelEntry[] {
  const now = Date.now();
  return rows.map((row) => ({ row, label: (y[row] ? 1 : 0) as RowLabel, source: 'ground truth' as const, time: now }));
}

/** The card of candidate `i` of `req`: its cells and its largest deviations per file column. */
function candidateCard(src: CardSource, req: QueryRequest, i: number, ref: FeatureReference): CandidateView {
  const row = req.candidates[i];
  const deviations = columnDeviations(src.scaled, row, ref).map((d) => ({ ...d, name: src.source.header[d.column] }));
  const cells = src.source.header.map((_, c) => String(src.source.cell(row, c)));
  return { row, score: req.candidateScores[i], posterior: req.candidatePosteriors?.[i] ?? null, cells, deviations };
}

/** The cards of candidates [from, from + count) of `req` (clipped to the round). */
export function cardsOf(src: CardSource, req: QueryRequest, ref: FeatureReference, from: number, count: number): CandidateView[] {
  const out: CandidateView[] = [];
  for (let i = Math.max(0, from); i < Math.min(req.candidates.length, from + count); i++) out.push(candidateCard(src, req, i, ref));
  return out;
}

/**
 * What the page gets when a round opens: every candidate's row, score and posterior as typed arrays, and the cards
 * of the first few only (`ref` null: none, the ground truth answers). A 600k-row table's round of 6,000 candidates
 * with their cells was one ~45 ms message to deserialize on the page; the rest of the cards come on demand.
 */
export function roundView(src: CardSource, req: QueryRequest, ref: FeatureReference | null, answers?: LabelEntry[]): RoundView {
  const rows = Int32Array.from(req.candidates);
  const scores = Float32Array.from(req.candidateScores);
  const posteriors = req.candidatePosteriors ? Float64Array.from(req.candidatePosteriors) : null;
  const cards = ref ? cardsOf(src, req, ref, 0, FIRST_CARDS) : [];
  const view: RoundView = { round: req.round, rounds: req.rounds, epoch: req.epoch, budget: req.budget, rows, scores, posteriors, cards };
  if (answers) view.answers = answers;
  return Comlink.transfer(view, [rows.buffer, scores.buffer, ...(posteriors ? [posteriors.buffer] : [])]);
}
