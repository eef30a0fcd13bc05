/**
 * Every user command, in one registry: its label, its keys, when it is available (`enabled`) and what it
 * does (`perform`). The key handler, the shortcuts overlay and the buttons all read it, so a key and its
 * button never disagree; the README's key list is checked against it (actions.test.ts).
 */
import { isMethod } from '../core/config';
import {
  answerCandidate,
  closeRound,
  exportCsv,
  exportOnnx,
  exportScoredCsv,
  exportSession,
  openFile,
  openSessionFile,
  pauseRun,
  resumeRun,
  scoreAnotherTable,
  skipCandidate,
  startRun,
  stopRun,
  toggleShortcuts,
  undoAnswer,
} from './session';
import { formErrors } from './session/run';
import { canQueueStart, queueStart } from './session/startQueue';
import { canStart, currentCandidate, engineUsable, hasScores, isRunActive, isTableSettling, useLab, type LabState } from './store';

export type ActionId =
  | 'start-run'
  | 'pause-run'
  | 'resume-run'
  | 'stop-run'
  | 'pause-resume'
  | 'switch-method'
  | 'open-file'
  | 'open-session'
  | 'label-inlier'
  | 'label-outlier'
  | 'skip'
  | 'undo'
  | 'continue-training'
  | 'continue-with-imboost'
  | 'continue-with-contrast'
  | 'export-csv'
  | 'export-session'
  | 'export-onnx'
  | 'score-table'
  | 'export-scored-csv'
  | 'shortcuts'
  | 'close-overlay';

export interface Action {
  id: ActionId;
  label: string;
  /** KeyboardEvent.key values; letters in lower case. Commands without a key have []. */
  keys: string[];
  group: 'Data' | 'Labeling' | 'Training' | 'Export' | 'Help';
  enabled(s: LabState): boolean;
  /** `arg` carries what a control supplies: the chosen method, the opened file. */
  perform(s: LabState, arg?: unknown): void | Promise<void>;
}

/** Answers need a live engine and a session this tab still owns (see the crash and take-over notices). */
const hasCandidate = (s: LabState) => currentCandidate(s) != null && !s.round?.settling && engineUsable(s);
// Not while a session is being read back into a new engine: it has no table yet.
const scoresToExport = (s: LabState) => hasScores(s) && s.table != null && s.restore.status !== 'busy' && s.worker.status === 'ok';
/**
 * The model is the one a finished run leaves (its final score is on screen). Contrast's score is a nearest-neighbour
 * search over the stored clean rows' embeddings, which the deterministic IWAE scorer and its ONNX graph do not hold.
 */
const hasModel = (s: LabState) => s.run.status === 'done' && s.result != null && s.run.config != null && s.run.config.method !== 'contrast';
export const CONTRAST_NO_MODEL =
  "Contrast scores a row by its nearest clean row in the encoder's space, a search over stored rows that the exported scorer (ONNX) does not hold: export its scores as CSV.";

/** The unsupervised autoencoder methods ask nothing; after one, the labeling loop can start on the same table. */
const AFTER_AE = new Set(['ae', 'gradstop', 'rejection']);
export const canContinueWithImboost = (s: LabState) =>
  s.run.status === 'done' && AFTER_AE.has(s.run.config?.method ?? '') && canStart(s) && Object.keys(formErrors(s)).length === 0;

/**
 * After any finished run but contrast's own, the contrast stage can run on its scores and answers: its clean set is
 * cut from that ranking, with no warm-up of its own (core/contrast/run.ts, `startScores`).
 */
export const canContinueWithContrast = (s: LabState) =>
  s.run.status === 'done' &&
  s.result != null &&
  s.run.config != null &&
  s.run.config.method !== 'contrast' &&
  canStart(s) &&
  Object.keys(formErrors({ method: 'contrast', form: s.form })).length === 0;

/**
 * A new run starts from no labels: say so before the analyst's answers are dropped. While a table or its features
 * are on their way, the click is kept for them (session/startQueue.ts).
 */
