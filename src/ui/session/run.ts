/** Starting, pausing and stopping a run, and taking in what the worker reports while it trains. */
import { makeConfig } from '../../core/config';
import type { ProgressEvent } from '../../core/train/progress';
import type { RoundView, RunCallbacks, RunDone } from '../../worker/api';
import { engineApi, proxy } from '../engine';
import { appendMarkers, appendToSeries } from '../progressHistory';
import { overridesFromForm, validateForm } from '../runForm';
import { canStart, FRESH_RUN, isRunActive, type LabState } from '../store';
import { summarizeRound, withLabels } from './labeling';
import { get, messageOf, set } from './shared';

/** Progress arrives up to ~10/s; the store (and so React) takes it in batches of 250 ms. */
const FLUSH_MS = 250;
let pending: ProgressEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let runId = 0;

function flushProgress(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  if (!pending.length) return;
  const events = pending;
  pending = [];
  let scores: Float32Array | null = null;
  for (const e of events) if (e.scores) scores = e.scores;
  const last = { ...events[events.length - 1], scores: undefined };
  set((s) => ({
    progress: last,
    series: appendToSeries(s.series, events),
    markers: appendMarkers(s.markers, events),
    scores: scores ?? s.scores,
    run: s.run.status === 'starting' ? { ...s.run, status: 'running' } : s.run,
  }));
}

function takeProgress(e: ProgressEvent): void {
  pending.push(e);
  flushTimer ??= setTimeout(flushProgress, FLUSH_MS);
}

function takeRound(view: RoundView): void {
  flushProgress();
  if (view.answers) {
    // The ground truth answered; the round is already closed in the worker.
    const answers = view.answers;
    set((s) => {
      const labels = withLabels(s.labels, answers);
      return {
        labels,
        round: null,
        simulatedRound: { round: view.round, rounds: view.rounds, answered: answers.length },
        roundLog: [...s.roundLog, summarizeRound(view, labels, 'ground truth')],
        run: s.round ? { ...s.run, labelingMs: s.run.labelingMs + Date.now() - s.round.openedAt } : s.run,
      };
    });
    return;
  }
  set({ round: { view, cursor: 0, openedAt: Date.now() }, simulatedRound: null });
}

function takeDone(r: RunDone): void {
  flushProgress();
  set((s) => ({ result: r, scores: r.scores, round: null, run: { ...s.run, status: 'done' } }));
}

function takeError(message: string): void {
  flushProgress();
  set((s) => ({ round: null, run: { ...s.run, status: 'error', error: message } }));
}

function runCallbacks(id: number): RunCallbacks {
  const live = () => id === runId; // callbacks of a stopped or replaced run are dropped
  return {
    onProgress: (e) => live() && takeProgress(e),
    onQuery: (v) => live() && takeRound(v),
    onDone: (r) => live() && takeDone(r),
    onError: (m) => live() && takeError(m),
    onBackendChange: (b) => {
      if (!live()) return;
      const was = get().backend?.name ?? 'previous';
      set((s) => ({ backend: b, run: { ...s.run, notice: `The ${was} backend failed; training continues on ${b.name} from the last checkpoint.` } }));
    },
  };
}

export function formErrors(s: Pick<LabState, 'method' | 'form'>): Record<string, string> {
  return validateForm(s.method, s.form);
}

export async function startRun(): Promise<void> {
  const s = get();
  if (!canStart(s) || Object.keys(formErrors(s)).length) return;
  const overrides = overridesFromForm(s.method, s.form);
  const id = ++runId;
  pending = [];
  set({
    ...FRESH_RUN,
    run: { status: 'starting', error: null, notice: null, config: makeConfig(overrides), startedAt: Date.now(), labelingMs: 0 },
  });
  try {
    const simulatedOracle = s.simulatedOracle && s.features?.hasTruth === true;
    await engineApi().start({ config: overrides, simulatedOracle }, proxy(runCallbacks(id)));
    if (id === runId) set((st) => (st.run.status === 'starting' ? { run: { ...st.run, status: 'running' } } : {}));
  } catch (e) {
    if (id === runId) takeError(messageOf(e));
  }
}

export async function pauseRun(): Promise<void> {
  if (get().run.status !== 'running') return;
  await engineApi().pause();
  set((s) => ({ run: { ...s.run, status: 'paused' } }));
}

export async function resumeRun(): Promise<void> {
  if (get().run.status !== 'paused') return;
  await engineApi().resume();
  set((s) => ({ run: { ...s.run, status: 'running' } }));
}

export async function stopRun(): Promise<void> {
  if (!isRunActive(get())) return;
  runId++; // the stopped run says nothing more
  await engineApi().stop();
  flushProgress();
  set((s) => ({ round: null, run: { ...s.run, status: 'stopped' } }));
}

export async function setSimulatedOracle(on: boolean): Promise<void> {
  set({ simulatedOracle: on });
  if (isRunActive(get())) await engineApi().setSimulatedOracle(on);
}
