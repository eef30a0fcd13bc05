/**
 * The one funnel every saved record passes on load, from IndexedDB or from an .imlab file: the meta, the results
 * and the checkpoint are checked and brought up to the current schema here, so nothing above persist/ knows an
 * old format. Each meta step takes one version to the next, so a session saved by any earlier version opens;
 * one saved by a newer version is refused (its fields may mean something this version does not know).
 */
import { DEFAULT_CONFIG, makeConfig, mergeConfig, type ConfigOverrides } from '../core/config';
import type { Checkpoint } from '../core/train/checkpoint';
import type { GuardView, LabelEntry, RankingView } from '../core/session';
import { SCHEMA_VERSION, type SavedResults, type SessionMeta, type SessionSnapshot } from './types';

export class SessionFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionFormatError';
  }
}

type Raw = Record<string, unknown> & { version?: unknown; run?: Record<string, unknown> };

/** Version n -> n + 1, indexed by n. */
const STEPS: Record<number, (m: Raw) => Raw> = {
  // Version 2: the run's config is complete. Version 1 saved whatever the engine had then, so settings
  // added since (the compute engine choice) take their defaults.
  1: (m) => ({ ...m, version: 2, run: m.run && { ...m.run, config: m.run.config ? mergeConfig(m.run.config as ConfigOverrides) : null } }),
};

export function migrateMeta(raw: unknown): SessionMeta {
  if (raw === null || typeof raw !== 'object' || typeof (raw as Raw).id !== 'string')
    throw new SessionFormatError('This is not a saved session.');
  let m = raw as Raw;
  let v = m.version ?? 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new SessionFormatError(`Unknown session format (version ${String(v)}).`);
  if (v > SCHEMA_VERSION)
    throw new SessionFormatError(`This session was saved by a newer version of IMLab (format ${v}); reload the page to update.`);
  for (; v < SCHEMA_VERSION; v++) m = STEPS[v](m);
  const run = m.run as SessionMeta['run'] | undefined;
  if (!run || typeof run.status !== 'string') throw new SessionFormatError('This saved session has no run record.');
  // The settings are checked by the same table as a new run's: a bad value is refused, not trained on.
  if (run.config) run.config = makeConfig(run.config);
  return m as unknown as SessionMeta;
}

/** A session's records as they were read, before any of them is trusted. */
export interface StoredSnapshot {
  meta: unknown;
  file: Blob;
  labels: LabelEntry[];
  results: unknown;
  checkpoint: unknown;
}

/** Every record of a session at the current schema: what the page and the engine are given. */
export function migrateSnapshot(raw: StoredSnapshot): SessionSnapshot {
  const meta = migrateMeta(raw.meta);
  return {
    meta,
    file: raw.file,
    labels: raw.labels,
    results: migrateResults(raw.results),
    checkpoint: migrateCheckpoint(raw.checkpoint, meta),
  };
}

type RawRanking = Omit<RankingView, 'curve'> & { curve?: RankingView['curve'] };
type RawFinal = Omit<NonNullable<SavedResults['final']>, 'guard' | 'ranking'> & { guard?: GuardView | null; ranking?: RawRanking | null };
type RawResults = Omit<SavedResults, 'final'> & { final: RawFinal | null };

/** Results saved before the guard's and the ranking's views existed read as "none" for both; an old ranking has no curve. */
export function migrateResults(raw: unknown): SavedResults | null {
  if (raw == null) return null;
  if (typeof raw !== 'object') throw new SessionFormatError('This saved session is damaged (its results are not a record).');
  const r = raw as RawResults;
  if (!r.final) return { ...r, final: null };
  const ranking = r.final.ranking ? { ...r.final.ranking, curve: r.final.ranking.curve ?? [] } : null;
  const final = { ...r.final, guard: r.final.guard ?? null, ranking };
  return { ...r, final };
}

/**
 * The checkpoint a run resumes from, or null when it cannot be trusted: of another method than the run's (an
 * earlier version of the method left it), or of an unknown format; one without a run's config is kept as it is stored.
 * Checkpoints saved before they counted their updates (IMBoost) say it by epoch.
 */
export function migrateCheckpoint(raw: unknown, meta: SessionMeta): Checkpoint | null {
  if (raw == null || typeof raw !== 'object') return null;
  const c = raw as Checkpoint;
  const config = meta.run.config;
  if (c.version !== 1 || (config && c.method !== config.method)) return null;
  if (c.updates != null) return c;
  return { ...c, updates: c.nextEpoch * (config ?? DEFAULT_CONFIG).imboost.updatesPerEpoch };
}
