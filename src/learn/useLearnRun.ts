import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Method } from '../core/config';
import { connectWorker, proxy, RunChannel, type Comlink } from '../worker/bridge';
import type { LearnCallbacks, LearnWorkerApi } from './learnApi';
import type { LearnData } from './presets';
import { INITIAL_RUN, runReducer, type RunMessage, type RunState } from './runState';

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
 * One Learn-mode worker and the state of its run. The worker lives while `enabled`; the bridge drops
 * messages from a run the page has since reset and applies the others in batches.
 */
export function useLearnRun(enabled: boolean): RunHandle {
  const [state, dispatch] = useReducer(runReducer, INITIAL_RUN);
  const [backend, setBackend] = useState<string | null>(null);
  const apiRef = useRef<Comlink.Remote<LearnWorkerApi> | null>(null);
  const [channel] = useState(() => new RunChannel<RunMessage>((messages) => dispatch({ type: 'batch', messages })));

  useEffect(() => {
    if (!enabled) return;
    const worker = new Worker(new URL('./learn.worker.ts', import.meta.url), { type: 'module', name: 'imlab-learn' });
    let alive = true;
    const fail = (message: string) => alive && dispatch({ type: 'batch', messages: [{ type: 'error', message }] });
    const { api, terminate } = connectWorker<LearnWorkerApi>(worker, (message) => {
      channel.end();
      fail(message);
    });
    apiRef.current = api;
    api.init().then(
      (name) => alive && setBackend(name),
      (e: unknown) => fail(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      alive = false;
      channel.end();
      apiRef.current = null;
      terminate();
      dispatch({ type: 'reset' });
    };
  }, [enabled, channel]);

  const enqueue = useCallback((runToken: number, m: RunMessage) => channel.push(runToken, m), [channel]);

  const start = useCallback(
    (data: LearnData, method: Method, seed: number, delayMs: number, stepOnly: boolean) => {
      const api = apiRef.current;
      if (!api) return;
      const t = channel.begin();
      dispatch({ type: 'started', rows: data.rows, stepOnly });
      const callbacks: LearnCallbacks = {
        onProgress: (event) => enqueue(t, { type: 'progress', event }),
        onQuery: (query) => enqueue(t, { type: 'query', query }),
        onDone: (done) => enqueue(t, { type: 'done', done }),
        onError: (message) => enqueue(t, { type: 'error', message }),
      };
      const req = { points: data.points, truth: data.truth, rows: data.rows, method, seed, delayMs, stepOnly };
      api.start(req, proxy(callbacks)).catch((e: unknown) => enqueue(t, { type: 'error', message: String(e) }));
    },
    [enqueue, channel],
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
    channel.end();
    void apiRef.current?.stop();
    dispatch({ type: 'reset' });
  }, [channel]);

  return { state, backend, start, pause, resume, step, setDelay, reset };
}
