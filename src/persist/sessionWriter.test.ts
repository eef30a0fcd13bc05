import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../core/train/checkpoint';
import { SessionWriter, WrongSessionError, type SessionStore } from './sessionWriter';
import { testMeta } from './testMeta';
import type { SavedResults } from './types';

/** Records every call the writer makes, by the id it writes under. */
function recordingStore(): { store: SessionStore; calls: string[] } {
  const calls: string[] = [];
  const store: SessionStore = {
    createSession: async (m) => void calls.push(`create ${m.id}`),
    putMeta: async (m) => void calls.push(`meta ${m.id} ${m.fileName}`),
    putLabels: async (id, e) => void calls.push(`labels ${id} ${e.length}`),
    deleteLabel: async (id, row) => void calls.push(`delete ${id} ${row}`),
    putResults: async (r) => void calls.push(`results ${r.id}`),
    putCheckpoint: async (c) => void calls.push(`checkpoint ${c.id}`),
    clearRunData: async (id) => void calls.push(`clear ${id}`),
  };
  return { store, calls };
}

const quiet = { failed: () => {}, changed: () => {} };
const results = (id: string): SavedResults => ({
  id,
  scores: null,
  final: null,
  progress: null,
  series: { points: [] } as never,
  markers: [],
});
const entry = { row: 1, label: 1 as const, source: 'analyst' as const, time: 5 };

describe('SessionWriter', () => {
  it('refuses every record of another session, writing nothing', async () => {
    const { store, calls } = recordingStore();
    const w = new SessionWriter('A', quiet, store);
    expect(() => w.pushMeta(testMeta({ id: 'B' }))).toThrow(WrongSessionError);
    expect(() => w.pushResults(results('B'), true)).toThrow(WrongSessionError);
    expect(() => w.pushCheckpoint('B', {} as Checkpoint)).toThrow(WrongSessionError);
    expect(() => w.putLabels('B', [entry])).toThrow(WrongSessionError);
    expect(() => w.putLabels(null, [entry])).toThrow(WrongSessionError);
    expect(() => w.deleteLabel('B', 1)).toThrow(WrongSessionError);
    expect(() => w.clearRun('B')).toThrow(WrongSessionError);
    expect(() => w.create(testMeta({ id: 'B' }), { id: 'B', blob: new Blob([]), name: 'b', size: 0 })).toThrow(WrongSessionError);
    await w.flush();
    expect(calls).toEqual([]);
  });

  it('writes its own session, and after close writes nothing more', async () => {
    const { store, calls } = recordingStore();
    const w = new SessionWriter('A', quiet, store);
    await w.putLabels('A', [entry]);
    w.pushMeta(testMeta({ id: 'A', fileName: 'first' }));
    w.pushMeta(testMeta({ id: 'A', fileName: 'latest' }));
    w.pushResults(results('A'), true);
    await w.close();
    expect(calls).toEqual(['labels A 1', 'results A', 'meta A latest']);
    w.pushMeta(testMeta({ id: 'A', fileName: 'after close' }));
    expect(await w.putLabels('A', [entry])).toBe(false);
    await w.flush();
    expect(calls).toHaveLength(3);
  });

  it('stops at the first failed write and reports it once', async () => {
    const failures: unknown[] = [];
    const { store } = recordingStore();
    store.putLabels = () => Promise.reject(new Error('disk full'));
    const w = new SessionWriter('A', { failed: (e) => failures.push(e), changed: () => {} }, store);
    expect(await w.putLabels('A', [entry])).toBe(false);
    expect(await w.putLabels('A', [entry])).toBe(false);
    expect(failures).toHaveLength(1);
    expect(w.writing).toBe(false);
  });
});
