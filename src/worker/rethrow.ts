import { IntakeError } from '../core/data/errors';

/** Errors cross the worker boundary as plain messages the page can show. */
export function rethrow(e: unknown): never {
  if (e instanceof IntakeError) throw new Error(e.message);
  throw e instanceof Error ? e : new Error(String(e));
}
