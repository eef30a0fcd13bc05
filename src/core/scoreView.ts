import { equalBins, finiteRange } from './bins';
import { orderByRank, rankRows, visibleRows, type LabelFilter, type SortKey } from './scoreIndex';

export type { LabelFilter, SortKey };

/** A histogram bar: its score range, its rows, and how many of the open round's candidates it holds. */
export interface Bin {
  from: number;
  to: number;
  rows: number;
  candidates: number;
}

export const HISTOGRAM_BINS = 40;

/** Equal-width bins over the scores; one linear pass. */
export function histogram(scores: Float32Array, candidates: ArrayLike<number>, count = HISTOGRAM_BINS): Bin[] {
  const range = finiteRange(scores);
  if (!range) return [];
  const { lo, width, index: binOf } = equalBins(range.min, range.max, count);
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, rows: 0, candidates: 0 }));
  for (let i = 0; i < scores.length; i++) if (Number.isFinite(scores[i])) bins[binOf(scores[i])].rows++;
  for (let i = 0; i < candidates.length; i++) {
    const r = candidates[i];
    if (r < scores.length && Number.isFinite(scores[r])) bins[binOf(scores[r])].candidates++;
  }
  return bins;
}

export interface ScorePageRequest {
  sort: SortKey;
  filter: LabelFilter;
  /** Position in the sorted, filtered order. */
  start: number;
  count: number;
  /** The labeled rows and their labels (0 inlier, 1 outlier): the filter needs them. */
  labeledRows: Int32Array;
  labeledCodes: Int8Array;
}

/** One window of the score table: the rows at [start, start + rows.length) of the sorted, filtered order. */
export interface ScorePage {
  /** Rows matching the filter. */
  total: number;
  start: number;
  rows: Int32Array;
  scores: Float32Array;
  /** 1 = most outlying. */
  ranks: Int32Array;
  posteriors: Float64Array | null;
  /** Which scores these are: changes whenever the scores do. */
  version: number;
}

/**
 * Every row's score where it lives (the worker): ranking, sorting and filtering 600k rows is done here, once per
 * new score vector, and the page gets only the window it shows.
 */
export class ScoreView {
  private scores: Float32Array | null = null;
  private posteriors: Float64Array | null = null;
  private ranks: Int32Array | null = null;
  private byRank: Int32Array | null = null;
  private changes = 0;

  /** Changes whenever the scores do. */
  get version(): number {
    return this.changes;
  }

  get current(): { scores: Float32Array; posteriors: Float64Array | null } | null {
    return this.scores ? { scores: this.scores, posteriors: this.posteriors } : null;
  }

  set(scores: Float32Array | null, posteriors: Float64Array | null = null): void {
    if (scores === this.scores && posteriors === this.posteriors) return;
    this.scores = scores;
    this.posteriors = posteriors;
    this.ranks = this.byRank = null; // ranked lazily, when a page is asked for
    this.changes++;
  }

  page(req: ScorePageRequest, rows: number): ScorePage {
    const n = this.scores?.length ?? rows;
    const codes = new Int8Array(n).fill(-1);
    for (let i = 0; i < req.labeledRows.length; i++) if (req.labeledRows[i] < n) codes[req.labeledRows[i]] = req.labeledCodes[i];
    if (this.scores && !this.ranks) {
      this.ranks = rankRows(this.scores);
      this.byRank = orderByRank(this.ranks);
    }
    const order = visibleRows(n, this.byRank, req.sort, req.filter, codes);
    const start = Math.max(0, Math.min(req.start, order.length));
    const window = order.slice(start, Math.min(order.length, start + Math.max(0, req.count)));
    const s = this.scores;
    const p = this.posteriors;
    return {
      total: order.length,
      start,
      rows: window,
      scores: s ? Float32Array.from(window, (r) => s[r]) : new Float32Array(0),
      ranks: this.ranks ? Int32Array.from(window, (r) => this.ranks![r]) : new Int32Array(0),
      posteriors: p ? Float64Array.from(window, (r) => p[r]) : null,
      version: this.version,
    };
  }

  histogram(candidates: ArrayLike<number>): Bin[] {
    return this.scores ? histogram(this.scores, candidates) : [];
  }
}
