/** A saved session's meta record for the persist tests, with what a test cares about overridden. */
import { DEFAULT_CONFIG } from '../core/config';
import { SCHEMA_VERSION, type SessionMeta } from './types';

export function testMeta(overrides: Partial<SessionMeta> & Pick<SessionMeta, 'id'>): SessionMeta {
  return {
    version: SCHEMA_VERSION,
    createdAt: 1,
    updatedAt: 2,
    fileName: 'table.csv',
    fileSize: 8,
    isDemo: false,
    rows: 2,
    columns: [],
    labelColumn: null,
    outlierValue: '',
    method: 'imboost',
    form: {},
    simulatedOracle: false,
    run: { status: 'paused', config: DEFAULT_CONFIG, startedAt: 1, labelingMs: 0, error: null },
    roundLog: [],
    openRound: null,
    labelCount: 0,
    ...overrides,
  };
}
