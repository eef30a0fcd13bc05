import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../core/train/checkpoint';
import { clearRunData, createSession, db, deleteSession, loadSession, putCheckpoint, putResults } from './db';
import { PIECE_BYTES } from './pieces';
import { testMeta } from './testMeta';
import type { SavedResults, SessionMeta } from './types';

const ROWS = 1_200_000; // one score vector is 4.8 MB: more than one piece

function meta(id: string): SessionMeta {
  return testMeta({ id, fileName: 'big.csv', rows: ROWS });
}

function checkpoint(seed: number): Checkpoint {
  const vec = (k: number) => Float32Array.from({ length: ROWS }, (_, i) => ((i * 2654435761 + k * 97 + seed) % 1000) / 1000);
  return {
    version: 1,
    method: 'imboost',
    nextEpoch: 60 + seed,
    updates: 300 + 5 * seed,
    round: 1,
    state: [Float32Array.of(0.25, -1), new Float32Array(8).fill(seed)],
    adamM: [new Float32Array(2), new Float32Array(8)],
    adamV: [new Float32Array(2), new Float32Array(8)],
    adamStep: 10,
    rngState: 42 + seed,
    labels: new Int8Array(ROWS).fill(-1),
    history: [vec(0), vec(1), vec(2)],
    openRound: { round: 1, rounds: 2, epoch: 59, budget: 3, candidates: [5, 9, 1], candidateScores: [3, 2, 1] },
  };
}

/** Same values, compared as bytes (a deep equal of millions of numbers is slow). */
function sameCheckpoint(a: Checkpoint | null | undefined, b: Checkpoint): void {
  expect(a).toBeTruthy();
  const { history, labels, ...rest } = a!;
  const { history: hb, labels: lb, ...restB } = b;
  expect(rest).toEqual(restB);
  expect(history).toHaveLength(hb.length);
  history.forEach((h, i) => sameBytes(h, hb[i]));
  sameBytes(labels, lb);
}

