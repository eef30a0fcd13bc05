/**
 * Who answers the query rounds. The engine asks with the ranked candidates and takes whatever comes
 * back: all, some or none of them, possibly late (a human), possibly for rows it did not ask about.
 */
export type RowLabel = 0 | 1; // 0 inlier, 1 outlier

export interface Answer {
  row: number;
  label: RowLabel;
}

export interface QueryRequest {
  round: number; // 1-based
  rounds: number;
  epoch: number;
  /** Candidate rows (indices into the training rows), best first. */
  candidates: number[];
  /** Ensembled score (eq. 5) of each candidate, same order. */
  candidateScores: number[];
  /** GMM posterior of the inlier (lower-mean) component of each candidate, when the strategy fits one. */
  candidatePosteriors: number[] | null;
  budget: number;
}

export interface Oracle {
  answer(req: QueryRequest, signal: AbortSignal): Promise<Answer[]>;
  /**
   * Shows questions without waiting for them (the early questions, asked while the warm-up trains): returns the
   * answers known at once (a ground truth); a person's come later through the run's label book.
   */
  offer?(req: QueryRequest): Answer[];
}

/** Answers from a ground-truth column: benchmarks and demos. `withhold` drops some answers (tests). */
export class SimulatedOracle implements Oracle {
  private readonly truth: ArrayLike<number>;
  private readonly withhold: (row: number, i: number) => boolean;
  constructor(truth: ArrayLike<number>, withhold: (row: number, i: number) => boolean = () => false) {
    this.truth = truth;
    this.withhold = withhold;
  }
  async answer(req: QueryRequest): Promise<Answer[]> {
    return this.offer(req);
  }
  offer(req: QueryRequest): Answer[] {
    return req.candidates.filter((row, i) => !this.withhold(row, i)).map((row) => ({ row, label: (this.truth[row] ? 1 : 0) as RowLabel }));
  }
}
