import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { db, loadSession } from './db';
import { migrateCheckpoint, migrateMeta, migrateResults, migrateSnapshot } from './migrate';
import { testMeta } from './testMeta';
import { SCHEMA_VERSION, type SessionMeta } from './types';

/** A session as version 1 wrote it: its config predates the compute-engine setting. */
function versionOne(id: string): Record<string, unknown> {
  const { engine: _engine, ...config } = DEFAULT_CONFIG;
  return {
    id,
    version: 1,
    createdAt: 1,
    updatedAt: 2,
    fileName: 'cardio.csv',
    fileSize: 10,
    isDemo: true,
    rows: 3,
    columns: [],
    labelColumn: null,
    outlierValue: '',
    method: 'imboost',
    form: { 'imboost.rho': '0.92' },
    simulatedOracle: false,
    run: { status: 'paused', config: { ...config, imboost: { ...config.imboost, rho: 0.9 } }, startedAt: 5, labelingMs: 0, error: null },
    roundLog: [],
    openRound: null,
    labelCount: 0,
  };
}

describe('saved sessions', () => {
  it('loads a version-1 session from IndexedDB, migrated to the current schema', async () => {
    const d = await db();
    await d.put('sessions', versionOne('v1') as unknown as SessionMeta);
    await d.put('files', { id: 'v1', blob: new Blob(['a,b\n1,2\n']), name: 'cardio.csv', size: 8 });
    const snap = await loadSession('v1');
    expect(snap?.meta.version).toBe(SCHEMA_VERSION);
    expect(snap?.meta.run.config?.engine).toBe('auto');
    expect(snap?.meta.run.config?.imboost.rho).toBe(0.9);
    expect(snap?.meta.form).toEqual({ 'imboost.rho': '0.92' });
  });

  it('refuses a newer format, a record that is not a session, and settings the table refuses', () => {
    expect(() => migrateMeta({ ...versionOne('n'), version: SCHEMA_VERSION + 1 })).toThrow(/newer version of IMLab/);
    expect(() => migrateMeta({ hello: 1 })).toThrow(/not a saved session/);
    const bad = versionOne('b') as { run: { config: typeof DEFAULT_CONFIG } };
    bad.run.config.imboost.warmupEpochs = 0;
    expect(() => migrateMeta(bad)).toThrow('imboost.warmupEpochs: At least 1.');
  });

  it('keeps a current session as it is', () => {
    const current = {
      ...versionOne('c'),
      version: SCHEMA_VERSION,
      run: { status: 'done', config: DEFAULT_CONFIG, startedAt: 1, labelingMs: 0, error: null },
    };
    expect(migrateMeta(structuredClone(current))).toEqual(current);
  });

  describe('every record kind passes the same funnel', () => {
    const meta = testMeta({ id: 'm', run: { status: 'paused', config: DEFAULT_CONFIG, startedAt: 1, labelingMs: 0, error: null } });
    const ckpt = { version: 1, method: 'imboost', nextEpoch: 12, round: 1, state: [], adamM: [], adamV: [], adamStep: 3, rngState: 1 };

    it('reads results saved before the guard and ranking views as having neither', () => {
      const old = {
        id: 'm',
        scores: null,
        progress: null,
        series: { points: [] },
        markers: [],
        final: { posteriors: new Float64Array(2), auc: 0.5, ap: 0.2, seconds: 1, updates: 9 },
      };
      const r = migrateResults(old);
      expect(r?.final?.guard).toBeNull();
      expect(r?.final?.ranking).toBeNull();
      expect(r?.final?.auc).toBe(0.5);
      expect(migrateResults(null)).toBeNull();
      expect(() => migrateResults(7)).toThrow(/results are not a record/);
    });

    it("counts an old IMBoost checkpoint's updates by epoch and keeps a current one as it is", () => {
      expect(migrateCheckpoint(ckpt, meta)?.updates).toBe(12 * DEFAULT_CONFIG.imboost.updatesPerEpoch);
      const current = { ...ckpt, updates: 57 };
      expect(migrateCheckpoint(current, meta)).toBe(current);
    });

    it('drops a checkpoint the run cannot trust: another method, an unknown format', () => {
      expect(migrateCheckpoint({ ...ckpt, method: 'odim' }, meta)).toBeNull();
      expect(migrateCheckpoint({ ...ckpt, version: 2 }, meta)).toBeNull();
      expect(migrateCheckpoint('x', meta)).toBeNull();
    });

    it('migrates a whole snapshot: meta, results and checkpoint together', () => {
      const snap = migrateSnapshot({ meta: versionOne('w'), file: new Blob(['a']), labels: [], results: null, checkpoint: ckpt });
      expect(snap.meta.version).toBe(SCHEMA_VERSION);
      expect(snap.checkpoint?.updates).toBe(12 * DEFAULT_CONFIG.imboost.updatesPerEpoch);
    });
  });
});
