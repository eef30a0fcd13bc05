/**
 * Saving the open session to IndexedDB as it changes: the table's bytes when it is loaded, the
 * analyst's choices (debounced), every label (awaited by the labeling steps), the scores and charts
 * (throttled; at once when a round opens or the run ends) and the engine's latest checkpoint.
 *
 * The page also keeps the table's bytes and the latest checkpoint in memory, so a crashed engine can
 * be restarted even when nothing could be saved. Once a checkpoint is in the database its score history (~24 MB
 * at 600k rows) is dropped here and read back when a crash restart or a session file needs it.
 */
import type { Checkpoint } from '../../core/train/checkpoint';
import * as idb from '../../persist/db';
import { announceSessionsChanged, claimSession, heldSessions, onSessionsChanged, type Ownership } from '../../persist/ownership';
import { formatBytes, isQuotaError, storageEstimate } from '../../persist/quota';
import { SCHEMA_VERSION, type SavedResults, type SessionMeta, type SessionSnapshot } from '../../persist/types';
import { LatestWriter } from '../../persist/writer';
import type { LabelEntry } from '../../worker/api';
import { useLab, type LabState, type PersistState } from '../store';
import { get, messageOf, set } from './shared';

interface Current {
  id: string;
  createdAt: number;
  fileName: string;
  fileSize: number;
  isDemo: boolean;
  owner: Ownership | null;
  /** The table's bytes are in the database (false after a quota error at creation). */
  fileSaved: boolean;
}

/** The session this tab owns and writes to. */
let current: Current | null = null;
/** The loaded table's bytes, for saving and for restarting a crashed engine. */
let file: { blob: Blob; name: string; isDemo: boolean } | null = null;
/** The engine's latest checkpoint (kept even when it cannot be saved). */
let lastCheckpoint: Checkpoint | null = null;
/** The session whose database holds lastCheckpoint whole: its history was dropped here (see fullSnapshot). */
let historyIn: string | null = null;
/** Writing is allowed: a session is open here, owned by this tab, and storage has not failed. */
let writesOn = false;
let inFlight = 0;

const metaWriter = new LatestWriter<SessionMeta>((m) => guarded(() => idb.putMeta(m)), 150);
const resultsWriter = new LatestWriter<SavedResults>((r) => guarded(() => idb.putResults(r)), 2000);
const checkpointWriter = new LatestWriter<{ id: string; checkpoint: Checkpoint; savedAt: number }>(async (c) => {
  if (await guarded(() => idb.putCheckpoint(c))) checkpointStored(c.id, c.checkpoint);
});

/** A checkpoint safely stored: the page keeps it without its score history (read back by fullSnapshot). */
function checkpointStored(id: string, c: Checkpoint): void {
  if (lastCheckpoint !== c || current?.id !== id || !c.history.length) return;
  lastCheckpoint = { ...c, history: [] };
  historyIn = id;
}

/** lastCheckpoint whole: read back from the database when its history was dropped here. */
async function fullCheckpoint(): Promise<Checkpoint | null> {
  for (;;) {
    const c = lastCheckpoint;
    const id = historyIn;
    if (!c || id == null) return c;
    const stored = await idb.loadCheckpoint(id);
    if (lastCheckpoint !== c) continue; // a newer checkpoint arrived meanwhile
    if (!stored || stored.nextEpoch !== c.nextEpoch || stored.round !== c.round || stored.updates !== c.updates)
      throw new Error('the saved checkpoint could not be read back');
    return stored;
  }
}

function setPersist(patch: Partial<PersistState>): void {
  set((s) => ({ persist: { ...s.persist, ...patch } }));
}

function refreshStatus(): void {
  if (!current || !writesOn) return;
  const busy = inFlight > 0 || metaWriter.waiting || checkpointWriter.waiting;
  const p = get().persist;
  const status = busy ? 'saving' : 'saved';
  if (p.status !== status || p.sessionId !== current.id) {
    setPersist({ sessionId: current.id, status, message: null, savedAt: busy ? p.savedAt : Date.now() });
  }
}

/** Runs one write if writing is on; a failure switches saving off and says why. Never throws. */
async function guarded(write: () => Promise<void>): Promise<boolean> {
  if (!current || !writesOn) return false;
  const session = current;
  inFlight++;
  refreshStatus();
  try {
    await write();
    return true;
  } catch (e) {
    if (current === session) await writeFailed(e);
    return false;
  } finally {
    inFlight--;
    refreshStatus();
  }
}

