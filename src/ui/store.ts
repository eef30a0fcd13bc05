import { create } from 'zustand';
import type { ComputeEngine, EngineConfig, Method } from '../core/config';
import type { ColumnInfo } from '../core/data/schema';
import type { ProgressEvent } from '../core/train/progress';
import type {
  BackendChoice,
  BackendInfo,
  CandidateView,
  FeatureSummary,
  LabelEntry,
  RoundView,
  RunDone,
  ScoredTableSummary,
  TableSummary,
} from '../worker/api';
import { EMPTY_SERIES, type PhaseMarker, type ProgressSeries } from '../core/progressSeries';
import { isRunActive, type FormValues, type RoundSummary, type RunStatus } from '../core/session';

export { isRunActive, type RoundSummary, type RunStatus };

export interface IntakeState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Parse progress in [0, 1]. */
  fraction: number;
  /** The file being read (the loaded one is table.fileName). */
  fileName: string | null;
  error: string | null;
}

export interface PrepareState {
  status: 'idle' | 'busy' | 'ready' | 'error';
  error: string | null;
}

export interface RunState {
  status: RunStatus;
  error: string | null;
  notice: string | null;
  /**
   * The config the worker reported the run trains with (RunCallbacks.onConfig: the compute engine resolved, every
   * setting): what the session saves, exports and shows. null until the worker reports it.
   */
  config: EngineConfig | null;
  startedAt: number | null;
  /** Time spent waiting for the analyst, left out of the time-left estimate. */
  labelingMs: number;
  /** A resumed run's clock restarts at 0: the time already trained before, added to its progress. */
  elapsedOffsetMs: number;
}

/** The open query round: the candidates and which one the card shows. */
export interface OpenRound {
  view: RoundView;
  /** Index of the candidate on the card; === view.rows.length when all are answered or skipped. */
  cursor: number;
  openedAt: number;
  /**
   * The round replaced a card the analyst was looking at (round 1 comes when the warm-up ends, over the early
   * questions): for a moment no answer is taken, so a key meant for that card does not land on this one's row.
   */
  settling?: boolean;
}

/** How long a round that replaced a card on screen takes no answer: longer than a key press already on its way. */
export const ROUND_SETTLE_MS = 700;

/** The round `view` opening at `cursor`, settling if it replaces a candidate the card was showing. */
export function openingRound(prev: OpenRound | null, view: RoundView, cursor: number, now: number): OpenRound {
  const replacesCard = prev != null && prev.view !== view && prev.cursor < prev.view.rows.length;
  return { view, cursor, openedAt: now, ...(replacesCard ? { settling: true } : {}) };
}

/**
 * The cards (cells, deviations) the page holds for the open round: those near the cursor, by candidate index. The
 * round's message brings the first few; the rest are asked of the worker as the cursor moves (session/cards.ts).
 */
export interface RoundCards {
  /** The round they belong to (a card that arrives after its round closed is dropped). */
  view: RoundView;
  byIndex: ReadonlyMap<number, CandidateView>;
}

/** How the open session (LabState.session) is being saved. */
export interface PersistState {
  /**
   * off: nothing to save yet · saving / saved · quota: storage full, waiting for the analyst's choice ·
   * unsaved: the analyst chose to go on without saving · error: saving failed otherwise ·
   * taken: another tab took the session over · unavailable: no IndexedDB here.
   */
  status: 'off' | 'saving' | 'saved' | 'quota' | 'unsaved' | 'error' | 'taken' | 'unavailable';
  message: string | null;
  savedAt: number | null;
}

/** A saved session, as the list shows it. */
export interface SavedSessionInfo {
  id: string;
  fileName: string;
  rows: number;
  labels: number;
  status: string;
  round: string | null;
  updatedAt: number;
  /** Open in another tab right now. */
  elsewhere: boolean;
  /** Why it cannot be opened, said in the list instead of a failure on Open; null when it can. */
  unopenable: string | null;
  /** What went wrong opening it here, or what opening repairs (settings that do not match its answers); else null. */
  note: string | null;
}

/** Bringing a saved session back (or the engine back after a crash). */
export interface RestoreState {
  status: 'idle' | 'busy' | 'elsewhere' | 'error';
  /** The session concerned. */
  id: string | null;
  message: string | null;
}

/** The engine worker's health: ok, gone (crashed or killed), or being restarted. */
export interface WorkerHealth {
  status: 'ok' | 'lost' | 'restarting';
  message: string | null;
}

