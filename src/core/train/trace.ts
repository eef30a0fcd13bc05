import { takeLabels, takeRows, type Matrix } from '../data/matrix';
import { Rng } from '../rng';
import { summarize } from './progress';
import { sampleRows, type TrainContext } from './trainContext';

type Summary = ReturnType<typeof summarize>;

/**
 * The live trace (risk means, AUC per epoch) of a big table. Scoring every row every epoch is what made a
 * 600k-row table take minutes to its first query, and the method itself needs only the epochs that enter
 * the eq. (5) average. So on the other epochs a table over `limit` rows scores a fixed seeded uniform sample
 * plus every labeled row (so the labeled risks are exact); smaller tables score every row, as before.
 */
export class LiveTrace {
  /** The sampled rows, ascending; null when every row is traced. */
  readonly sample: Int32Array | null;
  private readonly sampleX: Matrix | null;
  private readonly sampleTruth: Uint8Array | null;

  constructor(
    private readonly X: Matrix,
    private readonly truth: ArrayLike<number> | null,
    seed: number,
    limit: number,
  ) {
    if (X.rows <= limit) {
      this.sample = null;
      this.sampleX = null;
      this.sampleTruth = null;
      return;
    }
    // Its own stream: which rows are traced never depends on (or moves) the training's random numbers.
    const all = Int32Array.from({ length: X.rows }, (_, i) => i);
    this.sample = sampleRows(new Rng(seed ^ 0x7a3e11), all, limit).sort();
    this.sampleX = takeRows(X, this.sample);
    this.sampleTruth = truth ? takeLabels(truth, this.sample) : null;
  }

  /** Rows the trace scores, for the progress event (null: every row). */
  get rows(): number | null {
    return this.sample ? this.sample.length : null;
  }

  /**
   * The summary of an epoch that scored every row: on a big table the truth's risks and AUC still come from the
   * sample (sorting 600k scores for a chart point each epoch is what the trace avoids); the labeled risks are exact.
   */
  summarizeAll(scores: Float32Array, labels: Int8Array): Summary {
    if (!this.sample) return summarize(scores, labels, this.truth);
    return this.combine(
      summarize(scores, labels, null),
      Float32Array.from(this.sample, (r) => scores[r]),
    );
  }

  /**
   * Scores the traced rows and summarizes them against the labels (-1 unknown) and the truth; `scores` is every
   * row's when every row was traced.
   */
  async score(ctx: TrainContext, k: number, labels: Int8Array): Promise<{ summary: Summary; scores: Float32Array | null }> {
    if (!this.sample || !this.sampleX) {
      const scores = await ctx.scoreTrain(k);
      return { summary: summarize(scores, labels, this.truth), scores };
    }
    const labeled: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] !== -1) labeled.push(i);
    const extra = takeRows(this.X, labeled);
    const m: Matrix = {
      data: concat(this.sampleX.data, extra.data),
      rows: this.sampleX.rows + extra.rows,
      cols: this.X.cols,
    };
    const scores = await ctx.scoreMatrix(m, k);
    const n = this.sample.length;
    // The labeled risks come from the labeled rows themselves; the truth's risks and AUC from the sample alone
    // (the queried rows would over-weight the boundary).
    const extraLabels = new Int8Array(n + labeled.length).fill(-1);
    labeled.forEach((r, i) => (extraLabels[n + i] = labels[r]));
    return { summary: this.combine(summarize(scores, extraLabels, null), scores.subarray(0, n)), scores: null };
  }

  /** The labeled risks of `byLabels`, with the truth's risks, AUC and AP from the sample's scores. */
  private combine(byLabels: Summary, sampleScores: Float32Array): Summary {
    const bySample = summarize(sampleScores, new Int8Array(sampleScores.length).fill(-1), this.sampleTruth);
    const risks = { ...byLabels.risks, trueInlier: bySample.risks.trueInlier, trueOutlier: bySample.risks.trueOutlier };
    return { risks, auc: bySample.auc, ap: bySample.ap };
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