async function writeFailed(e: unknown): Promise<void> {
  if (!writesOn) return; // already reported
  writesOn = false;
  metaWriter.cancel();
  resultsWriter.cancel();
  checkpointWriter.cancel();
  if (isQuotaError(e)) {
    const est = await storageEstimate();
    const size = est ? ` (${formatBytes(est.usage)} used of ${formatBytes(est.quota)})` : '';
    setPersist({
      status: 'quota',
      message:
        `The browser's storage for IMLab is full${size}, so this session is no longer being saved. ` +
        'Everything is still here in this tab. Delete old sessions and save again, or keep working without saving.',
    });
  } else {
    setPersist({
      status: 'error',
      message: `Saving failed (${messageOf(e)}). Everything is still here in this tab; you can try saving again.`,
    });
  }
}

// ---- the session's records

function metaOf(s: LabState, c: Pick<Current, 'id' | 'createdAt' | 'fileName' | 'fileSize' | 'isDemo'>): SessionMeta {
  return {
    id: c.id,
    version: SCHEMA_VERSION,
    createdAt: c.createdAt,
    updatedAt: Date.now(),
    fileName: c.fileName,
    fileSize: c.fileSize,
    isDemo: c.isDemo,
    rows: s.table?.rows ?? 0,
    columns: s.columns,
    labelColumn: s.labelColumn,
    outlierValue: s.outlierValue,
    method: s.method,
    form: s.form,
    simulatedOracle: s.simulatedOracle,
    run: { status: s.run.status, config: s.run.config, startedAt: s.run.startedAt, labelingMs: s.run.labelingMs, error: s.run.error },
    roundLog: s.roundLog,
    openRound: s.round
      ? { round: s.round.view.round, rounds: s.round.view.rounds, cursor: s.round.cursor, openedAt: s.round.openedAt }
      : null,
    labelCount: s.labels.size,
  };
}

function resultsOf(s: LabState, id: string): SavedResults {
  const r = s.result;
  return {
    id,
    scores: s.scores,
    final: r ? { posteriors: r.posteriors, auc: r.auc, ap: r.ap, seconds: r.seconds, updates: r.updates, guard: r.guard ?? null } : null,
    progress: s.progress,
    series: s.series,
    markers: s.markers,
  };
}

/**
 * What the page holds right now. Its checkpoint may lack the score history (once saved): for the weights only
 * (the model); a fresh engine or a session file takes fullSnapshot().
 */
export function memorySnapshot(): SessionSnapshot | null {
  if (!file) return null;
  const s = get();
  const c = current ?? { id: '', createdAt: Date.now(), fileName: file.name, fileSize: file.blob.size, isDemo: file.isDemo };
  return { meta: metaOf(s, c), file: file.blob, labels: [...s.labels.values()], results: resultsOf(s, c.id), checkpoint: lastCheckpoint };
}

/** The page's snapshot with its checkpoint whole, as a fresh engine can be started from. */
export async function fullSnapshot(): Promise<SessionSnapshot | null> {
  const snap = memorySnapshot();
  return snap && { ...snap, checkpoint: await fullCheckpoint() };
}

// ---- opening and closing sessions

let takenHandler: (() => void) | null = null;

/** Who to tell when another tab takes this tab's session over. */
export function onSessionTaken(cb: () => void): void {
  takenHandler = cb;
}

function watchOwner(owner: Ownership): void {
  void owner.lost.then(() => {
    if (current?.owner !== owner) return;
    writesOn = false;
    metaWriter.cancel();
    resultsWriter.cancel();
    checkpointWriter.cancel();
    setPersist({
      status: 'taken',
      message: 'This session is now open in another tab, so this tab stopped training and saving it. Your answers are safe.',
    });
    takenHandler?.();
    void refreshSaved();
  });
}

/** Saves what is waiting, then gives the session up (another one opens here). */
async function closeCurrent(): Promise<void> {
  const c = current;
  if (!c) return;
  await flushWrites();
  if (current === c) {
    current = null;
    writesOn = false;
  }
  c.owner?.release();
}

