import { useLab } from '../store';

/** The page's store, read and updated outside React (the session modules). */
export const setLab = useLab.setState;
export const getLab = useLab.getState;

/** Comlink re-throws worker errors as "Error: ..."; the page shows only the human sentence. */
export function messageOf(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  return raw.replace(/^(Error|IntakeError):\s*/, '') || 'Something went wrong.';
}
