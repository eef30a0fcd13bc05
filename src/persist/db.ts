/** The IndexedDB database behind saved sessions (one record per session in each store, labels per row). */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LabelEntry } from '../core/session';
import { migrateMeta } from './migrate';
import type { SavedCheckpoint, SavedFile, SavedLabel, SavedResults, SessionMeta, SessionSnapshot } from './types';

const DB_NAME = 'imlab';
const DB_VERSION = 1;

interface LabSchema extends DBSchema {
  sessions: { key: string; value: SessionMeta };
  files: { key: string; value: SavedFile };
  /** Key [session, row]: one record per labeled row, so a label is one small write. */
  labels: { key: [string, number]; value: SavedLabel };
  results: { key: string; value: SavedResults };
  checkpoints: { key: string; value: SavedCheckpoint };
}

type StoreName = 'sessions' | 'files' | 'labels' | 'results' | 'checkpoints';
const ALL: StoreName[] = ['sessions', 'files', 'labels', 'results', 'checkpoints'];

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

export async function putResults(r: SavedResults): Promise<void> {
  await (await db()).put('results', r);
}

export async function putCheckpoint(c: SavedCheckpoint): Promise<void> {
  await (await db()).put('checkpoints', c);
}

/** A new run in the same session starts without labels, scores or checkpoint. */
export async function clearRunData(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(['labels', 'results', 'checkpoints'], 'readwrite');
  await Promise.all([
    tx.objectStore('labels').delete(labelRange(id)),
    tx.objectStore('results').delete(id),
    tx.objectStore('checkpoints').delete(id),
    tx.done,
  ]);
}

export async function listSessions(): Promise<SessionMeta[]> {
  const all = await (await db()).getAll('sessions');
  return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Reads a whole session in one transaction, so its parts are consistent with each other. */
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
  await tx.done;
  if (!meta || !file) return null;
  return {
    meta: migrateMeta(meta),
    file: file.blob,
    labels: labels.map((l) => ({ row: l.row, label: l.label, source: l.source, time: l.time })),
    results: results ?? null,
    checkpoint: checkpoint?.checkpoint ?? null,
  };
}

export async function deleteSession(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(ALL, 'readwrite');
  await Promise.all([
    tx.objectStore('sessions').delete(id),
    tx.objectStore('files').delete(id),
    tx.objectStore('labels').delete(labelRange(id)),
    tx.objectStore('results').delete(id),
    tx.objectStore('checkpoints').delete(id),
    tx.done,
  ]);
}
