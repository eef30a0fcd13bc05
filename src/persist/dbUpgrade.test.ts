import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { db, loadSession, putCheckpoint } from './db';
import { testMeta } from './testMeta';

/** A database as version 1 of the app made it: five stores, every record whole. */
async function versionOneDatabase(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('imlab', 1);
    open.onupgradeneeded = () => {
      const d = open.result;
      d.createObjectStore('sessions', { keyPath: 'id' }).put(testMeta({ id: 'old', fileName: 'old.csv', rows: 1 }));
      d.createObjectStore('files', { keyPath: 'id' }).put({ id: 'old', blob: new Blob(['a,b\n1,2\n']), name: 'old.csv', size: 8 });
      d.createObjectStore('labels', { keyPath: ['session', 'row'] }).put({ session: 'old', row: 0, label: 1, source: 'analyst', time: 3 });
      d.createObjectStore('results', { keyPath: 'id' });
      d.createObjectStore('checkpoints', { keyPath: 'id' }).put({
        id: 'old',
        savedAt: 4,
        checkpoint: { version: 1, method: 'imboost', nextEpoch: 3, history: [new Float32Array(300_000).fill(0.5)], state: [] },
      });
    };
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error);
  });
}

describe('the database after the pieces store was added', () => {
  it('opens a version-1 database, reads its whole records, and writes new ones in pieces', async () => {
    await versionOneDatabase();
    const snap = await loadSession('old');
    expect(await snap?.file.text()).toBe('a,b\n1,2\n');
    expect(snap?.labels).toEqual([{ row: 0, label: 1, source: 'analyst', time: 3 }]);
    expect(snap?.checkpoint?.history[0]).toHaveLength(300_000);
    const d = await db();
    expect(d.version).toBe(2);
    expect([...d.objectStoreNames]).toContain('pieces');
    await putCheckpoint({ id: 'old', checkpoint: snap!.checkpoint!, savedAt: 5 });
    expect(await d.count('pieces')).toBe(1);
    expect((await loadSession('old'))?.checkpoint?.history[0][299_999]).toBe(0.5);
  });
});
