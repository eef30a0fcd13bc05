import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../../core/config';
import type { Checkpoint } from '../../core/train/checkpoint';
import * as idb from '../../persist/db';
import type { SessionSnapshot } from '../../persist/types';
import type { LabelEntry, TableSummary } from '../../worker/api';
import { FRESH_RUN, useLab } from '../store';
import { adoptSession, flushSaving, openTable, saveLabels, saveResults, startPersistence, takeCheckpoint } from './persistence';

/**
 * The switch that used to lose work: a finished session A, then another table B (or a saved session) opened over
 * it. A's records must come out of the database exactly as they were, whatever B's state does afterwards.
 */

const set = useLab.setState;
const get = useLab.getState;

function table(name: string, cols: string[], rows: number): TableSummary {
  const columns = cols.map((c, index) => ({ index, name: c, kind: 'numeric', included: true, missing: 0 })) as never;
  return { fileName: name, rows, header: cols, columns, proposedLabel: null, warnings: [] };
}

/** What the intake puts in the store for a freshly read table (session/intake.ts). */
const applyTable = (t: TableSummary) => (session: string | null) =>
  set({ session, table: t, isDemo: false, columns: t.columns, labelColumn: null, outlierValue: '', features: null, ...FRESH_RUN });

function checkpoint(rows: number, seed: number): Checkpoint {
  return {
    version: 1,
    method: 'imboost',
    nextEpoch: 12,
    round: 2,
    state: [Float32Array.from({ length: 6 }, (_, i) => i * 0.5 + seed)],
    adamM: [new Float32Array(6)],
    adamV: [new Float32Array(6).fill(0.25)],
    adamStep: 40,
    rngState: 99 + seed,
    labels: new Int8Array(rows).fill(-1),
    history: [Float32Array.from({ length: rows }, (_, i) => i / rows + seed)],
    updates: 120,
  };
}

const entries: LabelEntry[] = [
  { row: 1, label: 1, source: 'analyst', time: 1000 },
  { row: 4, label: 0, source: 'analyst', time: 1001 },
];

/** Finishes a run on the table on the page: answers, scores, checkpoint, status done; all saved. */
async function finishRun(rows: number, seed: number): Promise<void> {
  await saveLabels(entries);
  set({
    labels: new Map(entries.map((l) => [l.row, l])),
    run: { status: 'done', error: null, notice: null, config: makeConfig({}), startedAt: 5, labelingMs: 7, elapsedOffsetMs: 0 },
    roundLog: [{ round: 1, rounds: 1, candidates: 2, inliers: 1, outliers: 1, by: 'you' }],
    savedScores: Float32Array.from({ length: rows }, (_, i) => Math.sin(i + seed)),
    result: { scores: new Float32Array(rows), posteriors: new Float64Array(rows).fill(0.5), auc: 0.9, ap: 0.5, seconds: 3, updates: 120 },
  });
  takeCheckpoint(checkpoint(rows, seed));
  saveResults(true);
  await flushSaving();
}

/** A session as stored, with the fields a switch must not touch (updatedAt is a write time). */
async function stored(id: string): Promise<SessionSnapshot & { text: string }> {
  const snap = await idb.loadSession(id);
  if (!snap) throw new Error(`session ${id} is not stored`);
  const { updatedAt: _, ...meta } = snap.meta;
  const bytes = (a: ArrayLike<number> | null | undefined) => (a ? Array.from(a) : null);
  const text = JSON.stringify({
    meta,
    file: await snap.file.text(),
    labels: snap.labels,
    scores: bytes(snap.results?.scores),
    final: snap.results?.final && { ...snap.results.final, posteriors: bytes(snap.results.final.posteriors) },
    checkpoint: snap.checkpoint && {
      ...snap.checkpoint,
      state: snap.checkpoint.state.map(bytes),
      history: snap.checkpoint.history.map(bytes),
      labels: bytes(snap.checkpoint.labels),
    },
  });
  return { ...snap, text };
}

beforeAll(() => startPersistence());

describe('switching sessions', () => {
  it('opening another table leaves the finished session as it was, to the byte', async () => {
    const a = table('a.csv', ['f1', 'f2', 'f3', 'f4', 'f5', 'label'], 8);
    await openTable(new Blob(['a-bytes']), 'a.csv', false, applyTable(a));
    const idA = get().session!;
    await finishRun(8, 0);
    const before = await stored(idA);
    expect(before.meta.run.status).toBe('done');
    expect(before.labels).toHaveLength(2);

    // A last change to A, still waiting in the debounced writer, then B opens at once.
    set({ form: { 'imboost.rounds': '3' } });
    const b = table('b.csv', ['f1', 'f2', 'big', 'label'], 5);
    await openTable(new Blob(['b-bytes']), 'b.csv', false, applyTable(b));
    const idB = get().session!;
    expect(idB).not.toBe(idA);
    // B's own work after the switch.
    set({ form: { 'imboost.rounds': '9' }, method: 'altbi' });
    await saveLabels([{ row: 0, label: 0, source: 'analyst', time: 2000 }]);
    set({ labels: new Map([[0, { row: 0, label: 0, source: 'analyst', time: 2000 }]]) });
    await flushSaving();

    const after = await stored(idA);
    // The pending change was A's own and is kept; nothing else of A moved.
    expect(after.meta.form).toEqual({ 'imboost.rounds': '3' });
    expect(after.text).toBe(before.text.replace('"form":{}', '"form":{"imboost.rounds":"3"}'));
    const bStored = await stored(idB);
    expect(bStored.meta.columns.map((c) => c.name)).toEqual(['f1', 'f2', 'big', 'label']);
    expect(bStored.meta.fileName).toBe('b.csv');
    expect(bStored.labels).toHaveLength(1);
  });

  it('opening a saved session over another leaves both as they were', async () => {
    const b = get().session!;
    const bBefore = await stored(b);
    const list = await idb.listSessions();
    const a = list.find((m) => m.fileName === 'a.csv')!;
    const aBefore = await stored(a.id);
    const snap = (await idb.loadSession(a.id))!;
    // What restore.ts applies: A's state, marked as A's, in the same update.
    await adoptSession(snap, { id: a.id, release() {}, lost: new Promise(() => {}) }, () =>
      set({
        ...FRESH_RUN,
        session: a.id,
        table: table(
          'a.csv',
          snap.meta.columns.map((c) => c.name),
          snap.meta.rows,
        ),
        columns: snap.meta.columns,
      }),
    );
    await flushSaving();
    expect((await stored(b)).text).toBe(bBefore.text);
    expect(get().session).toBe(a.id);
    // A was re-saved from the state applied (run state is the page's), its answers and scores untouched.
    const aAfter = await stored(a.id);
    expect(aAfter.labels).toEqual(aBefore.labels);
    expect(aAfter.checkpoint?.state.map((s) => Array.from(s))).toEqual(aBefore.checkpoint?.state.map((s) => Array.from(s)));
  });

  it('a state of another session is never written under the open one', async () => {
    const open = get().session!;
    const before = await stored(open);
    // A store update that carries another session's state (the old fault's shape): nothing is written.
    set({ session: 'someone-else', columns: [], method: 'odim', form: { x: '1' } });
    saveResults(true);
    await flushSaving();
    expect((await stored(open)).text).toBe(before.text);
    await expect(saveLabels(entries)).rejects.toThrow(/not written/);
    set({ session: open });
  });
});
