/** Starting, pausing and stopping a run, and taking in what the worker reports while it trains. */
import type { EngineConfig } from '../../core/config';
import type { Checkpoint } from '../../core/train/checkpoint';
import type { ProgressEvent } from '../../core/train/progress';
import type { LabelEntry, RoundView, RunCallbacks, RunDone } from '../../worker/api';
import { proxy, RunChannel } from '../../worker/bridge';
import { engineApi, isEngineLost } from '../engine';
import { appendMarkers, appendToSeries, type PhaseMarker } from '../../core/progressSeries';
import { overridesFromForm, validateForm } from '../runForm';
import { canStart, engineUsable, FRESH_RUN, isRunActive, openingRound, ROUND_SETTLE_MS, type LabState, type RunStatus } from '../store';
import { summarizeRound, withLabels } from './labeling';
import { runStarting, saveLabels, saveResults, takeCheckpoint } from './persistence';
import { getLab, messageOf, setLab } from './shared';

/** Progress arrives up to ~10/s; the store (and so React) takes it in batches; a stopped run's callbacks are dropped. */
const channel = new RunChannel<ProgressEvent>(takeProgressBatch);
/** A restored round reopens where the analyst was: which candidate the card showed. */
let restoredCursor: { round: number; cursor: number } | null = null;

function flushProgress(): void {
  channel.flush();
}

/** The worker's score version last heard of: a new one bumps the page's scoreVersion. */
let workerScores = -1;

function takeProgressBatch(events: ProgressEvent[]): void {
  const last = events[events.length - 1];
  const fresh = last.scoresVersion !== undefined && last.scoresVersion !== workerScores;
  if (fresh) workerScores = last.scoresVersion!;
  setLab((s) => ({
    progress: last,
    series: appendToSeries(s.series, events),
    markers: appendMarkers(s.markers, events),
    scoreVersion: fresh ? s.scoreVersion + 1 : s.scoreVersion,
    run: s.run.status === 'starting' ? { ...s.run, status: 'running' } : s.run,
  }));
  // While a round is open nothing trains: a late event is the last before the round, save it at once (the early
  // questions, round 0, are answered while training goes on).
  saveResults((getLab().round?.view.round ?? 0) > 0);
}

function takeProgress(id: number, e: ProgressEvent): void {
  const offset = getLab().run.elapsedOffsetMs;
  channel.push(id, offset ? { ...e, elapsedMs: e.elapsedMs + offset } : e);
}

function takeRound(view: RoundView, session: string | null): void {
  flushProgress();
  if (view.answers) {
    // The ground truth answered; the round is already closed in the worker.
    const answers = view.answers;
    void saveLabels(answers, session);
    setLab((s) => {
      const labels = withLabels(s.labels, answers);
      return {
        labels,
        round: null,
        simulatedRound: { round: view.round, rounds: view.rounds, answered: answers.length },
        roundLog: [...s.roundLog, summarizeRound(view, labels, 'ground truth')],
        run: s.round?.view.round ? { ...s.run, labelingMs: s.run.labelingMs + Date.now() - s.round.openedAt } : s.run,
      };
    });
    saveResults(true);
    return;
  }
  let restored = 0;
  if (restoredCursor?.round === view.round) {
    // The saved cursor may be a step behind the saved labels (it is written a moment later).
    const labels = getLab().labels;
    restored = Math.min(restoredCursor.cursor, view.rows.length);
    while (restored < view.rows.length && labels.has(view.rows[restored])) restored++;
  }
  restoredCursor = null;
  setLab((s) => ({
    // The early questions may still be open when the first round comes: they close into the log.
    roundLog: s.round?.view.round === 0 ? [...s.roundLog, summarizeRound(s.round.view, s.labels, 'you')] : s.roundLog,
    round: openingRound(s.round, view, restored, Date.now()),
    cards: { view, byIndex: new Map(view.cards.map((c, i) => [i, c])) },
    simulatedRound: null,
    // The round's chart marker (a reopened round gets no query event of its own until it closes).
    markers: s.markers.some((m) => m.kind === 'round' && m.label === `R${view.round}`)
      ? s.markers
      : [...s.markers, { update: s.progress?.update ?? 0, kind: 'round', label: `R${view.round}` }],
  }));
  if (getLab().round?.settling)
    setTimeout(() => setLab((s) => (s.round?.view === view ? { round: { ...s.round, settling: false } } : {})), ROUND_SETTLE_MS);
  saveResults(true);
  void takeScores();
}

/**
 * The worker's current scores, saved with the session at the moments a reload is likely (a round is open, the
 * run paused or stopped): one copy then, instead of one with every progress event.
 */
