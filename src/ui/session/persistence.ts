/**
 * Saving the open session to IndexedDB as it changes: the table's bytes when it is loaded, the
 * analyst's choices (debounced), every label (awaited by the labeling steps), the scores and charts
 * (throttled; at once when a round opens or the run ends) and the engine's latest checkpoint.
 *
 * Switching sessions is one transition (switchSession): the open session is flushed with its own state and
 * closed, then the next state is put in the store marked with the next session's id, then that session opens for
 * writing. Every record takes its id from the state it was built from and the writer refuses another session's
 * (persist/sessionWriter.ts), so no state can land under the wrong id.
 *
 * The page also keeps the table's bytes and the latest checkpoint in memory, so a crashed engine can
 * be restarted even when nothing could be saved. Once a checkpoint is in the database its score history (~24 MB
 * at 600k rows) is dropped here and read back when a crash restart or a session file needs it.
 */
import type { Checkpoint } from '../../core/train/checkpoint';
import * as idb from '../../persist/db';
import { announceSessionsChanged, claimSession, type Ownership } from '../../persist/ownership';
import { formatBytes, isQuotaError, storageEstimate } from '../../persist/quota';
import { SessionWriter } from '../../persist/sessionWriter';
import type { SessionSnapshot } from '../../persist/types';
import type { LabelEntry } from '../../worker/api';
import { useLab, type LabState, type PersistState } from '../store';
import { metaOf, resultsOf } from './records';
import { refreshSaved, refreshSavedSoon, watchSavedList } from './savedList';
import { getLab, messageOf, setLab } from './shared';

/** The session this tab owns and writes to. */
interface OpenSession {
  writer: SessionWriter;
  createdAt: number;
  fileName: string;
  fileSize: number;
  isDemo: boolean;
  owner: Ownership | null;
  /** The table's bytes are in the database (false after a quota error at creation). */
  fileSaved: boolean;
}

/** What this page holds of its session, in one place. */
const page: {
  open: OpenSession | null;
  /** The loaded table's bytes, for saving and for restarting a crashed engine. */
  file: { blob: Blob; name: string; isDemo: boolean } | null;
  /** The engine's latest checkpoint (kept even when it cannot be saved). */
  checkpoint: Checkpoint | null;
  /** The session whose database holds the checkpoint whole: its history was dropped here (see fullSnapshot). */
  historyIn: string | null;
} = { open: null, file: null, checkpoint: null, historyIn: null };

/** The session the page's state belongs to, when it is open for writing here. */
function writerOf(s: Pick<LabState, 'session'>): SessionWriter | null {
  const w = page.open?.writer;
  return w && w.id === s.session ? w : null;
}

function newWriter(id: string): SessionWriter {
  return new SessionWriter(id, {
    failed: (e) => void writeFailed(id, e),
    changed: refreshStatus,
    checkpointStored: (c) => checkpointStored(id, c),
    metaStored: () => refreshSavedSoon(id),
  });
}

/** A checkpoint safely stored: the page keeps it without its score history (read back by fullSnapshot). */
function checkpointStored(id: string, c: Checkpoint): void {
  if (page.checkpoint !== c || page.open?.writer.id !== id || !c.history.length) return;
  page.checkpoint = { ...c, history: [] };
  page.historyIn = id;
}

/** The checkpoint whole: read back from the database when its history was dropped here. */
async function fullCheckpoint(): Promise<Checkpoint | null> {
  for (;;) {
    const c = page.checkpoint;
    const id = page.historyIn;
    if (!c || id == null) return c;
    const stored = await idb.loadCheckpoint(id);
    if (page.checkpoint !== c) continue; // a newer checkpoint arrived meanwhile
    if (!stored || stored.nextEpoch !== c.nextEpoch || stored.round !== c.round || stored.updates !== c.updates)
      throw new Error('the saved checkpoint could not be read back');
    return stored;
  }
}

function setPersist(patch: Partial<PersistState>): void {
  setLab((s) => ({ persist: { ...s.persist, ...patch } }));
}

function refreshStatus(): void {
  const w = page.open?.writer;
  if (!w?.writing) return;
  const p = getLab().persist;
  const status = w.busy ? 'saving' : 'saved';
  if (p.status !== status) setPersist({ status, message: null, savedAt: w.busy ? p.savedAt : Date.now() });
}