function sameBytes(a: ArrayBufferView | null | undefined, b: ArrayBufferView): void {
  expect(a?.constructor).toBe(b.constructor);
  expect(Buffer.from(a!.buffer, a!.byteOffset, a!.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
}

/** Every stored piece of a session, as [record, gen, bytes]. */
async function piecesOf(id: string): Promise<[string, number, number][]> {
  const all = await (await db()).getAll('pieces', IDBKeyRange.bound([id], [id, []]));
  // A stored view would keep its whole buffer: count the buffer's bytes.
  return all.map((p) => [p.record, p.gen, p.data.buffer.byteLength]);
}

describe('sessions in pieces', () => {
  it('stores a big checkpoint and results in pieces of at most 4 MB (the table file whole) and reads them back whole', async () => {
    const file = new Blob([new Uint8Array(PIECE_BYTES * 2 + 123).fill(65)], { type: 'text/csv' });
    await createSession(meta('big'), { id: 'big', blob: file, name: 'big.csv', size: file.size });
    const c = checkpoint(0);
    await putCheckpoint({ id: 'big', checkpoint: c, savedAt: 5 });
    const results: SavedResults = {
      id: 'big',
      scores: c.history[0],
      final: { posteriors: Float64Array.from(c.history[1]), auc: null, ap: null, seconds: 1, updates: 2 },
      progress: null,
      series: { points: [] } as unknown as SavedResults['series'],
      markers: [],
    };
    await putResults(results);
    const stored = await piecesOf('big');
    expect(stored.every(([, , bytes]) => bytes <= PIECE_BYTES)).toBe(true);
    // checkpoint: 3 vectors of 2 pieces + the labels; results: scores 2, posteriors 3; the file is one Blob.
    expect(stored.filter(([r]) => r === 'file')).toHaveLength(0);
    expect((await (await db()).get('files', 'big'))?.blob.size).toBe(file.size);
    expect(stored.filter(([r]) => r === 'checkpoint')).toHaveLength(7);
    expect(stored.filter(([r]) => r === 'results')).toHaveLength(5);
    const head = await (await db()).get('checkpoints', 'big');
    expect(head?.checkpoint.history[0]).not.toBeInstanceOf(Float32Array); // a reference, not the vector

    const snap = await loadSession('big');
    sameCheckpoint(snap?.checkpoint, c);
    expect(snap?.checkpoint?.history[2]).toBeInstanceOf(Float32Array);
    sameBytes(snap?.results?.scores, results.scores!);
    sameBytes(snap?.results?.final?.posteriors, results.final!.posteriors);
    expect(snap?.file.size).toBe(file.size);
    expect(snap?.file.type).toBe('text/csv');
    expect(new Uint8Array(await snap!.file.arrayBuffer()).every((b) => b === 65)).toBe(true);
  });

  it('a newer checkpoint replaces the older one and its pieces; a run cleared or a session deleted leaves none', async () => {
    await createSession(meta('s2'), { id: 's2', blob: new Blob(['a,b\n1,2\n']), name: 's.csv', size: 8 });
    await putCheckpoint({ id: 's2', checkpoint: checkpoint(0), savedAt: 1 });
    const first = new Set((await piecesOf('s2')).map(([, gen]) => gen));
    const c1 = checkpoint(1);
    await putCheckpoint({ id: 's2', checkpoint: c1, savedAt: 2 });
    const after = await piecesOf('s2');
    expect(after).toHaveLength(7);
    expect(after.some(([, gen]) => first.has(gen))).toBe(false);
    sameCheckpoint((await loadSession('s2'))?.checkpoint, c1);
    await clearRunData('s2');
    expect(await piecesOf('s2')).toHaveLength(0);
    expect((await loadSession('s2'))?.checkpoint).toBeNull();
    await putCheckpoint({ id: 's2', checkpoint: c1, savedAt: 3 });
    await deleteSession('s2');
    expect(await piecesOf('s2')).toHaveLength(0);
  });

  it('a write cut off before its record switched leaves the previous checkpoint whole', async () => {
    await createSession(meta('s3'), { id: 's3', blob: new Blob(['a\n1\n']), name: 's.csv', size: 4 });
    const c0 = checkpoint(0);
    await putCheckpoint({ id: 's3', checkpoint: c0, savedAt: 1 });
    // The pieces of a newer write, as a tab closed mid-write leaves them: written, but no record points to them.
    const d = await db();
    for (let index = 0; index < 3; index++)
      await d.put('pieces', { session: 's3', record: 'checkpoint', gen: Number.MAX_SAFE_INTEGER, index, data: new Uint8Array(10) });
    sameCheckpoint((await loadSession('s3'))?.checkpoint, c0);
    // The next write drops them with the older generation.
    await putCheckpoint({ id: 's3', checkpoint: checkpoint(2), savedAt: 2 });
    expect(await piecesOf('s3')).toHaveLength(7);
  });

  it('writes of one record started together land one after the other; a clear waits for them', async () => {
    await createSession(meta('s5'), { id: 's5', blob: new Blob(['a\n1\n']), name: 's.csv', size: 4 });
    const [a, b] = [checkpoint(3), checkpoint(4)];
    await Promise.all([putCheckpoint({ id: 's5', checkpoint: a, savedAt: 1 }), putCheckpoint({ id: 's5', checkpoint: b, savedAt: 2 })]);
    expect(await piecesOf('s5')).toHaveLength(7);
    sameCheckpoint((await loadSession('s5'))?.checkpoint, b);
    await Promise.all([putCheckpoint({ id: 's5', checkpoint: a, savedAt: 3 }), clearRunData('s5')]);
    expect(await piecesOf('s5')).toHaveLength(0);
    expect((await loadSession('s5'))?.checkpoint).toBeNull();
  });

  it('says a session with a lost piece is incomplete', async () => {
    await createSession(meta('s4'), { id: 's4', blob: new Blob(['a\n1\n']), name: 's.csv', size: 4 });
    await putCheckpoint({ id: 's4', checkpoint: checkpoint(0), savedAt: 1 });
    const d = await db();
    const key = (await d.getAllKeys('pieces', IDBKeyRange.bound(['s4'], ['s4', []])))[3];
    await d.delete('pieces', key);
    await expect(loadSession('s4')).rejects.toThrow(/incomplete/);
  });
});