function confirmAndStart(s: LabState): Promise<void> | void {
  const answers = [...s.labels.values()].filter((l) => l.source === 'analyst').length;
  if (answers > 0 && !window.confirm(`Start a new run? Your ${answers} answers will be cleared (download them first to keep them).`))
    return;
  return isTableSettling(s) ? queueStart() : startRun();
}

export const ACTIONS: readonly Action[] = [
  // Open even while a table loads: the newest file chosen replaces it (a file dropped early is never lost). A run
  // going on is left as saved, to resume from Saved sessions (session/openFile.ts).
  {
    id: 'open-file',
    label: 'Open a table',
    keys: [],
    group: 'Data',
    enabled: (s) => s.run.status !== 'starting' && s.restore.status !== 'busy',
    perform: (_, file) => (file instanceof File ? openFile(file) : undefined),
  },
  {
    id: 'open-session',
    label: 'Open a session file (.imlab)',
    keys: [],
    group: 'Data',
    enabled: (s) => s.run.status !== 'starting' && s.restore.status !== 'busy',
    perform: (_, file) => (file instanceof File ? openSessionFile(file) : undefined),
  },
  {
    id: 'switch-method',
    label: 'Switch the method',
    keys: [],
    group: 'Training',
    enabled: (s) => !isRunActive(s),
    perform: (_, m) => {
      if (isMethod(m)) useLab.setState({ method: m });
    },
  },
  {
    id: 'start-run',
    label: 'Start a run',
    keys: [],
    group: 'Training',
    // While a new table is read, the click is kept for it (never a run on the table it replaces).
    enabled: (s) => (canStart(s) && Object.keys(formErrors(s)).length === 0) || canQueueStart(s),
    perform: confirmAndStart,
  },
  {
    id: 'pause-run',
    label: 'Pause training',
    keys: [],
    group: 'Training',
    enabled: (s) => s.run.status === 'running' && engineUsable(s),
    perform: () => pauseRun(),
  },
  {
    id: 'resume-run',
    label: 'Resume training',
    keys: [],
    group: 'Training',
    enabled: (s) => s.run.status === 'paused' && engineUsable(s),
    perform: () => resumeRun(),
  },
  {
    id: 'stop-run',
    label: 'Stop the run',
    keys: [],
    group: 'Training',
    enabled: (s) => isRunActive(s) && engineUsable(s),
    perform: () => stopRun(),
  },
  {
    id: 'pause-resume',
    label: 'Pause or resume training',
    keys: ['p'],
    group: 'Training',
    enabled: (s) => (s.run.status === 'running' || s.run.status === 'paused') && engineUsable(s),
    perform: (s) => (s.run.status === 'paused' ? resumeRun() : pauseRun()),
  },
  {
    id: 'label-inlier',
    label: 'Label the candidate inlier',
    keys: ['i'],
    group: 'Labeling',
    enabled: hasCandidate,
    perform: () => answerCandidate(0),
  },
  {
    id: 'label-outlier',
    label: 'Label the candidate outlier',
    keys: ['o'],
    group: 'Labeling',
    enabled: hasCandidate,
    perform: () => answerCandidate(1),
  },
  {
    id: 'skip',
    label: 'Skip the candidate (no label)',
    keys: ['s'],
    group: 'Labeling',
    enabled: hasCandidate,
    perform: () => skipCandidate(),
  },
  {
    id: 'undo',
    label: 'Undo: back to the previous candidate, clearing its label',
    keys: ['Backspace', 'u'],
    group: 'Labeling',
    enabled: (s) => s.round != null && s.round.cursor > 0 && engineUsable(s),
    perform: () => undoAnswer(),
  },
  {
    id: 'continue-training',
    label: 'Close the round and continue training',
    keys: ['Enter'],
    group: 'Labeling',
    enabled: (s) => s.round != null && isRunActive(s) && engineUsable(s),
    perform: () => closeRound(),
  },
  {
    id: 'continue-with-imboost',
    label: 'Continue with IMBoost: start the labeling loop on the same table',
    keys: [],
    group: 'Training',
    enabled: canContinueWithImboost,
    perform: () => {
      useLab.setState({ method: 'imboost' });
      return startRun();
    },
  },
  {
    id: 'continue-with-contrast',
    label: "Continue with contrast: the contrast stage on this run's scores and answers",
    keys: [],
    group: 'Training',
    enabled: canContinueWithContrast,
    perform: () => {
      useLab.setState({ method: 'contrast' });
      return startRun('scores');
    },
  },
  {
    id: 'export-csv',
    label: 'Download the table with scores and labels (CSV)',
    keys: [],
    group: 'Export',
    enabled: scoresToExport,
    perform: () => exportCsv(),
  },
  {
    id: 'export-session',
    label: 'Download the session (.imlab file)',
    keys: [],
    group: 'Export',
    enabled: scoresToExport,
    perform: () => exportSession(),
  },
  {
    id: 'export-onnx',
    label: 'Export the model (ONNX)',
    keys: [],
    group: 'Export',
    enabled: hasModel,
    perform: () => exportOnnx(),
  },
  {
    id: 'score-table',
    label: 'Score another table with this model',
    keys: [],
    group: 'Export',
    enabled: (s) => hasModel(s) && s.scoring.status !== 'busy',
    perform: (_, file) => (file instanceof File ? scoreAnotherTable(file) : undefined),
  },
  {
    id: 'export-scored-csv',
    label: 'Download the other table with its scores (CSV)',
    keys: [],
    group: 'Export',
    enabled: (s) => s.scoring.status === 'done',
    perform: () => exportScoredCsv(),
  },
  {
    id: 'shortcuts',
    label: 'Show or hide the keyboard shortcuts',
    keys: ['?'],
    group: 'Help',
    enabled: () => true,
    perform: () => toggleShortcuts(),
  },
  {
    id: 'close-overlay',
    label: 'Close the shortcuts overlay',
    keys: ['Escape'],
    group: 'Help',
    enabled: (s) => s.shortcutsOpen,
    perform: () => toggleShortcuts(false),
  },
];

