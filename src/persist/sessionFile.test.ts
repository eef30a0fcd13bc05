import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { DEFAULT_CONFIG } from '../core/config';
import type { Checkpoint } from '../core/train/checkpoint';
import { decodeSessionFile, encodeSessionFile, SESSION_FILE_VERSION } from './sessionFile';
import { testMeta } from './testMeta';
import type { SessionMeta, SessionSnapshot } from './types';

function snapshot(): SessionSnapshot {
  const meta: SessionMeta = testMeta({
    id: 's1',
    fileName: 'cardio.csv',
    run: { status: 'paused', config: DEFAULT_CONFIG, startedAt: 5, labelingMs: 100, error: null },
    openRound: { round: 1, rounds: 5, cursor: 2, openedAt: 9 },
    labelCount: 2,
  });
  const checkpoint: Checkpoint = {
    version: 1,
    method: 'imboost',
    nextEpoch: 50,
    round: 1,
    state: [Float32Array.of(0.5, -1.25, 3e-8), Float32Array.of(7)],
    adamM: [Float32Array.of(1, 2, 3), Float32Array.of(4)],
    adamV: [Float32Array.of(5, 6, 7), Float32Array.of(8)],
    adamStep: 400,
    rngState: 123456789,
    labels: Int8Array.of(-1, 1),
    history: [Float32Array.of(0.1, 0.2)],
    openRound: {
      round: 1,
      rounds: 5,
      epoch: 49,
      budget: 6,
      candidates: [1, 0],
      candidateScores: [2.5, 1.5],
    } as unknown as Checkpoint['openRound'],
  };
  return {
    meta,
    file: new Blob(['a,b\n1,2\n3,4\n']),
    labels: [
      { row: 1, label: 1, source: 'analyst', time: 1700000000123 },
      { row: 0, label: 0, source: 'ground truth', time: 1700000000456 },
    ],
    results: {
      id: 's1',
      scores: Float32Array.of(1.5, 2.5),
      final: null,
      progress: null,
      series: { points: [] } as unknown as NonNullable<SessionSnapshot['results']>['series'],
      markers: [],
    },
    checkpoint,
  };
}

describe('session file (.imlab)', () => {
  it('round-trips a snapshot exactly: table bytes, labels with times and sources, scores, checkpoint', async () => {
    const snap = snapshot();
    const bytes = await encodeSessionFile(snap, { engineVersion: '0.1.0', summary: { scores: 2 } });
    const { snapshot: back, manifest } = decodeSessionFile(bytes);
    expect(manifest.version).toBe(SESSION_FILE_VERSION);
    expect(await back.file.text()).toBe('a,b\n1,2\n3,4\n');
    expect(back.meta).toEqual(snap.meta);
    expect(back.labels).toEqual(snap.labels);
    expect(back.results!.scores).toBeInstanceOf(Float32Array);
    expect(back.results).toEqual(snap.results);
    expect(back.checkpoint!.labels).toBeInstanceOf(Int8Array);
    expect(back.checkpoint).toEqual(snap.checkpoint);
  });

  it('says what an old JSON export, a newer file and a foreign file are', async () => {
    const old = strToU8(JSON.stringify({ format: 'imlab-session', engineVersion: '0.1.0', labels: [] }));
    expect(() => decodeSessionFile(old)).toThrow(/earlier IMLab .*no table and no model/);
    expect(() => decodeSessionFile(strToU8('id,amount\n1,2\n'))).toThrow(/not an IMLab session file/);
    expect(() => decodeSessionFile(zipSync({ 'a.txt': strToU8('x') }))).toThrow(/not an IMLab session file/);
    const newer = zipSync({
      'imlab-session.json': strToU8(JSON.stringify({ format: 'imlab-session-file', version: 99, engineVersion: '9.0.0' })),
    });
    expect(() => decodeSessionFile(newer)).toThrow(/newer IMLab \(9\.0\.0, session file version 99\)/);
    const bytes = await encodeSessionFile(snapshot(), { engineVersion: '0.1.0' });
    const broken = bytes.slice(0, bytes.length - 40);
    expect(() => decodeSessionFile(broken)).toThrow(/not an IMLab session file|damaged/);
  });
});
