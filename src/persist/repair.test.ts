import { describe, expect, it } from 'vitest';
import { makeConfig } from '../core/config';
import { repairSnapshot } from './repair';
import { testMeta } from './testMeta';
import type { SessionSnapshot } from './types';

const col = (index: number, name: string) => ({ index, name, kind: 'numeric', included: true, missing: 0 }) as never;
const own = { rows: 4, columns: ['f1', 'f2', 'label'].map((n, i) => col(i, n)), proposedLabel: 2 };

/** A record as the switching fault left it: another table's settings over this session's own records. */
function damaged(): SessionSnapshot {
  return {
    meta: testMeta({
      id: 'A',
      fileName: 'a.csv',
      rows: 250,
      columns: ['f1', 'big', 'label'].map((n, i) => col(i, n)),
      labelCount: 0,
      run: { status: 'running', config: makeConfig({}), startedAt: 3, labelingMs: 9, error: null },
      openRound: { round: 1, rounds: 3, cursor: 1, openedAt: 1 },
    }),
    file: new Blob(['a']),
    labels: [
      { row: 1, label: 1, source: 'analyst', time: 1 },
      { row: 3, label: 0, source: 'analyst', time: 2 },
      { row: 900, label: 1, source: 'analyst', time: 3 },
    ],
    results: { id: 'A', scores: Float32Array.of(1, 2, 3, 4), final: null, progress: null, series: { points: [] } as never, markers: [] },
    checkpoint: null,
  };
}

describe('repairSnapshot', () => {
  it('leaves a record that describes its own table alone', () => {
    const snap = damaged();
    snap.meta = { ...snap.meta, rows: 4, columns: own.columns };
    expect(repairSnapshot(snap, own)).toBeNull();
  });

  it('rebuilds a damaged record around its own table, answers and scores, and says what was lost', () => {
    const r = repairSnapshot(damaged(), own)!;
    expect(r.snapshot.meta.columns.map((c) => c.name)).toEqual(['f1', 'f2', 'label']);
    expect(r.snapshot.meta).toMatchObject({
      rows: 4,
      labelColumn: 2,
      labelCount: 2,
      openRound: null,
      run: { status: 'stopped', config: null },
    });
    expect(r.snapshot.labels.map((l) => l.row)).toEqual([1, 3]);
    expect(Array.from(r.snapshot.results!.scores!)).toEqual([1, 2, 3, 4]);
    expect(r.snapshot.checkpoint).toBeNull();
    expect(r.message).toMatch(/your 2 answers and the scores/);
    expect(r.message).toMatch(/Not recoverable: your column choices/);
  });

  it('drops scores that are not of its table', () => {
    const snap = damaged();
    snap.results = { ...snap.results!, scores: new Float32Array(250) };
    const r = repairSnapshot(snap, own)!;
    expect(r.snapshot.results).toBeNull();
    expect(r.snapshot.meta.run.status).toBe('idle');
  });
});
