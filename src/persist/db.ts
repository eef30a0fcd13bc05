/**
 * The IndexedDB database behind saved sessions (one record per session in each store, labels per row). Big
 * records go in pieces of at most 4 MB (persist/pieces.ts): a checkpoint's or the results' big typed arrays. The
 * pieces of a new value are written first, each in its own transaction, under a new generation; then one small
 * transaction switches the record to it and drops the older generation's pieces. A write cut off midway leaves
 * the previous value whole.
 *
 * The table's file stays one Blob: storing a Blob clones no bytes on the page (the browser copies a picked file
 * from disk), while 4 MB slices of it made Chromium's browser process hold the whole file in memory (+47 MB at
 * 600k rows, docs/benchmarks.md).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LabelEntry } from '../core/session';
import type { Checkpoint } from '../core/train/checkpoint';
import { migrateMeta, migrateSnapshot } from './migrate';
import { joinRecord, splitRecord } from './pieces';
import type { SavedCheckpoint, SavedFile, SavedLabel, SavedResults, SessionMeta, SessionSnapshot } from './types';

const DB_NAME = 'imlab';
/** 2: the pieces store (version-1 records, each whole, are read as they are). */
const DB_VERSION = 2;

type PieceRecord = 'checkpoint' | 'results';

/** Where a record's pieces are: [session, record, gen, 0 .. count). */
interface PiecesAt {
  gen: number;
  count: number;
}

interface StoredPiece {
  session: string;
  record: PieceRecord;
  gen: number;
  index: number;
  data: Uint8Array;
}

type StoredCheckpoint = SavedCheckpoint & { pieces?: PiecesAt };
type StoredResults = SavedResults & { pieces?: PiecesAt };

interface LabSchema extends DBSchema {
  sessions: { key: string; value: SessionMeta };
  /** Key [session, row]: one record per labeled row, so a label is one small write. */
  labels: { key: [string, number]; value: SavedLabel };
  files: { key: string; value: SavedFile };
  results: { key: string; value: StoredResults };
  checkpoints: { key: string; value: StoredCheckpoint };
  /** Key [session, record, gen, index]: the pieces of big records. */
  pieces: { key: [string, PieceRecord, number, number]; value: StoredPiece };
}

type StoreName = 'sessions' | 'files' | 'labels' | 'results' | 'checkpoints' | 'pieces';
const ALL: StoreName[] = ['sessions', 'files', 'labels', 'results', 'checkpoints', 'pieces'];

let dbPromise: Promise<IDBPDatabase<LabSchema>> | null = null;

/** Opens (and on first use creates) the database; rejects where IndexedDB is unavailable. */
export function db(): Promise<IDBPDatabase<LabSchema>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available in this browser.'));
  dbPromise ??= openDB<LabSchema>(DB_NAME, DB_VERSION, {
    upgrade(d) {
      if (!d.objectStoreNames.contains('sessions')) d.createObjectStore('sessions', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('files')) d.createObjectStore('files', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('labels')) d.createObjectStore('labels', { keyPath: ['session', 'row'] });
      if (!d.objectStoreNames.contains('results')) d.createObjectStore('results', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('checkpoints')) d.createObjectStore('checkpoints', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('pieces')) d.createObjectStore('pieces', { keyPath: ['session', 'record', 'gen', 'index'] });
    },
    blocking() {
      // A newer version of the app wants to upgrade the schema: let it.
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
    terminated() {
      dbPromise = null;
    },
  }).catch((e: unknown) => {
    dbPromise = null;
    throw e;
  });
  return dbPromise;
}

/** Every label record of a session: keys [id, -inf] .. [id, +inf]. */
function labelRange(id: string): IDBKeyRange {
  return IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
}

/** Every piece of a session ([] sorts after every string and number), or of one of its records. */
function piecesOf(id: string, record?: PieceRecord): IDBKeyRange {
  return record ? IDBKeyRange.bound([id, record], [id, record, []]) : IDBKeyRange.bound([id], [id, []]);
}

let lastGen = 0;
/** A generation number never used before by this page (and later than any earlier page's). */
function nextGen(): number {
  lastGen = Math.max(lastGen + 1, Date.now() * 1000);
  return lastGen;
}

/** Writes pieces one transaction each (each clone at most PIECE_BYTES; the page runs between them). */
async function putPieces(id: string, record: PieceRecord, pieces: Uint8Array[]): Promise<PiecesAt> {
  const d = await db();
  const gen = nextGen();
  for (let index = 0; index < pieces.length; index++) {
    // A copy of each view as it is stored: the page holds one piece more, never a second copy of the record.
    await d.put('pieces', { session: id, record, gen, index, data: pieces[index].slice() });
  }
  return { gen, count: pieces.length };
}

