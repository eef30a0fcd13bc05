/**
 * The contract between the page and the engine worker (exposed with comlink). Everything heavy
 * (parsing, feature building, training, scoring, export) happens in the worker; the page gets
 * summaries, a few rows at a time, and throttled progress events.
 */
import type { ComputeEngine, ConfigOverrides, EngineConfig } from '../core/config';
import type { ColumnInfo, OutlierProposal } from '../core/data/schema';
import type { Checkpoint } from '../core/train/checkpoint';
import type { RowLabel } from '../core/train/oracle';
import type { ProgressEvent } from '../core/train/progress';
import type { EngineName } from '../core/train/trainContext';
import type { GuardView, LabelEntry, RankingView } from '../core/session';
import type { Bin, ScorePage, ScorePageRequest } from '../core/scoreView';

export type { LabelEntry };

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export type BackendChoice = BackendName | 'auto';

/** The engine worker holds a Web Lock named this + its worker name while it lives (see client.ts). */
export const WORKER_LIFE_LOCK_PREFIX = 'imlab:worker-alive:';

export interface BackendInfo {
  /** The backend in use. */
  name: BackendName;
  /** Why it was chosen (e.g. "WebGPU adapter is a software fallback; WASM with SIMD"). */
  reason: string;
  /** The TF.js WASM backend (not the WebAssembly SIMD engine, EngineInfo): SIMD and thread count in use. */
  tfjsWasm?: { simd: boolean; threads: number };
  /** Backends that could be started on this device, in ladder order. */
  available: BackendName[];
  /** The engine that trains and scores (the TF.js backend above matters only for 'tfjs'). */
  engine?: EngineInfo;
}

export interface EngineInfo {
  name: EngineName;
  /** Why it was chosen, in words for the badge. */
  reason: string;
  /** On a GPU backend: ms per update of each engine (the WebAssembly SIMD one, TF.js), measured at start-up. */
  calibration?: { simdMs: number; tfjsMs: number };
  /** Helper threads the WASM engine may use for big scoring passes and ODIM's members. */
  helpers?: number;
}

export interface TableSummary {
  fileName: string;
  rows: number;
  header: string[];
  columns: ColumnInfo[];
  /** Column index proposed as ground truth, if any. */
  proposedLabel: number | null;
  /** The proposed label's outlier value and why (absent in sessions saved before). */
  proposedOutlier?: OutlierProposal | null;
  warnings: string[];
  /** A workbook's sheet names and the one read. */
  sheets?: string[];
  sheet?: number;
}

export interface FeatureSummary {
  rows: number;
  /** Feature columns after one-hot encoding. */
  features: number;
  featureNames: string[];
  /** Cells imputed with their column median. */
  imputed: number;
  /** Cells that were missing in the included columns (before imputation). */
  missingCells: number;
  /** Whether a ground-truth label column is in use. */
  hasTruth: boolean;
  outliersInTruth: number | null;
  messages: string[];
}

/** A candidate as the labeling card shows it. */
export interface CandidateView {
  row: number;
  score: number;
  posterior: number | null;
  /** Raw cells of the row, in file column order. */
  cells: string[];
  /**
   * Per included feature column (file column index), largest first: robust z-score against rows the model deems
   * inliers; a categorical column only when the row's category is rare, `z` then its rarity (worker/rarity.ts).
   */
  deviations: { column: number; name: string; z: number; category?: string; share?: number }[];
}

/** Cards the round's message carries (the first ones); the page asks candidateCards() for the others as it goes. */
export const FIRST_CARDS = 16;

export interface RoundView {
  round: number;
  rounds: number;
  epoch: number;
  budget: number;
  /** Every candidate's row, in the order the card shows them (a big table's round has thousands). */
  rows: Int32Array;
  /** Each candidate's score, same order. */
  scores: Float32Array;
  /** Each candidate's inlier posterior, same order, when the strategy fits a GMM. */
  posteriors: Float64Array | null;
  /** The cards (cells, deviations) of candidates [0, cards.length): at most FIRST_CARDS. */
  cards: CandidateView[];
  /** When the ground truth answers (simulated oracle), its answers; the round is already closed. */
  answers?: LabelEntry[];
}

export interface RunDone {
  scores: Float32Array;
  /** GMM posterior of the inlier component, per row, on the final scores. */
  posteriors: Float64Array;
  auc: number | null;
  ap: number | null;
  seconds: number;
  updates: number;
  /** Jobs this run gave to helper threads (parts of scoring passes, ODIM members); 0 when none helped. */
  helperJobs?: number;
  /** IMBoost's polarization guard: which ranking the scores are, and why (one sentence). */
  guard?: GuardView | null;
  /** IMBoost's answers' stage: the model's score, a forest on the answers or their blend, and why (one sentence). */
  ranking?: RankingView | null;
}

export type { GuardView };

export interface RunCallbacks {
  /**
   * The config this run trains with, everything resolved (the compute engine, traceEveryEpoch): once before start()
   * returns, and again when the engine changes mid-run. The page saves, exports and shows this one; the overrides it
   * sent are only the request.
   */
  onConfig(config: EngineConfig): void | Promise<void>;
  onProgress(e: ProgressEvent): void;
  onQuery(r: RoundView): void;
  onDone(r: RunDone): void;
  onError(message: string): void;
  /** The engine fell back to another backend mid-run and continues from its last checkpoint. */
  onBackendChange?(b: BackendInfo): void;
  /**
   * A checkpoint at each epoch end and as each query round opens (then `openRound` is set): persist it
   * to continue after a reload or a crashed worker (StartOptions.resume).
   */
  onCheckpoint?(c: Checkpoint): void;
}