const BY_ID = new Map(ACTIONS.map((a) => [a.id, a]));

export function action(id: ActionId): Action {
  const a = BY_ID.get(id);
  if (!a) throw new Error(`unknown action ${id}`);
  return a;
}

/** Runs an action if it is available now; what a button's click and a key press both do. */
export function performAction(id: ActionId, arg?: unknown): void | Promise<void> {
  const s = useLab.getState();
  const a = action(id);
  if (a.enabled(s)) return a.perform(s, arg);
}

/** The enabled action bound to a key, if any. */
export function actionForKey(key: string, s: LabState): Action | undefined {
  const k = key.length === 1 ? key.toLowerCase() : key;
  return ACTIONS.find((a) => a.keys.includes(k) && a.enabled(s));
}

/** Keys bound to more than one action (reported at start-up in development; a test keeps it empty). */
export function keyConflicts(actions: readonly Action[] = ACTIONS): string[] {
  const byKey = new Map<string, string[]>();
  for (const a of actions) for (const k of a.keys) byKey.set(k, [...(byKey.get(k) ?? []), a.id]);
  return [...byKey].filter(([, ids]) => ids.length > 1).map(([k, ids]) => `Key "${k}" is bound to ${ids.join(' and ')}`);
}

/** How a key is written in the UI. */
export function keyName(key: string): string {
  switch (key) {
    case 'Backspace':
      return '⌫ Backspace';
    case 'Enter':
      return '↵ Enter';
    case 'Escape':
      return 'Esc';
    default:
      return key.length === 1 ? key.toUpperCase() : key;
  }
}

/** Short hint for a button, e.g. "I", "⌫ / U" or "↵". */
export function keyHint(id: ActionId): string {
  const short: Record<string, string> = { Backspace: '⌫', Enter: '↵ Enter', Escape: 'Esc' };
  return action(id)
    .keys.map((k) => short[k] ?? keyName(k))
    .join(' / ');
}