type PieceTx = { objectStore(name: 'pieces'): { delete(range: IDBKeyRange): Promise<void> } };

/** Drops a record's pieces of every generation but `keep` (older values, or a write cut off midway). */
function dropOtherPieces(tx: PieceTx, id: string, record: PieceRecord, keep: PiecesAt | undefined): Promise<void>[] {
  const store = tx.objectStore('pieces');
  if (!keep) return [store.delete(piecesOf(id, record))];
  return [
    store.delete(IDBKeyRange.bound([id, record], [id, record, keep.gen], false, true)),
    store.delete(IDBKeyRange.bound([id, record, keep.gen, []], [id, record, []], true, false)),
  ];
}

const queues = new Map<string, Promise<unknown>>();
/**
 * Runs the writes of one session's record one after another: two writes in flight would each drop the other's
 * pieces when they switch, and a clear during a write would leave the record pointing at deleted pieces.
 */
function serial<T>(id: string, records: PieceRecord[], write: () => Promise<T>): Promise<T> {
  const keys = records.map((r) => `${id}\u0000${r}`);
  const before = Promise.all(keys.map((k) => queues.get(k)?.catch(() => {})));
  const next = before.then(write);
  for (const k of keys) queues.set(k, next);
  const done = () => keys.forEach((k) => queues.get(k) === next && queues.delete(k));
  next.then(done, done);
  return next;
}

/** A record with its big typed arrays in pieces (written first). */
async function storedSplit<T extends { id: string }>(record: PieceRecord, value: T): Promise<T & { pieces?: PiecesAt }> {
  const { head, pieces } = splitRecord(value);
  if (!pieces.length) return head;
  return { ...head, pieces: await putPieces(value.id, record, pieces) };
}

export async function createSession(meta: SessionMeta, file: SavedFile): Promise<void> {
  const d = await db();
  const tx = d.transaction(['sessions', 'files'], 'readwrite');
  await Promise.all([tx.objectStore('sessions').put(meta), tx.objectStore('files').put(file), tx.done]);
}

export async function putMeta(meta: SessionMeta): Promise<void> {
  await (await db()).put('sessions', meta);
}

export async function putFile(file: SavedFile): Promise<void> {
  await (await db()).put('files', file);
}

export async function putLabels(session: string, entries: LabelEntry[]): Promise<void> {
  if (!entries.length) return;
  const d = await db();
  const tx = d.transaction('labels', 'readwrite');
  await Promise.all([
    ...entries.map((l) => tx.store.put({ session, row: l.row, label: l.label, source: l.source, time: l.time })),
    tx.done,
  ]);
}

export async function deleteLabel(session: string, row: number): Promise<void> {
  await (await db()).delete('labels', [session, row]);
}

export function putResults(r: SavedResults): Promise<void> {
  return serial(r.id, ['results'], async () => {
    const stored = await storedSplit('results', r);
    const tx = (await db()).transaction(['results', 'pieces'], 'readwrite');
    await Promise.all([tx.objectStore('results').put(stored), ...dropOtherPieces(tx, r.id, 'results', stored.pieces), tx.done]);
  });
}

export function putCheckpoint(c: SavedCheckpoint): Promise<void> {
  return serial(c.id, ['checkpoint'], async () => {
    const stored = await storedSplit('checkpoint', c);
    const tx = (await db()).transaction(['checkpoints', 'pieces'], 'readwrite');
    await Promise.all([tx.objectStore('checkpoints').put(stored), ...dropOtherPieces(tx, c.id, 'checkpoint', stored.pieces), tx.done]);
  });
}

/** A new run in the same session starts without labels, scores or checkpoint (after the writes under way). */
export function clearRunData(id: string): Promise<void> {
  return serial(id, ['results', 'checkpoint'], () => clearNow(id));
}

async function clearNow(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(['labels', 'results', 'checkpoints', 'pieces'], 'readwrite');
  await Promise.all([
    tx.objectStore('labels').delete(labelRange(id)),
    tx.objectStore('results').delete(id),
    tx.objectStore('checkpoints').delete(id),
    tx.objectStore('pieces').delete(piecesOf(id, 'results')),
    tx.objectStore('pieces').delete(piecesOf(id, 'checkpoint')),
    tx.done,
  ]);
}

