/**
 * Start pressed while a new table is being read (or its features built): the click is kept and the run starts on
 * that table once it is read and its features are built, never on the table that was on screen before. Kept
 * through both steps, so a click that lands while the button still shows the step before is not lost. A file that cannot be read or
 * used, or an engine that stops meanwhile, drops the click (the page says why elsewhere).
 */
import { canStart, isRunActive, isTableSettling, type LabState } from '../store';
import { formErrors, startRun } from './run';
import { getLab, setLab } from './shared';

/** Start can be queued: a table is on its way and nothing else stands in the way of a run. */
export function canQueueStart(s: LabState): boolean {
  return (
    isTableSettling(s) &&
    !s.startQueued &&
    !isRunActive(s) &&
    s.restore.status !== 'busy' &&
    s.worker.status === 'ok' &&
    s.backendStatus !== 'error' &&
    Object.keys(formErrors(s)).length === 0
  );
}

export function queueStart(): void {
  if (canQueueStart(getLab())) setLab({ startQueued: true });
}

/** Still on its way: the table is read, its features built, or the compute backend started. */
function pending(s: LabState): boolean {
  return isTableSettling(s) || s.backendStatus === 'starting';
}

/** Decides a queued click once the new table has settled: a run on it, or nothing (a refused file, a run on). */
export function settleQueuedStart(s: LabState): void {
  if (!s.startQueued || pending(s)) return;
  setLab({ startQueued: false });
  if (s.intake.status !== 'error' && canStart(s) && Object.keys(formErrors(s)).length === 0) void startRun();
}

/** Watches the store for the moment a queued click can be decided; returns the unsubscribe. */
export function watchStartQueue(subscribe: (listener: (s: LabState) => void) => () => void): () => void {
  return subscribe(settleQueuedStart);
}
