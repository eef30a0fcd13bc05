import * as Comlink from 'comlink';
import { WORKER_LIFE_LOCK_PREFIX, type EngineApi } from './api';

/**
 * Starts the engine worker and wraps it; terminate() ends it (and any run) at once. The worker holds
 * the Web Lock `lifeLock` while it lives, so the page can tell when it dies (crash, kill).
 */
export function createEngine(): { api: Comlink.Remote<EngineApi>; worker: Worker; lifeLock: string; terminate(): void } {
  const name = `imlab-engine-${typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random()).slice(2)}`;
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name });
  const api = Comlink.wrap<EngineApi>(worker);
  return {
    api,
    worker,
    lifeLock: WORKER_LIFE_LOCK_PREFIX + name,
    terminate() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export { Comlink };