export interface ScoringState {
  status: 'idle' | 'busy' | 'done' | 'error';
  fileName: string | null;
  fraction: number;
  result: ScoredTableSummary | null;
  error: string | null;
}

export const IDLE_SCORING: ScoringState = { status: 'idle', fileName: null, fraction: 0, result: null, error: null };

export interface LabState {
  backend: BackendInfo | null;
  backendChoice: BackendChoice;
  /** The compute engine the analyst picked (auto: the WASM SIMD engine on a CPU, calibrated on a GPU). */
  engineChoice: ComputeEngine;
  backendStatus: 'starting' | 'ready' | 'error';
  backendError: string | null;
  /** The backend has been starting for a long time. */
  backendSlow: boolean;

  intake: IntakeState;
  table: TableSummary | null;
  /** The table is the bundled demo, not the analyst's file. */
  isDemo: boolean;
  /** The analyst's column choices (a copy of table.columns with `included` edited). */
  columns: ColumnInfo[];
  labelColumn: number | null;
  /** Label value that marks an outlier, when the label's two values do not say it. Blank = automatic. */
  outlierValue: string;
  features: FeatureSummary | null;
  prepare: PrepareState;

  defaults: EngineConfig | null;
  method: Method;
  form: FormValues;
  simulatedOracle: boolean;

  run: RunState;
  /** Latest progress event, without its score vector. */
  progress: ProgressEvent | null;
  series: ProgressSeries;
  markers: PhaseMarker[];
  /**
   * The session's copy of every row's score, for saving only: pulled from the worker (which owns the scores and serves
   * every view of them: table, histogram, cards, exports) when a round opens, the run pauses, stops or ends, and
   * handed to a fresh worker only when a saved session is shown again (restore.ts). Never read for display.
   */
  savedScores: Float32Array | null;
  /** Bumped whenever the worker's scores change: the table and histogram ask for their view again. */
  scoreVersion: number;
  round: OpenRound | null;
  cards: RoundCards | null;
  /** The last round the ground truth answered, for a short notice. */
  simulatedRound: { round: number; rounds: number; answered: number } | null;
  /** One entry per closed round, for the labeling panel's summary. */
  roundLog: RoundSummary[];
  /** Current label per row. */
  labels: ReadonlyMap<number, LabelEntry>;
  result: RunDone | null;

  shortcutsOpen: boolean;
  /** Start was pressed while a new table was being read: the run starts on that table once it is ready. */
  startQueued: boolean;

  /**
   * The saved session the table, choices, labels and run on the page belong to; null for the demo before a run.
   * Set in the same update that puts a session's state in the store, and every saved record takes its id from
   * here: a writer refuses records of another session (persist/sessionWriter.ts).
   */
  session: string | null;
  persist: PersistState;
  /** Saved sessions, newest first. */
  saved: SavedSessionInfo[];
  /** The session offered for resuming when the page opened; null once taken up or dismissed. */
  resumeOffer: string | null;
  restore: RestoreState;
  /** Another table scored with the run's model (Score another table). */
  scoring: ScoringState;
  worker: WorkerHealth;
  /** A new version of the app is installed and waits for a reload. */
  updateReady: boolean;
}

const IDLE_RUN: RunState = { status: 'idle', error: null, notice: null, config: null, startedAt: null, labelingMs: 0, elapsedOffsetMs: 0 };

/** Everything a new run (or a new table) starts from. */
export const FRESH_RUN = {
  run: IDLE_RUN,
  progress: null,
  series: EMPTY_SERIES,
  markers: [],
  savedScores: null,
  scoreVersion: 0,
  round: null,
  cards: null,
  simulatedRound: null,
  roundLog: [],
  labels: new Map<number, LabelEntry>(),
  result: null,
  scoring: IDLE_SCORING,
} satisfies Partial<LabState>;

export const useLab = create<LabState>()(() => ({
  backend: null,
  backendChoice: 'auto',
  engineChoice: 'auto',
  backendStatus: 'starting',
  backendError: null,
  backendSlow: false,
  intake: { status: 'idle', fraction: 0, fileName: null, error: null },
  table: null,
  isDemo: false,
  columns: [],
  labelColumn: null,
  outlierValue: '',
  features: null,
  prepare: { status: 'idle', error: null },
  defaults: null,
  method: 'imboost',
  form: {},
  simulatedOracle: false,
  ...FRESH_RUN,
  shortcutsOpen: false,
  startQueued: false,
  session: null,
  persist: { status: 'off', message: null, savedAt: null },
  saved: [],
  resumeOffer: null,
  restore: { status: 'idle', id: null, message: null },
  scoring: IDLE_SCORING,
  worker: { status: 'ok', message: null },
  updateReady: false,
}));

