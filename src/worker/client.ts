import * as Comlink from 'comlink';
import type { EngineApi } from './api';

/** Starts the engine worker and wraps it; terminate() ends it (and any run) at once. */
export function createEngine(): { api: Comlink.Remote<EngineApi>; terminate(): void } {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'imlab-engine' });
  const api = Comlink.wrap<EngineApi>(worker);
  return {
    api,
    terminate() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export { Comlink };
