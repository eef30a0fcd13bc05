/**
 * Everything the page asks of the engine worker, and how the answers land in the store. Components
 * and keyboard actions call these functions; none of them blocks the main thread for long.
 */
import { initBackend, loadDefaults, storedChoice } from './backend';
import { loadDemo } from './intake';
import { set } from './shared';

export { changeBackend, resetForm } from './backend';
export { exportCsv, exportSession } from './exports';
export {
  DEMO_FILE, dismissIntakeError, loadFile, prepareFeatures, setAllColumnsIncluded, setColumnIncluded, setLabelColumn, setOutlierValue,
} from './intake';
export { answerCandidate, closeRound, editLabel, skipCandidate, undoAnswer } from './labeling';
export { formErrors, pauseRun, resumeRun, setSimulatedOracle, startRun, stopRun } from './run';

let booted = false;

/** First load: start the backend, read the defaults and open the demo table, all at once. */
export async function bootstrap(): Promise<void> {
  if (booted) return; // StrictMode mounts twice in development
  booted = true;
  const choice = storedChoice();
  set({ backendChoice: choice });
  await Promise.allSettled([initBackend(choice), loadDefaults(), loadDemo()]);
}

export function toggleShortcuts(open?: boolean): void {
  set((s) => ({ shortcutsOpen: open ?? !s.shortcutsOpen }));
}
