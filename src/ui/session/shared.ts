import { useLab } from '../store';

export const set = useLab.setState;
export const get = useLab.getState;

/** Comlink re-throws worker errors as "Error: ..."; the page shows only the human sentence. */
export function messageOf(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  return raw.replace(/^(Error|IntakeError):\s*/, '') || 'Something went wrong.';
}
