import { Comlink, connectWorker } from './bridge';
import { WORKER_LIFE_LOCK_PREFIX, type EngineApi } from './api';

/**
 * Starts the engine worker and wraps it; terminate() ends it (and any run) at once. `onLost` hears of
 * an uncaught error in it. The worker holds the Web Lock `lifeLock` while it lives, so the page can tell
 * when it dies otherwise (crash, kill).
 */
export function createEngine(onLost: (message: string) => void = () => {}): {
  api: Comlink.Remote<EngineApi>;
  worker: Worker;
  lifeLock: string;
  terminate(): void;
} {
  const name = `imlab-engine-${typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random()).slice(2)}`;
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name });
  const { api, terminate } = connectWorker<EngineApi>(worker, onLost);
  return { api, worker, lifeLock: WORKER_LIFE_LOCK_PREFIX + name, terminate };
}

export { Comlink };