async function flushWrites(): Promise<void> {
  await Promise.all([metaWriter.flush(), resultsWriter.flush(), checkpointWriter.flush()]);
}

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${String(Math.random()).slice(2)}`;
}

/** Starts a new saved session for the loaded table: its bytes and the current choices. */
async function createSession(): Promise<void> {
  if (!file) return;
  await closeCurrent();
  const f = file;
  const id = newId();
  const owner = await claimSession(id).catch(() => null);
  current = { id, createdAt: Date.now(), fileName: f.name, fileSize: f.blob.size, isDemo: f.isDemo, owner, fileSaved: false };
  if (owner) watchOwner(owner);
  writesOn = true;
  setPersist({ sessionId: id, status: 'saving', message: null });
  const c = current;
  const ok = await guarded(() => idb.createSession(metaOf(get(), c), { id, blob: f.blob, name: f.name, size: f.blob.size }));
  if (ok) c.fileSaved = true;
  announceSessionsChanged();
  void refreshSaved();
}

/** A table was read (the demo or the analyst's file): the analyst's file starts a session at once. */
export async function tableLoaded(blob: Blob, name: string, isDemo: boolean): Promise<void> {
  file = { blob, name, isDemo };
  lastCheckpoint = null;
  historyIn = null;
  if (isDemo) {
    await closeCurrent();
    setPersist({ sessionId: null, status: 'off', message: null, savedAt: null });
  } else {
    await createSession();
  }
}

/** A run starts: on the demo this starts a session; a new run in a session drops the old run's labels and scores. */
export async function runStarting(): Promise<void> {
  lastCheckpoint = null;
  historyIn = null;
  if (!file) return;
  if (!current || get().persist.status === 'taken') {
    await createSession();
    return;
  }
  const id = current.id;
  await guarded(() => idb.clearRunData(id));
}

/**
 * A session read from a file is saved here under a new id (a colleague's copy never overwrites one of ours);
 * resumeSession then opens it as any saved session. Returns the new id.
 */
export async function importSession(snapshot: SessionSnapshot): Promise<string> {
  const id = newId();
  const now = Date.now();
  const meta = { ...snapshot.meta, id, updatedAt: now };
  await idb.createSession(meta, { id, blob: snapshot.file, name: meta.fileName, size: snapshot.file.size });
  await idb.putLabels(id, snapshot.labels);
  if (snapshot.results) await idb.putResults({ ...snapshot.results, id });
  if (snapshot.checkpoint) await idb.putCheckpoint({ id, checkpoint: snapshot.checkpoint, savedAt: now });
  announceSessionsChanged();
  return id;
}

/** A restored session (from the database) becomes this tab's open session. */
export async function adoptSession(snapshot: SessionSnapshot, owner: Ownership): Promise<void> {
  if (current?.id !== snapshot.meta.id) await closeCurrent();
  else if (current.owner && current.owner !== owner) current.owner.release();
  const m = snapshot.meta;
  file = { blob: snapshot.file, name: m.fileName, isDemo: m.isDemo };
  // Read from the database, where it stays whole: the page keeps it without its history.
  const c = snapshot.checkpoint;
  lastCheckpoint = c?.history.length ? { ...c, history: [] } : c;
  historyIn = c?.history.length ? m.id : null;
  current = { id: m.id, createdAt: m.createdAt, fileName: m.fileName, fileSize: m.fileSize, isDemo: m.isDemo, owner, fileSaved: true };
  watchOwner(owner);
  writesOn = true;
  setPersist({ sessionId: m.id, status: 'saved', message: null, savedAt: Date.now() });
  pushMeta();
}

// ---- what changes as the analyst works

function pushMeta(): void {
  if (!current || !writesOn) return;
  metaWriter.push(metaOf(get(), current));
  refreshStatus();
}

/** Stores labels; resolves once they are in the database (or saving is off). Never throws. */
export async function saveLabels(entries: LabelEntry[]): Promise<void> {
  if (!current || !writesOn || !entries.length) return;
  const id = current.id;
  await guarded(() => idb.putLabels(id, entries));
}

export async function forgetLabel(row: number): Promise<void> {
  if (!current || !writesOn) return;
  const id = current.id;
  await guarded(() => idb.deleteLabel(id, row));
}

export function takeCheckpoint(c: Checkpoint): void {
  lastCheckpoint = c;
  historyIn = null;
  if (!current || !writesOn) return;
  checkpointWriter.push({ id: current.id, checkpoint: c, savedAt: Date.now() });
  refreshStatus();
}

/** Scores and charts: throttled while training, at once when a round opens or the run ends. */
export function saveResults(now = false): void {
  if (!current || !writesOn) return;
  const r = resultsOf(get(), current.id);
  if (now) resultsWriter.pushNow(r);
  else resultsWriter.push(r);
}

/** Writes the whole session again (after storage was freed, or after an error). */
export async function retrySave(): Promise<void> {
  const c = current;
  if (!c || !file) return;
  const f = file;
  // The checkpoint whole before the stored run is cleared (its history may live only there).
  let checkpoint: Checkpoint | null;
  try {
    checkpoint = await fullCheckpoint();
  } catch (e) {
    setPersist({ status: 'error', message: `Saving failed (${messageOf(e)}).` });
    return;
  }
  lastCheckpoint = checkpoint;
  historyIn = null;
  writesOn = true;
  setPersist({ status: 'saving', message: null });
  const s = get();
  // The stored run is replaced as a whole: labels of an earlier run (started while unsaved) must not stay.
  const ok =
    (await guarded(() =>
      c.fileSaved
        ? idb.putMeta(metaOf(s, c))
        : idb.createSession(metaOf(s, c), { id: c.id, blob: f.blob, name: f.name, size: f.blob.size }),
    )) &&
    (await guarded(() => idb.clearRunData(c.id))) &&
    (await guarded(() => idb.putLabels(c.id, [...s.labels.values()]))) &&
    (await guarded(() => idb.putResults(resultsOf(s, c.id)))) &&
    (!checkpoint || (await guarded(() => idb.putCheckpoint({ id: c.id, checkpoint, savedAt: Date.now() }))));
  if (ok) c.fileSaved = true;
  if (ok && checkpoint) checkpointStored(c.id, checkpoint);
  void refreshSaved();
}

/** The analyst goes on without saving (after a storage error). */
export function keepUnsaved(): void {
  writesOn = false;
  setPersist({ status: 'unsaved', message: 'Not saved: this session lives in this tab only until storage is freed and you save again.' });
}

// ---- the list of saved sessions

export async function refreshSaved(): Promise<void> {
  try {
    const [metas, held] = await Promise.all([idb.listSessions(), heldSessions()]);
    set({
      saved: metas.map((m) => ({
        id: m.id,
        fileName: m.fileName,
        rows: m.rows,
        labels: m.labelCount,
        status: m.run.status,
        round: m.openRound ? `round ${m.openRound.round} of ${m.openRound.rounds} open` : null,
        updatedAt: m.updatedAt,
        elsewhere: held.has(m.id) && m.id !== current?.id,
      })),
    });
  } catch (e) {
    set({ saved: [] });
    if (!(e instanceof Error && /not available/.test(e.message))) return;
    setPersist({ status: 'unavailable', message: 'This browser does not let IMLab store data (private mode?): sessions cannot be saved.' });
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;
function refreshSavedSoon(): void {
  refreshTimer ??= setTimeout(() => {
    refreshTimer = null;
    void refreshSaved();
  }, 1000);
}

export async function deleteSaved(id: string): Promise<void> {
  if (id === current?.id) return;
  const held = await heldSessions();
  if (held.has(id)) return; // open in another tab
  try {
    await idb.deleteSession(id);
  } catch (e) {
    setPersist({ message: `The session could not be deleted (${messageOf(e)}).` });
  }
  set((s) => ({ resumeOffer: s.resumeOffer === id ? null : s.resumeOffer }));
  announceSessionsChanged();
  await refreshSaved();
}

let started = false;

/** Wires saving to the store (once): the session's settings are written as they change. */
export function startPersistence(): void {
  if (started) return;
  started = true;
  onSessionsChanged(() => void refreshSaved());
  useLab.subscribe(metaChanged);
  // Writes already started finish on their own; start the ones still waiting before the page goes.
  addEventListener('pagehide', () => {
    void flushWrites();
  });
}

/** The session's settings (choices, run state, round cursor) are rewritten when any of them changes. */
function metaChanged(s: LabState, prev: LabState): void {
  if (!current || !writesOn) return;
  if (
    s.columns !== prev.columns ||
    s.labelColumn !== prev.labelColumn ||
    s.outlierValue !== prev.outlierValue ||
    s.method !== prev.method ||
    s.form !== prev.form ||
    s.simulatedOracle !== prev.simulatedOracle ||
    s.run !== prev.run ||
    s.roundLog !== prev.roundLog ||
    s.round !== prev.round ||
    s.labels.size !== prev.labels.size
  ) {
    pushMeta();
    refreshSavedSoon();
  }
}
