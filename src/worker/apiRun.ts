/** The engine worker's calls about a run: start it, feed it the analyst's answers, its rounds, pause, stop. */
import { isLabelFree } from '../core/answers/labelFree';
import { makeConfig } from '../core/config';
import { checkpointOf } from '../core/train/checkpoint';
import { RunControl } from '../core/train/control';
import { LabelBook } from '../core/train/labels';
import type { EngineApi, RunCallbacks, StartOptions } from './api';
import { releaseRemote } from './bridge';
import { executeRun } from './executeRun';
import { cardsOf, roundView, truthAnswers } from './roundView';
import { cardSource, type ActiveRun, type WorkerState } from './state';

type RunCalls = 'start' | 'setLabel' | 'candidateCards' | 'closeRound' | 'setSimulatedOracle' | 'pause' | 'resume' | 'stop';

export function runCalls(state: WorkerState): Pick<EngineApi, RunCalls> {
  return {
    async start(opts: StartOptions, callbacks: RunCallbacks) {
      const prepared = state.prepared;
      if (!prepared) throw new Error('Choose the columns first.');
      // Taken before anything is cleared: the shown scores of a finished run (or of a restored session).
      const startScores = opts.fromScores ? (state.finalScores ?? (state.run ? null : (state.view.current?.scores ?? null))) : null;
      if (opts.fromScores && (!startScores || opts.config.method !== 'contrast'))
        throw new Error('Continue with contrast needs a finished run’s scores on this table.');
      state.run?.control.abort();
      const book = new LabelBook(prepared.scaled.rows);
      for (const l of opts.labels ?? []) book.set(l.row, l.label);
      const r: ActiveRun = {
        control: new RunControl(),
        book,
        simulated: opts.simulatedOracle && prepared.y != null,
        round: null,
        callbacks,
        startScores: startScores ? Float32Array.from(startScores) : null,
      };
      if (opts.paused) r.control.pause();
      state.run = r;
      state.finalScores = null;
      // A resumed run reopens its round before scoring again: the candidates' deviations need the scores it had.
      const history = opts.resume?.history;
      state.latestScores = history?.length ? history[history.length - 1] : null;
      // The view keeps the restored scores while the label-free ranking stands (the table showed it, not the model).
      if (!isLabelFree(checkpointOf(opts.resume, 'imboost')?.ranking?.choice)) state.view.set(state.latestScores);
      // Live traces need every epoch scored; the engine is the one init() chose unless the config names one.
      const asked = opts.config.engine;
      const engine = asked && asked !== 'auto' ? asked : (state.backend?.engine?.name ?? 'auto');
      const config = makeConfig({ ...opts.config, engine, traceEveryEpoch: true });
      // Reported before training starts (awaited: the page holds it before start() returns).
      await callbacks.onConfig(config);
      void executeRun(state, config, r, opts.resume ?? null, opts.earlyOpen === true).finally(() => {
        if (state.run === r) state.run = null;
        releaseRemote(callbacks); // else one open port per run
      });
    },
    async setLabel(row, label) {
      state.run?.book.set(row, label);
    },
    async candidateCards(round, from, count) {
      const open = state.run?.round;
      if (!open || open.req.round !== round) return [];
      return cardsOf(cardSource(state), open.req, open.ref, from, Math.min(count, 256));
    },
    async closeRound(round) {
      const run = state.run;
      const open = run?.round;
      if (!run || !open || (round !== undefined && open.req.round !== round)) return;
      run.round = null;
      open.resolve([]); // the answers are already in the book
    },
    async setSimulatedOracle(on) {
      const run = state.run;
      if (!run) return;
      const y = state.prepared?.y ?? null;
      run.simulated = on && y != null;
      const open = run.round;
      if (run.simulated && open && y) {
        const unanswered = open.req.candidates.filter((row) => run.book.values[row] === -1);
        const answers = truthAnswers(unanswered, y);
        for (const a of answers) run.book.set(a.row, a.label);
        run.round = null;
        run.callbacks.onQuery(roundView(cardSource(state), open.req, null, answers));
        open.resolve([]);
      }
    },
    async pause() {
      state.run?.control.pause();
      state.run?.flushCheckpoint?.(); // a pause is when a reload is likely
    },
    async resume() {
      state.run?.control.resume();
    },
    async stop() {
      state.run?.control.abort('stopped');
      state.run = null;
    },
  };
}
