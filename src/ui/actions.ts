/**
 * Every keyboard-reachable action, in one registry: the key handler and the shortcuts overlay both
 * read it, and the buttons call the same perform/enabled, so a key and its button never disagree.
 */
import {
  answerCandidate, closeRound, pauseRun, resumeRun, skipCandidate, toggleShortcuts, undoAnswer,
} from './session';
import { currentCandidate, engineUsable, isRunActive, type LabState } from './store';

export type ActionId =
  | 'label-inlier'
  | 'label-outlier'
  | 'skip'
  | 'undo'
  | 'continue-training'
  | 'pause-resume'
  | 'shortcuts'
  | 'close-overlay';

export interface Action {
  id: ActionId;
  label: string;
  /** KeyboardEvent.key values; letters in lower case. */
  keys: string[];
  group: 'Labeling' | 'Training' | 'Help';
  enabled(s: LabState): boolean;
  perform(s: LabState): void;
}

/** Answers need a live engine and a session this tab still owns (see the crash and take-over notices). */
const hasCandidate = (s: LabState) => currentCandidate(s) != null && engineUsable(s);

export const ACTIONS: readonly Action[] = [
  { id: 'label-inlier', label: 'Label the candidate inlier', keys: ['i'], group: 'Labeling', enabled: hasCandidate, perform: () => void answerCandidate(0) },
  { id: 'label-outlier', label: 'Label the candidate outlier', keys: ['o'], group: 'Labeling', enabled: hasCandidate, perform: () => void answerCandidate(1) },
  { id: 'skip', label: 'Skip the candidate (no label)', keys: ['s'], group: 'Labeling', enabled: hasCandidate, perform: () => void skipCandidate() },
  {
    id: 'undo',
    label: 'Undo: back to the previous candidate, clearing its label',
    keys: ['Backspace', 'u'],
    group: 'Labeling',
    enabled: (s) => s.round != null && s.round.cursor > 0 && engineUsable(s),
    perform: () => void undoAnswer(),
  },
  {
    id: 'continue-training',
    label: 'Close the round and continue training',
    keys: ['Enter'],
    group: 'Labeling',
    enabled: (s) => s.round != null && isRunActive(s) && engineUsable(s),
    perform: () => void closeRound(),
  },
  {
    id: 'pause-resume',
    label: 'Pause or resume training',
    keys: ['p'],
    group: 'Training',
    enabled: (s) => (s.run.status === 'running' || s.run.status === 'paused') && engineUsable(s),
    perform: (s) => void (s.run.status === 'paused' ? resumeRun() : pauseRun()),
  },
  { id: 'shortcuts', label: 'Show or hide the keyboard shortcuts', keys: ['?'], group: 'Help', enabled: () => true, perform: () => toggleShortcuts() },
  { id: 'close-overlay', label: 'Close the shortcuts overlay', keys: ['Escape'], group: 'Help', enabled: (s) => s.shortcutsOpen, perform: () => toggleShortcuts(false) },
];

const BY_ID = new Map(ACTIONS.map((a) => [a.id, a]));

export function action(id: ActionId): Action {
  const a = BY_ID.get(id);
  if (!a) throw new Error(`unknown action ${id}`);
  return a;
}

/** The enabled action bound to a key, if any. */
export function actionForKey(key: string, s: LabState): Action | undefined {
  const k = key.length === 1 ? key.toLowerCase() : key;
  return ACTIONS.find((a) => a.keys.includes(k) && a.enabled(s));
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
