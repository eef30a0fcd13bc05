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
import { watchStartQueue } from './startQueue';
import { useLab } from '../store';

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
export { openFile } from './openFile';
export { answerCandidate, closeRound, editLabel, skipCandidate, undoAnswer } from './labeling';
export { formErrors, pauseRun, resumeRun, setSimulatedOracle, startRun, stopRun } from './run';
export { keepUnsaved, retrySave } from './persistence';
export { deleteSaved, refreshSaved } from './savedList';
export { continueAfterCrash, dismissRestoreMessage, dismissResumeOffer, openSessionFile, resumeSession } from './restore';

let booted = false;
/** The engine starts at the latest this long after the page, whatever the demo does (a slow network). */
const ENGINE_WAIT_MS = 3000;

/** First load: read the defaults and open the demo table, and start the backend once the demo is painted. */
export async function bootstrap(): Promise<void> {
  if (booted) return; // StrictMode mounts twice in development
  booted = true;
  const choice = storedChoice();
  setLab({ backendChoice: choice, engineChoice: storedEngineChoice() });
  onEngineLost(engineLost);
  onSessionTaken(() => abandonRun('taken'));
  startPersistence();
  startCardLoading();
  watchStartQueue(useLab.subscribe);
  // The latest saved session is offered for resuming; the demo opens meanwhile.
  const offer = refreshSaved().then(() => {
    const latest = getLab().saved[0];
    if (latest && !getLab().session) setLab({ resumeOffer: latest.id });
  });
  // The engine's start (compiling its kernels in the worker) waits for the demo to be on screen: on a two-core
  // machine it would take the core the page's first renders run on (docs/reliability.md, "The boot").
  const demo = loadDemo();
  const shown = Promise.race([demo.then(afterPaint), new Promise((done) => setTimeout(done, ENGINE_WAIT_MS))]);
  const backend = shown.then(() => initBackend(choice));
  await Promise.allSettled([backend, loadDefaults(), demo, offer]);
}

export function toggleShortcuts(open?: boolean): void {
  setLab((s) => ({ shortcutsOpen: open ?? !s.shortcutsOpen }));
}

/** Resolves after the next frame is painted (or at once where there is no frame, as in tests). */
function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
}
