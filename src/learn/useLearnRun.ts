import * as Comlink from 'comlink';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Method } from '../core/config';
import type { LearnCallbacks, LearnWorkerApi } from './learnApi';
import type { LearnData } from './presets';
import { INITIAL_RUN, runReducer, type RunMessage, type RunState } from './runState';

/**
 * Messages are applied in batches at most this often: re-rendering the charts for every epoch of a
 * fast run would take the CPU the worker needs (two workers and the page share a small machine).
 */
const FLUSH_EVERY_MS = 120;

export interface RunHandle {
  state: RunState;
  backend: string | null;
  start(data: LearnData, method: Method, seed: number, delayMs: number, stepOnly: boolean): void;
  pause(): void;
  resume(): void;
  step(): void;
  setDelay(ms: number): void;
  reset(): void;
}

/**
 * One Learn-mode worker and the state of its run. The worker lives while `enabled`; messages from a
 * run the page has since reset are dropped by a run token.
 */
export function useLearnRun(enabled: boolean): RunHandle {
  const [state, dispatch] = useReducer(runReducer, INITIAL_RUN);
  const [backend, setBackend] = useState<string | null>(null);
  const apiRef = useRef<Comlink.Remote<LearnWorkerApi> | null>(null);
  const token = useRef(0);
  const queue = useRef<RunMessage[]>([]);
  const flushScheduled = useRef(false);

  useEffect(() => {
    if (!enabled) return;
    const worker = new Worker(new URL('./learn.worker.ts', import.meta.url), { type: 'module', name: 'imlab-learn' });
    const api = Comlink.wrap<LearnWorkerApi>(worker);
    apiRef.current = api;
    let alive = true;
    const runToken = token; // the ref object itself, bumped on cleanup to silence late messages
    api.init().then(
      (name) => alive && setBackend(name),
      (e: unknown) => alive && dispatch({ type: 'batch', messages: [{ type: 'error', message: e instanceof Error ? e.message : String(e) }] }),
    );
    return () => {
      alive = false;
      runToken.current++;
      queue.current = [];
      apiRef.current = null;
      api[Comlink.releaseProxy]();
      worker.terminate();
      dispatch({ type: 'reset' });
    };
  }, [enabled]);

  const flush = useCallback(() => {
    flushScheduled.current = false;
    const messages = queue.current;
    if (!messages.length) return;
    queue.current = [];
    dispatch({ type: 'batch', messages });
  }, []);

  const enqueue = useCallback(
    (runToken: number, m: RunMessage) => {
      if (runToken !== token.current) return;
      queue.current.push(m);
      if (flushScheduled.current) return;
      flushScheduled.current = true;
      setTimeout(flush, FLUSH_EVERY_MS);
    },
    [flush],
  );

  const start = useCallback(
    (data: LearnData, method: Method, seed: number, delayMs: number, stepOnly: boolean) => {
      const api = apiRef.current;
      if (!api) return;
      const t = ++token.current;
      queue.current = [];
      dispatch({ type: 'started', rows: data.rows, stepOnly });
      const callbacks: LearnCallbacks = {
        onProgress: (event) => enqueue(t, { type: 'progress', event }),
        onQuery: (query) => enqueue(t, { type: 'query', query }),
        onDone: (done) => enqueue(t, { type: 'done', done }),
        onError: (message) => enqueue(t, { type: 'error', message }),
      };
      const req = { points: data.points, truth: data.truth, rows: data.rows, method, seed, delayMs, stepOnly };
      api.start(req, Comlink.proxy(callbacks)).catch((e: unknown) => enqueue(t, { type: 'error', message: String(e) }));
    },
    [enqueue],
  );

  const pause = useCallback(() => {
    void apiRef.current?.pause();
    dispatch({ type: 'paused' });
  }, []);
  const resume = useCallback(() => {
    void apiRef.current?.resume();
    dispatch({ type: 'resumed' });
  }, []);
  const step = useCallback(() => {
    void apiRef.current?.step();
    dispatch({ type: 'stepping' });
  }, []);
  const setDelay = useCallback((ms: number) => void apiRef.current?.setDelay(ms), []);
  const reset = useCallback(() => {
    token.current++;
    queue.current = [];
    void apiRef.current?.stop();
    dispatch({ type: 'reset' });
  }, []);

  return { state, backend, start, pause, resume, step, setDelay, reset };
}
