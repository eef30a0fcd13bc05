/**
 * A saved session's meta record, checked and brought up to the current schema on load. Each step takes
 * one version to the next, so a session saved by any earlier version opens; one saved by a newer version
 * is refused (its fields may mean something this version does not know).
 */
import { makeConfig, mergeConfig, type ConfigOverrides } from '../core/config';
import { SCHEMA_VERSION, type SessionMeta } from './types';

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