async function takeScores(): Promise<void> {
  try {
    const c = await engineApi().currentScores();
    if (!c) return;
    setLab((s) => ({ savedScores: c.scores, scoreVersion: s.scoreVersion + 1 }));
    saveResults(true);
  } catch {
    // Best effort: the scores stay as last saved (a lost engine is reported elsewhere).
  }
}

function takeDone(r: RunDone): void {
  flushProgress();
  setLab((s) => ({
    result: r,
    savedScores: r.scores,
    scoreVersion: s.scoreVersion + 1,
    round: null,
    run: { ...s.run, status: 'done' },
    markers: guardMarkers(s.markers, r),
  }));
  saveResults(true);
}

/** A roll-back is marked where the warm-up ended (the first round): the ranking the run ends with. */
function guardMarkers(markers: PhaseMarker[], r: RunDone): PhaseMarker[] {
  if (r.guard?.choice !== 'warmup' || markers.some((m) => m.kind === 'guard')) return markers;
  const first = markers.find((m) => m.kind === 'round');
  return [...markers, { update: first?.update ?? 0, kind: 'guard', label: 'rolled back here' }];
}

function takeError(message: string): void {
  flushProgress();
  setLab((s) => ({ round: null, run: { ...s.run, status: 'error', error: message } }));
}

/** A run's callbacks, bound to the session it trains for: what it reports is saved under that session only. */
function runCallbacks(id: number, session: string | null): RunCallbacks {
  const live = () => channel.live(id); // callbacks of a stopped or replaced run are dropped
  return {
    onProgress: (e) => live() && takeProgress(id, e),
    onQuery: (v) => live() && takeRound(v, session),
    onConfig: (config) => {
      if (live()) setLab((s) => ({ run: { ...s.run, config } }));
    },
    onDone: (r) => live() && takeDone(r),
    onError: (m) => live() && takeError(m),
    onBackendChange: (b) => {
      if (!live()) return;
      const before = getLab().backend;
      const was = before?.name ?? 'previous';
      // The same backend with another engine: the WASM SIMD engine failed and TF.js took over.
      const notice =
        before && before.name === b.name && before.engine?.name === 'wasm' && b.engine?.name === 'tfjs'
          ? `The WebAssembly SIMD engine failed; training continues on TF.js (${b.name}) from the last checkpoint.`
          : `The ${was} backend failed; training continues on ${b.name} from the last checkpoint.`;
      setLab((s) => ({ backend: b, run: { ...s.run, notice } }));
    },
    onCheckpoint: (c) => live() && takeCheckpoint(c, session),
  };
}

export function formErrors(s: Pick<LabState, 'method' | 'form'>): Readonly<Record<string, string>> {
  return validateForm(s.method, s.form);
}

/**
 * Starts a run. `from: 'scores'` is *Continue with contrast*: the contrast stage on the scores the engine shows (a
 * finished run's), the analyst's answers kept and handed to it (its clean set takes the confirmed inliers).
 */
export async function startRun(from: 'scratch' | 'scores' = 'scratch'): Promise<void> {
  const s = getLab();
  if (!canStart(s) || Object.keys(formErrors(s)).length) return;
  const overrides = overridesFromForm(s.method, s.form);
  const carried = from === 'scores' ? [...s.labels.values()] : [];
  const continued = s.run.config?.method ?? 'previous';
  const id = channel.begin();
  restoredCursor = null;
  setLab({
    ...FRESH_RUN,
    ...(from === 'scores' ? { labels: s.labels, roundLog: s.roundLog } : {}),
    run: {
      status: 'starting',
      error: null,
      notice:
        from === 'scores'
          ? `Contrast on the finished ${continued} run's scores and your ${carried.length} answers: its clean set is cut from that ranking, with no warm-up of its own.`
          : null,
      config: null, // the worker reports the config it trains with (onConfig)
      startedAt: Date.now(),
      labelingMs: 0,
      elapsedOffsetMs: 0,
    },
  });
  try {
    await runStarting(); // the session (and its cleared labels) is in place before the first checkpoint
    if (!channel.live(id)) return;
    await saveLabels(carried); // the continuation's answers, saved again under the cleared run
    const simulatedOracle = s.simulatedOracle && s.features?.hasTruth === true;
    const start = from === 'scores' ? { labels: carried, fromScores: true } : {};
    await engineApi().start({ config: overrides, simulatedOracle, ...start }, proxy(runCallbacks(id, getLab().session)));
    if (channel.live(id)) setLab((st) => (st.run.status === 'starting' ? { run: { ...st.run, status: 'running' } } : {}));
  } catch (e) {
    if (channel.live(id)) takeError(messageOf(e));
  }
}