async function writeFailed(id: string, e: unknown): Promise<void> {
  if (page.open?.writer.id !== id) return;
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

/**
 * What the page holds right now. Its checkpoint may lack the score history (once saved): for the weights only
 * (the model); a fresh engine or a session file takes fullSnapshot().
 */
export function memorySnapshot(): SessionSnapshot | null {
  const f = page.file;
  if (!f) return null;
  const s = getLab();
  const c = page.open ?? { createdAt: Date.now(), fileName: f.name, fileSize: f.blob.size, isDemo: f.isDemo };
  return { meta: metaOf(s, c), file: f.blob, labels: [...s.labels.values()], results: resultsOf(s), checkpoint: page.checkpoint };
}

/** The page's snapshot with its checkpoint whole, as a fresh engine can be started from. */
export async function fullSnapshot(): Promise<SessionSnapshot | null> {
  const snap = memorySnapshot();
  return snap && { ...snap, checkpoint: await fullCheckpoint() };
}

// ---- switching sessions: one transition

let takenHandler: (() => void) | null = null;

/** Who to tell when another tab takes this tab's session over. */
export function onSessionTaken(cb: () => void): void {
  takenHandler = cb;
}

function watchOwner(open: OpenSession): void {
  void open.owner?.lost.then(() => {
    if (page.open !== open) return;
    open.writer.stop();
    setPersist({
      status: 'taken',
      message: 'This session is now open in another tab, so this tab stopped training and saving it. Your answers are safe.',
    });
    takenHandler?.();
    void refreshSaved(getLab().session);
  });
}

/** Writes what the open session has waiting (its own state, pushed before), then gives it up. */
async function closeOpen(): Promise<void> {
  const o = page.open;
  if (!o) return;
  await o.writer.close();
  if (page.open === o) page.open = null;
  o.owner?.release();
}

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${String(Math.random()).slice(2)}`;
}

/**
 * The one way the page's state moves to another session: the open one is flushed with its own state and closed,
 * `apply` puts the next state in the store (with `session: next`, in the same update), then `next` opens here.
 */
async function switchSession(next: string | null, apply: () => void): Promise<void> {
  if (page.open && page.open.writer.id !== next) await closeOpen();
  apply();
  if (getLab().session !== next) throw new Error(`the state applied belongs to ${getLab().session ?? 'no session'}, not ${next ?? 'none'}`);
}

/** Starts a new saved session for the state on the page (its `session` already set to `id`): its bytes and choices. */
async function createSession(id: string): Promise<void> {
  const f = page.file;
  if (!f) return;
  const owner = await claimSession(id).catch(() => null);
  const open: OpenSession = {
    writer: newWriter(id),
    createdAt: Date.now(),
    fileName: f.name,
    fileSize: f.blob.size,
    isDemo: f.isDemo,
    owner,
    fileSaved: false,
  };
  page.open = open;
  watchOwner(open);
  setPersist({ status: 'saving', message: null });
  open.fileSaved = await open.writer.create(metaOf(getLab(), open), { id, blob: f.blob, name: f.name, size: f.blob.size });
  announceSessionsChanged();
  void refreshSaved(id);
}

/**
 * A table was read (the demo or the analyst's file): `apply(session)` puts its state in the store. The analyst's
 * file starts a session at once; the demo has none until a run starts.
 */
export async function openTable(blob: Blob, name: string, isDemo: boolean, apply: (session: string | null) => void): Promise<void> {
  const id = isDemo ? null : newId();
  await switchSession(id, () => apply(id));
  page.file = { blob, name, isDemo };
  page.checkpoint = null;
  page.historyIn = null;
  if (id) await createSession(id);
  else setPersist({ status: 'off', message: null, savedAt: null });
}

/** A run starts: on the demo (or a session taken by another tab) this starts a session; otherwise it clears the old run. */
export async function runStarting(): Promise<void> {
  page.checkpoint = null;
  page.historyIn = null;
  if (!page.file) return;
  const w = writerOf(getLab());
  if (w?.writing) {
    await w.clearRun(w.id);
    return;
  }
  const id = newId();
  await switchSession(id, () => setLab({ session: id }));
  await createSession(id);
}

/**
 * A session read from a file is saved here under a new id (a colleague's copy never overwrites one of ours);
 * resumeSession then opens it as any saved session. A failed import leaves nothing behind. Returns the new id.
 */
export async function importSession(snapshot: SessionSnapshot): Promise<string> {
  const id = newId();
  const now = Date.now();
  const meta = { ...snapshot.meta, id, updatedAt: now };
  try {
    await idb.createSession(meta, { id, blob: snapshot.file, name: meta.fileName, size: snapshot.file.size });
    await idb.putLabels(id, snapshot.labels);
    if (snapshot.results) await idb.putResults({ ...snapshot.results, id });
    if (snapshot.checkpoint) await idb.putCheckpoint({ id, checkpoint: snapshot.checkpoint, savedAt: now });
  } catch (e) {
    await idb.deleteSession(id).catch(() => {});
    throw e;
  }
  announceSessionsChanged();
  return id;
}

/**
 * A saved session becomes this tab's open session: the one open before is flushed and closed, `apply` puts the
 * snapshot's state in the store (with `session: snapshot.meta.id`), then the snapshot's session opens for writing.
 */
export async function adoptSession(snapshot: SessionSnapshot, owner: Ownership, apply: () => void): Promise<void> {
  const m = snapshot.meta;
  const before = page.open;
  if (before?.writer.id === m.id) {
    // The same session taken back from another tab: a fresh writer under the new ownership.
    before.writer.stop();
    if (before.owner !== owner) before.owner?.release();
    page.open = null;
  }
  await switchSession(m.id, apply);
  page.file = { blob: snapshot.file, name: m.fileName, isDemo: m.isDemo };
  // Read from the database, where it stays whole: the page keeps it without its history.
  const c = snapshot.checkpoint;
  page.checkpoint = c?.history.length ? { ...c, history: [] } : c;
  page.historyIn = c?.history.length ? m.id : null;
  const open: OpenSession = {
    writer: newWriter(m.id),
    createdAt: m.createdAt,
    fileName: m.fileName,
    fileSize: m.fileSize,
    isDemo: m.isDemo,
    owner,
    fileSaved: true,
  };
  page.open = open;
  watchOwner(open);
  setPersist({ status: 'saved', message: null, savedAt: Date.now() });
  pushMeta();
}

// ---- what changes as the analyst works (each write names the session of the state it comes from)

function pushMeta(): void {
  const s = getLab();
  const o = page.open;
  if (!o || !writerOf(s)) return;
  o.writer.pushMeta(metaOf(s, o));
  refreshStatus();
}

/** Stores labels of `session` (the page's, by default); resolves once they are in the database (or saving is off). */
export async function saveLabels(entries: LabelEntry[], session = getLab().session): Promise<void> {
  if (!entries.length || !page.open) return;
  await page.open.writer.putLabels(session, entries);
}

export async function forgetLabel(row: number, session = getLab().session): Promise<void> {
  if (!page.open) return;
  await page.open.writer.deleteLabel(session, row);
}

/** A checkpoint of the run that `session` started (run callbacks name their session). */
export function takeCheckpoint(c: Checkpoint, session = getLab().session): void {
  if (session !== getLab().session) return; // a late checkpoint of a session no longer on the page
  page.checkpoint = c;
  page.historyIn = null;
  page.open?.writer.pushCheckpoint(session, c);
  refreshStatus();
}

/** Scores and charts: throttled while training, at once when a round opens or the run ends. */
export function saveResults(now = false): void {
  const s = getLab();
  writerOf(s)?.pushResults(resultsOf(s), now);
}

/** Writes the whole session again (after storage was freed, or after an error). */
export async function retrySave(): Promise<void> {
  const o = page.open;
  const f = page.file;
  if (!o || !f || !writerOf(getLab())) return;
  // The checkpoint whole before the stored run is cleared (its history may live only there).
  let checkpoint: Checkpoint | null;
  try {
    checkpoint = await fullCheckpoint();
  } catch (e) {
    setPersist({ status: 'error', message: `Saving failed (${messageOf(e)}).` });
    return;
  }
  page.checkpoint = checkpoint;
  page.historyIn = null;
  setPersist({ status: 'saving', message: null });
  const s = getLab();
  const id = o.writer.id;
  // The stored run is replaced as a whole: labels of an earlier run (started while unsaved) must not stay.
  const ok = await o.writer.rewrite(
    metaOf(s, o),
    o.fileSaved ? null : { id, blob: f.blob, name: f.name, size: f.blob.size },
    async (db) => {
      await db.clearRunData(id);
      await db.putLabels(id, [...s.labels.values()]);
      await db.putResults(resultsOf(s));
      if (checkpoint) await db.putCheckpoint({ id, checkpoint, savedAt: Date.now() });
    },
  );
  if (ok) o.fileSaved = true;
  if (ok && checkpoint) checkpointStored(id, checkpoint);
  refreshStatus();
  void refreshSaved(id);
}

/** The analyst goes on without saving (after a storage error). */
export function keepUnsaved(): void {
  page.open?.writer.stop();
  setPersist({ status: 'unsaved', message: 'Not saved: this session lives in this tab only until storage is freed and you save again.' });
}

let started = false;

/** Wires saving to the store (once): the session's settings are written as they change. */
export function startPersistence(): void {
  if (started) return;
  started = true;
  watchSavedList(() => getLab().session);
  useLab.subscribe(metaChanged);
  // Writes already started finish on their own; start the ones still waiting before the page goes.
  globalThis.addEventListener?.('pagehide', () => void flushSaving());
}

/** Writes what the open session has waiting now (before the page goes; tests wait on it). */
export async function flushSaving(): Promise<void> {
  await page.open?.writer.flush();
}

/** The session's settings (choices, run state, round cursor) are rewritten when any of them changes. */
function metaChanged(s: LabState, prev: LabState): void {
  if (!writerOf(s) || s.session !== prev.session) return;
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
  }
}
