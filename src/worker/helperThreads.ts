/// <reference lib="webworker" />
/**
 * The engine worker's helper threads (core/threads): Web Workers running the same WASM kernels, one per spare
 * core (at most 3), started when a big scoring pass or ODIM asks for one and ended after 10 s idle. A helper that
 * dies is dropped from the pool; its work is redone in the engine worker.
 */
import { HelperPool, helperPool, registerHelperPool, type HelperPort } from '../core/threads/pool';

const MAX_HELPERS = 3;
/** A helper idle this long is ended: between big passes (a round being answered, an export) its memory goes back. */
const IDLE_MS = 10_000;

/** Registers the pool once the kernels are compiled (the module is posted to each helper as it starts). */
export function startHelperThreads(kernels: WebAssembly.Module): void {
  if (helperPool()) return;
  const spare = Math.min(MAX_HELPERS, (self.navigator?.hardwareConcurrency ?? 1) - 1);
  if (spare < 1) return;
  const pool = new HelperPool(spare, spawnHelper, IDLE_MS);
  pool.setKernels(kernels);
  registerHelperPool(pool);
}

function spawnHelper(): HelperPort {
  const worker = new Worker(new URL('./helper.worker.ts', import.meta.url), { type: 'module', name: 'imlab-helper' });
  return {
    post: (m, transfer) => worker.postMessage(m, transfer),
    onMessage: (h) => worker.addEventListener('message', (e: MessageEvent) => h(e.data)),
    onLost: (h) => {
      worker.addEventListener('error', (e: ErrorEvent) => {
        e.preventDefault();
        h(e.message || 'its script could not run');
      });
      worker.addEventListener('messageerror', () => h('a message could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}