/**
 * Continues a saved or crashed run: the engine restores the checkpoint (reopening its round with the
 * same candidates) and takes every label the page has, which win over the checkpoint's. `config` is the one the run
 * trained with (saved as the worker reported it): the same engine and settings go on.
 */
export async function startResumedRun(opts: {
  config: EngineConfig;
  simulatedOracle: boolean;
  labels: LabelEntry[];
  checkpoint: Checkpoint | null;
  openRound: { round: number; cursor: number } | null;
  paused: boolean;
}): Promise<void> {
  const id = channel.begin();
  // The early questions (round 0) are asked again while the checkpoint is still in the warm-up (core/train/imboost/early.ts).
  const earlyOpen = opts.checkpoint != null && opts.openRound?.round === 0;
  restoredCursor = opts.checkpoint?.openRound || earlyOpen ? opts.openRound : null;
  const fromStart = opts.checkpoint == null;
  setLab((s) => ({
    run: {
      ...s.run,
      status: 'starting',
      error: null,
      notice:
        fromStart && opts.labels.length === 0
          ? null
          : fromStart
            ? 'No checkpoint was saved: training starts over, with your answers.'
            : s.run.notice,
    },
  }));
  try {
    await engineApi().start(
      {
        config: opts.config,
        simulatedOracle: opts.simulatedOracle,
        labels: opts.labels,
        resume: opts.checkpoint,
        earlyOpen,
        paused: opts.paused,
      },
      proxy(runCallbacks(id, getLab().session)),
    );
    if (!channel.live(id)) return;
    if (opts.paused) {
      setLab((st) => ({ run: { ...st.run, status: 'paused' } }));
    } else {
      setLab((st) => (st.run.status === 'starting' ? { run: { ...st.run, status: 'running' } } : {}));
    }
  } catch (e) {
    if (channel.live(id)) takeError(messageOf(e));
  }
}

/**
 * The current run says nothing more (its callbacks are dropped): its worker is gone (crash), another
 * session replaces it, or the session moved to another tab. After a crash the run stays on screen until
 * Continue; a taken-over session stops here.
 */
export function abandonRun(why: 'engine-lost' | 'replaced' | 'taken'): void {
  flushProgress(); // what arrived before stays on the charts
  channel.end();
  if (why === 'taken') {
    if (isRunActive(getLab()))
      void engineApi()
        .stop()
        .catch(() => {});
    setLab((s) => ({ round: null, run: isRunActive(s) ? { ...s.run, status: 'stopped', notice: null } : s.run }));
  }
}

/**
 * Leaves the run going on as it is saved (its status, open round, answers and checkpoint), for another table or
 * session: its callbacks are dropped and the engine stops it. It resumes when its session is opened again.
 */
export async function leaveRun(): Promise<void> {
  abandonRun('replaced');
  if (isRunActive(getLab()))
    await engineApi()
      .stop()
      .catch(() => {});
}

/**
 * The run status `to`, if the run is still in status `from` in the session it was asked in: the run can end (or the
 * page move to another session) while the engine answers, and a finished run shown paused would never end.
 */
function moveStatus(session: string | null, from: RunStatus, to: RunStatus): boolean {
  let moved = false;
  setLab((s) => {
    if (s.session !== session || s.run.status !== from) return {};
    moved = true;
    return { run: { ...s.run, status: to } };
  });
  return moved;
}

export async function pauseRun(): Promise<void> {
  const { session } = getLab();
  if (getLab().run.status !== 'running' || !engineUsable(getLab())) return;
  await engineApi().pause();
  flushProgress();
  if (!moveStatus(session, 'running', 'paused')) return;
  saveResults(true); // a paused run is a natural moment to reload: its charts are saved as they are
  await takeScores();
}

export async function resumeRun(): Promise<void> {
  const { session } = getLab();
  if (getLab().run.status !== 'paused' || !engineUsable(getLab())) return;
  await engineApi().resume();
  moveStatus(session, 'paused', 'running');
}

export async function stopRun(): Promise<void> {
  const { session } = getLab();
  if (!isRunActive(getLab())) return;
  flushProgress();
  channel.end(); // the stopped run says nothing more
  try {
    await engineApi().stop();
  } catch (e) {
    if (!isEngineLost(e)) throw e; // a dead engine is stopped already
  }
  if (getLab().session !== session) return; // another session is on the page now: this one was saved as it was
  setLab((s) => ({ round: null, run: { ...s.run, status: 'stopped' } }));
  saveResults(true);
  await takeScores();
}

export async function setSimulatedOracle(on: boolean): Promise<void> {
  setLab({ simulatedOracle: on });
  if (isRunActive(getLab()) && engineUsable(getLab())) await engineApi().setSimulatedOracle(on);
}