export interface StartOptions {
  config: ConfigOverrides;
  /** Let the ground-truth column answer the query rounds (demos, benchmarks). */
  simulatedOracle: boolean;
  /**
   * Labels given earlier (a resumed session), applied before training starts; they win over the checkpoint's. The page
   * owns the answers (its store and IndexedDB): the run's LabelBook is a training copy made from these and setLabel.
   */
  labels?: LabelEntry[];
  /** Continue from this checkpoint (same config and data): an open round is reopened with its candidates. */
  resume?: Checkpoint | null;
  /** The resumed run's early questions were on screen when it was left: IMBoost offers them again before round 1. */
  earlyOpen?: boolean;
  /** Start paused (a resumed session that was paused): nothing trains until resume(). */
  paused?: boolean;
  /**
   * Continue from the scores the worker shows (a finished run's or a restored session's) instead of a warm-up of
   * the run's own: the contrast method only (*Continue with contrast*).
   */
  fromScores?: boolean;
}

/** The trained model a scorer is built from: the run's config and its final state (the last checkpoint's). */
export interface TrainedModel {
  config: EngineConfig;
  state: Float32Array[];
}

/** A second table scored with the run's deterministic scorer. */
export interface ScoredTableSummary {
  fileName: string;
  rows: number;
  /** What encoding the table found: ignored columns, filled cells, unseen categories. */
  messages: string[];
  /** The scores' range, for the summary line. */
  min: number;
  max: number;
  /** Set when the table scored is the run's own: the scorer's agreement with the run's final score. */
  agreement: ScoringAgreement | null;
}

/** The deterministic scorer against the run's final score on the same rows. */
export interface ScoringAgreement {
  /** Spearman's rank correlation (ties share their mean rank). */
  rho: number;
  /** Of the run's `top` highest-scoring rows, how many are among the scorer's `top` highest. */
  sharedTop: number;
  top: number;
}

export interface EngineApi {
  /** Starts a TF.js backend (the ladder or the choice) and picks the compute engine. */
  init(choice: BackendChoice, engine?: ComputeEngine): Promise<BackendInfo>;
  /** Parses CSV/TSV (streaming) or .npz; onProgress gets a fraction in [0, 1]. Throws IntakeError messages. */
  loadFile(file: Blob, name: string, onProgress?: (fraction: number) => void, opts?: { sheet?: number }): Promise<TableSummary>;
  /** Raw cells of rows [start, start + count), for tables and cards. */
  getRows(start: number, count: number): Promise<string[][]>;
  /** Builds the feature matrix from the column choices. */
  prepare(columns: ColumnInfo[], labelColumn: number | null, positiveValue?: string): Promise<FeatureSummary>;
  defaults(): Promise<EngineConfig>;
  start(opts: StartOptions, callbacks: RunCallbacks): Promise<void>;
  /** Feeds one answer of the page's (or with -1 its removal) to the run's training copy; takes effect at the next update. */
  setLabel(row: number, label: RowLabel | -1): Promise<void>;
  /**
   * The cards of the open round's candidates [from, from + count), the deviations measured against the same typical
   * rows as the round's first cards; [] when round `round` is not open (closed, or another run's).
   */
  candidateCards(round: number, from: number, count: number): Promise<CandidateView[]>;
  /**
   * Closes the open query round (the analyst may have answered fewer than the budget); with `round`, only that one
   * (the early questions' Continue must not close the first round that came meanwhile).
   */
  closeRound(round?: number): Promise<void>;
  setSimulatedOracle(on: boolean): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /**
   * One window of the score table, ranked, sorted and filtered here: the page never holds a big table's order.
   * The scores are the run's latest (or final), or those given to showScores().
   */
  scorePage(req: ScorePageRequest): Promise<ScorePage>;
  /** The score histogram's bins, with the given candidate rows counted. */
  scoreHistogram(candidates: Int32Array | number[]): Promise<Bin[]>;
  /** A copy of the scores the worker owns, for the session's save at a round, a pause or a stop (progress events carry none). */
  currentScores(): Promise<{ scores: Float32Array; posteriors: Float64Array | null } | null>;
  /** Scores this worker did not compute (a saved session's, into a fresh worker) become the ones the views show. */
  showScores(scores: Float32Array | null, posteriors: Float64Array | null): Promise<void>;
  /**
   * The original rows plus score, posterior, rank, label, label source and time, for the scores the views show,
   * as a CSV Blob built here in pieces (a Blob crosses to the page without a copy of its bytes). `labels` are the
   * page's, their owner's, with times and sources (a run's training copy has neither, and a restored session none).
   */
  exportCsv(labels: LabelEntry[], scoreSource?: string | null): Promise<Blob>;
  /**
   * The run's deterministic scorer as an .onnx file (core/score/onnx.ts). `model` is the page's (a restored session's);
   * without it, the model of the run this worker finished.
   */
  exportOnnx(model: TrainedModel | null): Promise<Uint8Array>;
  /**
   * Reads another table, encodes it with the training table's encoding and scores it with the deterministic scorer,
   * in chunks (onProgress gets a fraction). Throws a message for missing or retyped columns.
   */
  scoreTable(file: Blob, name: string, model: TrainedModel | null, onProgress?: (fraction: number) => void): Promise<ScoredTableSummary>;
  /** The table scoreTable read, with its scores and ranks, as CSV text. */
  exportScoredCsv(): Promise<string>;
}
