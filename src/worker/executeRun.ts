/**
 * One run in the engine worker: the method trains on the prepared features, its progress, checkpoints and query
 * rounds go to the page through the run's callbacks, and a failure mid-run goes down the ladder (backend.ts) and
 * continues from the last checkpoint.
 */
import * as Comlink from 'comlink';
import type { EngineConfig } from '../core/config';
import { averagePrecision, rocAuc } from '../core/metrics';
import { fitGmm1d, lowerComponentPosterior } from '../core/query/gmm';
import { helperPool } from '../core/threads/pool';
import type { Checkpoint } from '../core/train/checkpoint';
import { AbortError } from '../core/train/control';
import type { Answer, QueryRequest } from '../core/train/oracle';
import type { ProgressEvent } from '../core/train/progress';
import { runMethod } from '../core/train/runMethod';
import { fallBack } from './backend';
import { CheckpointThrottle } from './checkpointThrottle';
import { roundView, truthAnswers } from './roundView';
import { cardSource, referenceFor, type ActiveRun, type WorkerState } from './state';
import { throttle } from './throttle';

/**
 * A checkpoint for the page with its score history copied here and transferred: the vectors are shared with the
 * running method (so they cannot be handed over), and a clone would serialize ~24 MB at 600k rows into a buffer
 * and copy it again on the page's main thread.
 */
function transferable(c: Checkpoint): Checkpoint {
  if (!c.history.length) return c;
  const history = c.history.map((h) => h.slice());
  return Comlink.transfer(
    { ...c, history },
    history.map((h) => h.buffer),
  );
}

export async function executeRun(
  state: WorkerState,
  runConfig: EngineConfig,
  r: ActiveRun,
  resume: Checkpoint | null,
  earlyOpen: boolean,
): Promise<void> {
  let config = runConfig;
  const jobsBefore = helperPool()?.jobsDone ?? 0;
  const p = state.prepared!;
  const { view } = state;
  const progress = throttle<ProgressEvent>((e) => r.callbacks.onProgress(e), 100);
  const checkpoints = new CheckpointThrottle((c) => r.callbacks.onCheckpoint?.(transferable(c)));
  r.flushCheckpoint = () => checkpoints.flush();
  let lastPhase = '';
  let checkpoint: Checkpoint | null = resume;
  // Asked again once: a run going on after a failure keeps the early questions it shows.
  let offerEarly = earlyOpen;
  const oracle = {
    // The early questions: shown at once, not waited for; the analyst's answers come through setLabel.
    offer: (req: QueryRequest): Answer[] => {
      if (r.simulated && p.y) {
        const answers = truthAnswers(req.candidates, p.y);
        r.callbacks.onQuery(roundView(cardSource(state), req, null, answers));
        return answers;
      }
      const ref = referenceFor(state);
      // Open like a round (its cards on demand) with nothing waiting on it: Continue only closes it.
      r.round = { req, resolve: () => undefined, ref };
      r.callbacks.onQuery(roundView(cardSource(state), req, ref));
      return [];
    },
    answer: (req: QueryRequest, signal: AbortSignal) =>
      new Promise<Answer[]>((resolve, reject) => {
        // The epoch's progress (its scores, its chart point) reaches the page before the round does.
        progress.flush();
        if (r.simulated && p.y) {
          const answers = truthAnswers(req.candidates, p.y);
          r.callbacks.onQuery(roundView(cardSource(state), req, null, answers));
          resolve(answers);
          return;
        }
        const ref = referenceFor(state);
        r.round = { req, resolve, ref };
        // Answers take the analyst seconds to minutes: the helpers' slices and threads go back meanwhile.
        helperPool()?.endIdle();
        signal.addEventListener('abort', () => reject(new AbortError()), { once: true });
        r.callbacks.onQuery(roundView(cardSource(state), req, ref));
      }),
  };
  try {
    for (;;) {
      try {
        const attempt = runMethod({
          X: p.scaled,
          scale: p.scale,
          config,
          oracle,
          truth: p.y,
          control: r.control,
          labels: r.book,
          resume: checkpoint,
          earlyOpen: offerEarly,
          startScores: r.startScores ?? null,
          onCheckpoint: (c) => {
            checkpoint = c;
            state.trained = { config, state: c.state };
            checkpoints.push(c);
          },
          onProgress: (e) => {
            if (e.scores) {
              state.latestScores = e.scores;
              view.set(e.scores);
            }
            // The vectors stay here: the page asks for the window and bins it shows (scorePage, scoreHistogram).
            const light: ProgressEvent = { ...e, scores: undefined, scoresVersion: view.version };
            // GradStop's trace is one point per epoch, the kept one marked among them: none is dropped.
            progress.push(light, e.phase !== lastPhase || e.phase === 'query' || e.gradstop !== undefined);
            lastPhase = e.phase;
          },
        });
        offerEarly = false;
        const result = await attempt;
        progress.flush();
        checkpoints.flush();
        const posteriors = lowerComponentPosterior(fitGmm1d(result.scores), result.scores);
        state.finalScores = result.scores;
        view.set(result.scores, posteriors);
        r.callbacks.onDone({
          scores: result.scores,
          posteriors,
          auc: p.y ? rocAuc(result.scores, p.y) : null,
          ap: p.y ? averagePrecision(result.scores, p.y) : null,
          seconds: result.seconds,
          updates: result.updates,
          helperJobs: (helperPool()?.jobsDone ?? 0) - jobsBefore,
          guard: result.guard ? { choice: result.guard.choice, reason: result.guard.reason } : null,
          ranking: result.ranking ?? null,
        });
        return;
      } catch (e) {
        if (e instanceof AbortError || r.control.signal.aborted) return;
        const why = e instanceof Error ? e.message : String(e);
        if (config.engine === 'wasm') console.warn('The WebAssembly SIMD engine failed mid-run; continuing on TF.js:', e);
        // The labels live in the book and are kept; the run goes on from its last checkpoint.
        const next = await fallBack(state.simd, state.backend, config, why);
        if (!next) {
          r.callbacks.onError(why);
          return;
        }
        if (next.config !== config) void r.callbacks.onConfig(next.config);
        config = next.config;
        if (next.backend) {
          state.backend = next.backend;
          r.callbacks.onBackendChange?.(next.backend);
        }
      }
    }
  } finally {
    // After the run its callbacks are released: a trailing progress timer must not fire into them.
    progress.cancel();
  }
}
