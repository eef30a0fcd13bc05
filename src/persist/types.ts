/**
 * What a saved session holds. Everything binary stays binary: the table's bytes as a Blob, scores as
 * Float32Array, the checkpoint's weights as Float32Arrays (IndexedDB stores typed arrays by structured
 * clone, not as JSON).
 */
import type { EngineConfig, Method } from '../core/config';
import type { ColumnInfo } from '../core/data/schema';
import type { Checkpoint } from '../core/train/checkpoint';
import type { RowLabel } from '../core/train/oracle';
import type { ProgressEvent } from '../core/train/progress';
import type { PhaseMarker, ProgressSeries } from '../core/progressSeries';
import type { FormValues, GuardView, LabelEntry, RankingView, RoundSummary, RunStatus } from '../core/session';

/** Bumped with a migration step in migrate.ts whenever a saved record changes shape or meaning. */
export const SCHEMA_VERSION = 2;

/** The small part of a session, rewritten as the analyst's choices change. */
export interface SessionMeta {
  id: string;
  version: typeof SCHEMA_VERSION;
  createdAt: number;
  updatedAt: number;
  fileName: string;
  fileSize: number;
  isDemo: boolean;
  rows: number;
  columns: ColumnInfo[];
  labelColumn: number | null;
  outlierValue: string;
  method: Method;
  form: FormValues;
  simulatedOracle: boolean;
  run: {
    status: RunStatus;
    config: EngineConfig | null;
    startedAt: number | null;
    labelingMs: number;
    error: string | null;
  };
  roundLog: RoundSummary[];
  /** The query round open when saved, and which candidate the card showed. */
  openRound: { round: number; rounds: number; cursor: number; openedAt: number } | null;
  /** For the list of saved sessions. */
  labelCount: number;
}

export interface SavedFile {
  id: string;
  blob: Blob;
  name: string;
  size: number;
}

export interface SavedLabel {
  session: string;
  row: number;
  label: RowLabel;
  source: LabelEntry['source'];
  time: number;
}

/** Scores and the charts' history: rewritten (throttled) as training goes. */
export interface SavedResults {
  id: string;
  scores: Float32Array | null;
  /** Set once the run finished. */
  final: {
    posteriors: Float64Array;
    auc: number | null;
    ap: number | null;
    seconds: number;
    updates: number;
    guard: GuardView | null;
    ranking: RankingView | null;
  } | null;
  /** Latest progress event, without its score vector. */
  progress: ProgressEvent | null;
  series: ProgressSeries;
  markers: PhaseMarker[];
}

export interface SavedCheckpoint {
  id: string;
  checkpoint: Checkpoint;
  savedAt: number;
}

/** Everything needed to bring a session back (from IndexedDB, or from the page's memory after a crash). */
export interface SessionSnapshot {
  meta: SessionMeta;
  file: Blob;
  labels: LabelEntry[];
  results: SavedResults | null;
  checkpoint: Checkpoint | null;
}
