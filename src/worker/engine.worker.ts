/// <reference lib="webworker" />
/**
 * The engine worker: its state is one object (state.ts), created here once and handed to each group of calls
 * (apiTable.ts, apiRun.ts, apiScores.ts); comlink exposes them together as the EngineApi.
 */
import * as Comlink from 'comlink';
import { DEFAULT_CONFIG, type ComputeEngine } from '../core/config';
import { WORKER_LIFE_LOCK_PREFIX, type BackendChoice, type EngineApi } from './api';
import { tableCalls } from './apiTable';
import { runCalls } from './apiRun';
import { scoreCalls } from './apiScores';
import { startBackend } from './backend';
import { createWorkerState } from './state';

// Held for this worker's whole life: the page sees the lock released when the worker crashes or is killed.
if (self.name && typeof navigator !== 'undefined' && navigator.locks) {
  void navigator.locks.request(WORKER_LIFE_LOCK_PREFIX + self.name, () => new Promise<never>(() => {})).catch(() => {});
}

const state = createWorkerState();

const api: EngineApi = {
  async init(choice: BackendChoice, engine: ComputeEngine = 'auto') {
    state.backend = await startBackend(state.simd, choice, engine);
    return state.backend;
  },
  async defaults() {
    return DEFAULT_CONFIG;
  },
  ...tableCalls(state),
  ...runCalls(state),
  ...scoreCalls(state),
};

Comlink.expose(api);
