/** The analyst's answers: one queue, so fast typing never races the worker. */
import type { RowLabel } from '../../core/train/oracle';
import type { LabelEntry, RoundView } from '../../worker/api';
import { engineApi, isEngineLost } from '../engine';
import { answersEditable, currentCandidate, type LabState, type RoundSummary } from '../store';
import { forgetLabel, saveLabels } from './persistence';
import { getLab, messageOf, setLab } from './shared';

export function withLabels(labels: ReadonlyMap<number, LabelEntry>, entries: LabelEntry[]): Map<number, LabelEntry> {
  const next = new Map(labels);
  for (const l of entries) next.set(l.row, l);
  return next;
}

/** What a closed round got, for the labeling panel's round log. */
export function summarizeRound(view: RoundView, labels: ReadonlyMap<number, LabelEntry>, by: RoundSummary['by']): RoundSummary {
  let inliers = 0;
  let outliers = 0;
  for (const row of view.rows) {
    const l = labels.get(row);
    if (l?.label === 0) inliers++;
    else if (l?.label === 1) outliers++;
  }
  return { round: view.round, rounds: view.rounds, candidates: view.rows.length, inliers, outliers, by };
}

/** Labeling steps run one after another, so fast typing never races the worker. */
let queue: Promise<void> = Promise.resolve();

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task).catch((e: unknown) => {
    setLab((s) => ({ run: { ...s.run, notice: `A label could not be saved: ${messageOf(e)}` } }));
  });
  return queue;
}

/**
 * Tells the engine about a label. A crashed engine cannot hear it, but the label is saved and the page
 * keeps it: Continue hands every label to the new engine.
 */
async function tellEngine(row: number, label: RowLabel | -1): Promise<void> {
  try {
    await engineApi().setLabel(row, label);
  } catch (e) {
    if (!isEngineLost(e)) throw e;
  }
}

/**
 * The open round with its cursor moved by `step`, if it is still the round `view` the step was taken on: the next
 * round can open while an answer is being saved (round 1 replaces the early questions when the warm-up ends), and
 * moving its cursor would pass over its first candidate unasked.
 */
function moved(round: LabState['round'], view: RoundView, step: 1 | -1): LabState['round'] {
  return round && round.view === view ? { ...round, cursor: round.cursor + step } : round;
}

/** Answers the candidate on the card, stores the answer, then shows the next one. */
export function answerCandidate(label: RowLabel): Promise<void> {
  return enqueue(async () => {
    if (!answersEditable(getLab())) return;
    const c = currentCandidate(getLab());
    const view = getLab().round?.view;
    if (!c || !view) return;
    const entry: LabelEntry = { row: c.row, label, source: 'analyst', time: Date.now() };
    await saveLabels([entry]); // in IndexedDB before the card moves on
    await tellEngine(c.row, label);
    setLab((s) => ({ labels: withLabels(s.labels, [entry]), round: moved(s.round, view, 1) }));
  });
}

export function skipCandidate(): Promise<void> {
  return enqueue(async () => {
    const view = getLab().round?.view;
    if (!currentCandidate(getLab()) || !view) return;
    setLab((s) => ({ round: moved(s.round, view, 1) }));
  });
}

/** Back to the previous candidate, clearing the answer given to it. */
export function undoAnswer(): Promise<void> {
  return enqueue(async () => {
    if (!answersEditable(getLab())) return;
    const r = getLab().round;
    if (!r || r.cursor === 0) return;
    const prev = r.view.rows[r.cursor - 1];
    if (getLab().labels.has(prev)) {
      await forgetLabel(prev);
      await tellEngine(prev, -1);
    }
    setLab((s) => {
      const labels = new Map(s.labels);
      labels.delete(prev);
      return { labels, round: moved(s.round, r.view, -1) };
    });
  });
}

/** Closes the open round (any number of answers is fine) and lets training continue. */
export function closeRound(): Promise<void> {
  return enqueue(async () => {
    const r = getLab().round;
    if (!r) return;
    await engineApi().closeRound(r.view.round);
    setLab((s) =>
      // Round 1 may have replaced the early questions meanwhile, and logged them: it stays open.
      s.round?.view !== r.view
        ? {}
        : {
            round: null,
            roundLog: [...s.roundLog, summarizeRound(r.view, s.labels, 'you')],
            // The early questions (round 0) kept no one waiting: training went on.
            run: r.view.round ? { ...s.run, labelingMs: s.run.labelingMs + Date.now() - r.openedAt } : s.run,
          },
    );
  });
}

/** History edits: flip or clear any earlier answer. */
export function editLabel(row: number, label: RowLabel | -1): Promise<void> {
  return enqueue(async () => {
    if (!answersEditable(getLab())) return; // another tab owns the session: its answers are not this tab's to change
    const entry: LabelEntry | null = label === -1 ? null : { row, label, source: 'analyst', time: Date.now() };
    if (entry) await saveLabels([entry]);
    else await forgetLabel(row);
    // After the run the engine no longer trains on labels; the saved record is what counts.
    await tellEngine(row, label);
    setLab((s) => {
      const labels = new Map(s.labels);
      if (entry) labels.set(row, entry);
      else labels.delete(row);
      return { labels };
    });
  });
}
