import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { DEFAULT_CONFIG } from '../core/config';
import type { Checkpoint } from '../core/train/checkpoint';
import { decodeSessionFile, encodeSessionFile, SESSION_FILE_VERSION } from './sessionFile';
import { testMeta } from './testMeta';
import { declareSize, sessionDeclaring } from '../../tests/zipDeclare';
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
    updates: 250,
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

  it('refuses a tampered file with a sentence saying what is wrong, before anything is saved', async () => {
    const cases: [string, (s: SessionSnapshot) => void, RegExp][] = [
      [
        'a label past the table',
        (s) => (s.labels[0] = { ...s.labels[0], row: 1_000_000 }),
        /answer 1 names row 1000000, and the table has 2 rows/,
      ],
      ['a null label', (s) => ((s.labels as unknown[])[1] = null), /answer 2 is not an answer/],
      ['a label that is an object', (s) => ((s.labels[0] as unknown as { row: unknown }).row = { x: 1 }), /answer 1 names row/],
      ['a label time "x"', (s) => ((s.labels[0] as unknown as { time: unknown }).time = 'x'), /answer 1 has no valid time/],
      ['a source with a formula', (s) => ((s.labels[0] as unknown as { source: unknown }).source = '=HYPERLINK("x")'), /unknown source/],
      ['a row answered twice', (s) => (s.labels[1] = { ...s.labels[1], row: 1 }), /row 1 is answered twice/],
      ['NaN scores', (s) => (s.results!.scores = Float32Array.of(NaN, 1)), /scores are not one finite number/],
      [
        'scores of another table',
        (s) => (s.results!.scores = Float32Array.of(1, 2, 3)),
        /scores are not one finite number for each of the 2 rows/,
      ],
      ['a short moment tensor', (s) => (s.checkpoint!.adamM[0] = Float32Array.of(1)), /optimizer state of tensor 1 has the wrong size/],
      ['NaN moments', (s) => (s.checkpoint!.adamV[1] = Float32Array.of(NaN)), /optimizer state holds a value that is not a number/],
      [
        'NaN weights',
        (s) => (s.checkpoint!.state[1] = Float32Array.of(NaN)),
        /tensor 2 of its checkpoint holds a value that is not a number/,
      ],
      ['missing weights', (s) => ((s.checkpoint as unknown as { state: unknown }).state = undefined), /checkpoint has no weights/],
      [
        'a posterior of 7',
        (s) => (s.results!.final = { posteriors: Float64Array.of(7, 0.5), auc: 0.9, ap: 0.5, seconds: 1, updates: 1 }),
        /outside 0\.\.1/,
      ],
    ];
    for (const [what, tamper, says] of cases) {
      const snap = snapshot();
      tamper(snap);
      const bytes = await encodeSessionFile(snap, { engineVersion: '0.1.0' });
      expect(() => decodeSessionFile(bytes), what).toThrow(says);
      expect(() => decodeSessionFile(bytes), what).toThrow(/damaged or was altered: .*\. It was not opened\./);
    }
  });
});

describe('a session file is refused by the sizes its zip declares, before anything is inflated', () => {
  const budget = { maxTableBytes: 512 * 2 ** 20, maxTotalBytes: 1024 * 2 ** 20, maxManifestBytes: 64 * 2 ** 20 };

  it('refuses a table declared over the size the page reads (3.5 GB), saying so', () => {
    const bytes = sessionDeclaring(3.5 * 2 ** 30);
    expect(bytes.length).toBeLessThan(4096);
    expect(() => decodeSessionFile(bytes, budget)).toThrow(
      /holds a table of 3,584 MB; IMLab reads tables up to 512 MB .*Nothing of it was saved\./,
    );
  });

  it('refuses arrays that would inflate past the total, and an oversized description', () => {
    expect(() => decodeSessionFile(sessionDeclaring(400 * 2 ** 20, { 'arrays/0.bin': 700 * 2 ** 20 }), budget)).toThrow(
      /would take 1,10\d MB once unpacked; IMLab opens session files up to 1,024 MB/,
    );
    const big = declareSize(sessionDeclaring(10), 'imlab-session.json', 100 * 2 ** 20);
    expect(() => decodeSessionFile(big, budget)).toThrow(/description is 100 MB/);
  });

  it('opens a file within the budget as before', async () => {
    const bytes = await encodeSessionFile(snapshot(), { engineVersion: '0.1.0' });
    expect(decodeSessionFile(bytes, budget).snapshot.labels).toEqual(snapshot().labels);
    expect(() => decodeSessionFile(bytes, { ...budget, maxTableBytes: 4 })).toThrow(/holds a table of/);
  });
});