export async function listSessions(): Promise<SessionMeta[]> {
  const all = await (await db()).getAll('sessions');
  return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** A saved session as the list shows it, with what can be told of its health without reading its big records. */
export interface ListedSession {
  meta: SessionMeta;
  /** Why it cannot be opened (missing table, unreadable record), or null. */
  unopenable: string | null;
  /** Answers in the labels store (the record of truth; meta.labelCount is a copy for the list). */
  labelsStored: number;
}

/** Every session, newest first, each checked: its table present, its meta readable, its answers counted. */
export async function listSessionsChecked(): Promise<ListedSession[]> {
  const d = await db();
  const tx = d.transaction(['sessions', 'files', 'labels'], 'readonly');
  const [metas, fileKeys] = await Promise.all([tx.objectStore('sessions').getAll(), tx.objectStore('files').getAllKeys()]);
  const counts = await Promise.all(metas.map((m) => tx.objectStore('labels').count(labelRange(m.id))));
  await tx.done;
  const files = new Set(fileKeys);
  return metas
    .map((meta, i) => {
      let unopenable: string | null = files.has(meta.id) ? null : 'Its table is missing, so it cannot be opened.';
      try {
        migrateMeta(structuredClone(meta));
      } catch (e) {
        unopenable ??= e instanceof Error ? e.message : String(e);
      }
      return { meta, unopenable, labelsStored: counts[i] };
    })
    .sort((a, b) => b.meta.updatedAt - a.meta.updatedAt);
}

type PieceStore = { get(key: [string, PieceRecord, number, number]): Promise<StoredPiece | undefined> };

/** A stored record whole again from its pieces (each deserialization at most 4 MB). */
async function joined<T extends { pieces?: PiecesAt }>(
  store: PieceStore,
  id: string,
  record: PieceRecord,
  v: T | undefined,
): Promise<T | undefined> {
  if (!v?.pieces) return v;
  const { pieces: at, ...head } = v;
  // All requests at once (each answer is its own event, deserialized alone): no round trip waits for the last.
  const got = await Promise.all(Array.from({ length: at.count }, (_, i) => store.get([id, record, at.gen, i])));
  const missing = got.findIndex((p) => !p);
  if (missing >= 0) throw new Error(`This saved session is incomplete (its ${record} lacks piece ${missing + 1} of ${at.count}).`);
  return joinRecord(
    head as T,
    got.map((p) => p!.data),
  );
}

/** The session's saved checkpoint alone (the page reads it back after dropping its own copy). */
export async function loadCheckpoint(id: string): Promise<Checkpoint | null> {
  const tx = (await db()).transaction(['checkpoints', 'pieces'], 'readonly');
  const c = await joined(tx.objectStore('pieces'), id, 'checkpoint', await tx.objectStore('checkpoints').get(id));
  await tx.done;
  return c?.checkpoint ?? null;
}

/**
 * Reads a whole session in one transaction, so its parts are consistent with each other; big records' pieces are
 * read as separate requests (each deserialization at most PIECE_BYTES).
 */
export async function loadSession(id: string): Promise<SessionSnapshot | null> {
  const d = await db();
  const tx = d.transaction(ALL, 'readonly');
  const [meta, file, labels, results, checkpoint] = await Promise.all([
    tx.objectStore('sessions').get(id),
    tx.objectStore('files').get(id),
    tx.objectStore('labels').getAll(labelRange(id)),
    tx.objectStore('results').get(id),
    tx.objectStore('checkpoints').get(id),
  ]);
  const pieces = tx.objectStore('pieces');
  const fullResults = await joined(pieces, id, 'results', results);
  const fullCheckpoint = await joined(pieces, id, 'checkpoint', checkpoint);
  await tx.done;
  if (!meta || !file) return null;
  return migrateSnapshot({
    meta,
    file: file.blob,
    labels: labels.map((l) => ({ row: l.row, label: l.label, source: l.source, time: l.time })),
    results: fullResults ?? null,
    checkpoint: fullCheckpoint?.checkpoint ?? null,
  });
}

export function deleteSession(id: string): Promise<void> {
  return serial(id, ['results', 'checkpoint'], () => deleteNow(id));
}

async function deleteNow(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(ALL, 'readwrite');
  await Promise.all([
    tx.objectStore('sessions').delete(id),
    tx.objectStore('files').delete(id),
    tx.objectStore('labels').delete(labelRange(id)),
    tx.objectStore('results').delete(id),
    tx.objectStore('checkpoints').delete(id),
    tx.objectStore('pieces').delete(piecesOf(id)),
    tx.done,
  ]);
}