/** A table being read is not the one a run would train on yet: Start waits for it (session/startQueue.ts). */
export function isReadingTable(s: Pick<LabState, 'intake'>): boolean {
  return s.intake.status === 'loading';
}

/** The table, or its features, are on their way: a Start pressed now is kept for them (session/startQueue.ts). */
export function isTableSettling(s: Pick<LabState, 'intake' | 'prepare'>): boolean {
  return isReadingTable(s) || s.prepare.status === 'busy';
}

export function canStart(s: LabState): boolean {
  return (
    !isRunActive(s) &&
    !isReadingTable(s) &&
    s.prepare.status === 'ready' &&
    s.features != null &&
    s.defaults != null &&
    s.backendStatus === 'ready' &&
    s.worker.status === 'ok' &&
    s.restore.status !== 'busy'
  );
}

/**
 * The engine can take calls (not crashed, not restarting), this tab still owns its session, and no session is being
 * read into the engine: until that ends, the round on screen is the one from before (after a crash) and an answer
 * given to it would be replaced by the session read back.
 */
export function engineUsable(s: Pick<LabState, 'worker' | 'persist' | 'restore'>): boolean {
  return s.worker.status === 'ok' && s.persist.status !== 'taken' && s.restore.status !== 'busy';
}

/** The analyst may change answers here: this tab owns the session (another tab's takeover makes them read only). */
export function answersEditable(s: Pick<LabState, 'persist'>): boolean {
  return s.persist.status !== 'taken';
}

/** A candidate of the open round as every candidate is known on the page: its place, row, score and posterior. */
export interface CandidateRef {
  index: number;
  row: number;
  score: number;
  posterior: number | null;
}

export function candidateAt(view: RoundView, index: number): CandidateRef | null {
  if (index < 0 || index >= view.rows.length) return null;
  return { index, row: view.rows[index], score: view.scores[index], posterior: view.posteriors?.[index] ?? null };
}

/** The candidate on the card, or null when no round is open or all are done. */
export function currentCandidate(s: Pick<LabState, 'round'>): CandidateRef | null {
  const r = s.round;
  return r ? candidateAt(r.view, r.cursor) : null;
}

/** The card of the candidate at the cursor, once the worker has sent it (null meanwhile). */
export function currentCard(s: Pick<LabState, 'round' | 'cards'>): CandidateView | null {
  const r = s.round;
  if (!r || s.cards?.view !== r.view) return null;
  return s.cards.byIndex.get(r.cursor) ?? null;
}

/** How many of the open round's candidates have a label. */
export function answeredInRound(s: Pick<LabState, 'round' | 'labels'>): number {
  const r = s.round;
  if (!r) return 0;
  let n = 0;
  for (const row of r.view.rows) if (s.labels.has(row)) n++;
  return n;
}

/**
 * The last query round the run reached: opened (its chart marker, also of a round left open by Stop) or closed.
 * Progress events count only closed rounds, so after Stop they lag the round that was open by one.
 */
export function roundReached(s: Pick<LabState, 'round' | 'roundLog' | 'markers'>): number {
  let n = Math.max(s.round?.view.round ?? 0, ...s.roundLog.map((r) => r.round));
  for (const m of s.markers) if (m.kind === 'round' && /^R\d+$/.test(m.label)) n = Math.max(n, Number(m.label.slice(1)));
  return n;
}

/** What a round is called: round 0 holds the early questions, asked while the warm-up trains (imboost.earlyQuestions). */
export function roundName(r: { round: number; rounds: number }): string {
  return r.round === 0 ? 'early questions' : `round ${r.round} of ${r.rounds}`;
}

/** A shared empty list, so selectors return the same reference when there is nothing. */
export const NONE: readonly never[] = [];

/** Some scores exist (in the worker, or saved): the table, the histogram and the exports have something. */
export function hasScores(s: Pick<LabState, 'savedScores' | 'scoreVersion'>): boolean {
  return s.savedScores != null || s.scoreVersion > 0;
}

export function labelCodes(n: number, labels: ReadonlyMap<number, LabelEntry>): Int8Array {
  const out = new Int8Array(n).fill(-1);
  for (const [row, l] of labels) if (row < n) out[row] = l.label;
  return out;
}
