import { equalBins, finiteRange } from './bins';
import { answerRanks, orderByRank, rankRows, visibleRows, type LabelFilter, type SortKey } from './scoreIndex';

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
  /** The final ranking (answerRanks): the analyst's outliers first, their inliers last; 1 = most outlying. */
  ranks: Int32Array;
  /** The model's own rank, from the scores alone (1 = highest score). */
  modelRanks: Int32Array;
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
  private modelRanks: Int32Array | null = null;
  private byModel: Int32Array | null = null;
  /** The final ranking, for the answers in `codes`: a page with the same answers reuses it. */
  private answered: { codes: Int8Array; ranks: Int32Array; order: Int32Array } | null = null;
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
    this.modelRanks = this.byModel = this.answered = null; // ranked lazily, when a page is asked for
    this.changes++;
  }

  page(req: ScorePageRequest, rows: number): ScorePage {
    const n = this.scores?.length ?? rows;
    const codes = new Int8Array(n).fill(-1);
    for (let i = 0; i < req.labeledRows.length; i++) if (req.labeledRows[i] < n) codes[req.labeledRows[i]] = req.labeledCodes[i];
    const final = this.scores ? this.ranked(this.scores, codes) : null;
    const order = visibleRows(n, req.sort.startsWith('rank') ? (final?.order ?? null) : this.byModel, req.sort, req.filter, codes);
    const start = Math.max(0, Math.min(req.start, order.length));
    const window = order.slice(start, Math.min(order.length, start + Math.max(0, req.count)));
    const s = this.scores;
    const p = this.posteriors;
    const m = this.modelRanks;
    return {
      total: order.length,
      start,
      rows: window,
      scores: s ? Float32Array.from(window, (r) => s[r]) : new Float32Array(0),
      ranks: final ? Int32Array.from(window, (r) => final.ranks[r]) : new Int32Array(0),
      modelRanks: m ? Int32Array.from(window, (r) => m[r]) : new Int32Array(0),
      posteriors: p ? Float64Array.from(window, (r) => p[r]) : null,
      version: this.version,
    };
  }

  /** The model's ranks once per score vector; the final ranking again only when the answers change. */
  private ranked(scores: Float32Array, codes: Int8Array): { ranks: Int32Array; order: Int32Array } {
    if (!this.modelRanks || !this.byModel) {
      this.modelRanks = rankRows(scores);
      this.byModel = orderByRank(this.modelRanks);
    }
    const a = this.answered;
    if (a && sameCodes(a.codes, codes)) return a;
    const ranks = answerRanks(scores, codes, this.modelRanks, this.byModel);
    this.answered = { codes, ranks, order: orderByRank(ranks) };
    return this.answered;
  }

  histogram(candidates: ArrayLike<number>): Bin[] {
    return this.scores ? histogram(this.scores, candidates) : [];
  }
}

function sameCodes(a: Int8Array, b: Int8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
