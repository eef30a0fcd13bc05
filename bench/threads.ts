/**
 * Helper threads for the Node benchmark (core/threads) on worker_threads. The bench is one bundle: a helper is
 * the same file started again as a worker thread, which serves jobs instead of running the command line.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { HelperPool, registerHelperPool, type HelperPort } from '../src/core/threads/pool';
import type { HelperReply, HelperRequest } from '../src/core/threads/protocol';
import { serveHelper } from '../src/core/threads/serve';
import { compiledKernels } from './wasm-engine';

declare const __filename: string;

/** In a helper thread: serves the pool's jobs and returns true (the caller then does nothing else). */
export function serveIfHelperThread(): boolean {
  if (isMainThread || !(workerData as { imlabHelper?: boolean } | null)?.imlabHelper || !parentPort) return false;
  const port = parentPort;
  serveHelper({
    post: (m: HelperReply, transfer) => port.postMessage(m, transfer),
    onMessage: (h) => port.on('message', (m: HelperRequest) => h(m)),
  });
  return true;
}

/** `count` helper threads for big scoring passes and ODIM's members; 0 leaves everything on this thread. */
export function startHelperThreads(count: number): void {
  if (count < 1) return;
  const pool = new HelperPool(count, spawn);
  pool.setKernels(compiledKernels());
  registerHelperPool(pool);
}

export function stopHelperThreads(): void {
  registerHelperPool(null);
}

function spawn(): HelperPort {
  // No execArgv: V8 flags (relaxed SIMD) are process-wide, and a worker refuses them.
  const w = new Worker(__filename, { workerData: { imlabHelper: true }, execArgv: [] });
  // A helper waiting for jobs must not keep the process alive once the command is done.
  w.unref();
  return {
    post: (m, transfer) => w.postMessage(m, transfer),
    onMessage: (h) => w.on('message', h),
    onLost: (h) => {
      w.on('error', (e) => h(e.message));
      w.on('exit', (code) => h(`exited with code ${code}`));
    },
    terminate: () => void w.terminate(),
  };
}
