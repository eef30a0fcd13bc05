/// <reference lib="webworker" />
/** A helper thread of the engine worker: serves scoring slices and ODIM members (core/threads/serve.ts). */
import { serveHelper } from '../core/threads/serve';
import type { HelperRequest } from '../core/threads/protocol';

declare const self: DedicatedWorkerGlobalScope;

serveHelper({
  post: (m, transfer) => self.postMessage(m, transfer),
  onMessage: (h) => self.addEventListener('message', (e: MessageEvent<HelperRequest>) => h(e.data)),
});
