/**
 * Everything the page asks of the engine worker, and how the answers land in the store. Components
 * and keyboard actions call these functions; none of them blocks the main thread for long.
 */
import { onEngineLost } from '../engine';
import { initBackend, loadDefaults, storedChoice, storedEngineChoice } from './backend';
import { startCardLoading } from './cards';
import { loadDemo } from './intake';
import { onSessionTaken, startPersistence } from './persistence';
import { refreshSaved } from './savedList';
import { engineLost } from './restore';
import { abandonRun } from './run';
import { getLab, setLab } from './shared';

export { changeBackend, changeEngine, resetForm } from './backend';
export { exportCsv, exportSession } from './exports';
export { exportOnnx, exportScoredCsv, scoreAnotherTable } from './model';
export {
  chooseSheet,
  DEMO_FILE,
  dismissIntakeError,
  loadFile,
  prepareFeatures,
  setAllColumnsIncluded,
  setColumnIncluded,
  setDateParts,
  setLabelColumn,
  setNumberFormat,
  setOutlierValue,
} from './intake';
export { answerCandidate, closeRound, editLabel, skipCandidate, undoAnswer } from './labeling';
export { formErrors, pauseRun, resumeRun, setSimulatedOracle, startRun, stopRun } from './run';
export { keepUnsaved, retrySave } from './persistence';
export { deleteSaved, refreshSaved } from './savedList';
export { continueAfterCrash, dismissRestoreMessage, dismissResumeOffer, openSessionFile, resumeSession } from './restore';

let booted = false;

/** First load: start the backend, read the defaults and open the demo table, all at once. */
export async function bootstrap(): Promise<void> {
  if (booted) return; // StrictMode mounts twice in development
  booted = true;
  const choice = storedChoice();
  setLab({ backendChoice: choice, engineChoice: storedEngineChoice() });
  onEngineLost(engineLost);
  onSessionTaken(() => abandonRun('taken'));
  startPersistence();
  startCardLoading();
  // The latest saved session is offered for resuming; the demo opens meanwhile.
  const offer = refreshSaved().then(() => {
    const latest = getLab().saved[0];
    if (latest && !getLab().session) setLab({ resumeOffer: latest.id });
  });
  await Promise.allSettled([initBackend(choice), loadDefaults(), loadDemo(), offer]);
}

export function toggleShortcuts(open?: boolean): void {
  setLab((s) => ({ shortcutsOpen: open ?? !s.shortcutsOpen }));
}
