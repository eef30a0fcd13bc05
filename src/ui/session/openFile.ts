/**
 * Opening the analyst's file, whatever the page is doing. A run going on is left as it is saved (its status, open
 * round, answers and checkpoint), as when another saved session is opened: it resumes from Saved sessions. If the
 * file cannot be read, that run is put back at once, from its checkpoint.
 */
import { isRunActive } from '../store';
import { loadFile } from './intake';
import { reopenOpenSession } from './restore';
import { leaveRun } from './run';
import { getLab, setLab } from './shared';

/** Called through the 'open-file' action, whose predicate says when a file may open (not while a run starts or a session is read). */
export async function openFile(file: File): Promise<void> {
  const s = getLab();
  const left = isRunActive(s) ? s.session : null;
  if (left) await leaveRun();
  const outcome = await loadFile(file, { runLeft: left != null });
  // Only the page's own session comes back, and only if no newer file or session took the page meanwhile.
  if (outcome !== 'failed' || !left || getLab().session !== left) return;
  const { intake } = getLab();
  await reopenOpenSession();
  // Reading the session back says its table is ready: the file's own message (why it did not open) stays.
  if (getLab().session === left && getLab().intake.status === 'ready') setLab({ intake });
}
