import { Comlink, createEngine } from '../worker/client';
import type { EngineApi } from '../worker/api';

/** One engine worker for the page's lifetime, started on first use. */
let engine: ReturnType<typeof createEngine> | null = null;

export function engineApi(): Comlink.Remote<EngineApi> {
  engine ??= createEngine();
  return engine.api;
}

/** Callbacks cross the worker boundary only when wrapped. */
export const proxy = Comlink.proxy;
