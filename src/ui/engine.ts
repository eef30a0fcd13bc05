import { Comlink, createEngine } from '../worker/client';
import type { EngineApi } from '../worker/api';

/** A call to a worker that crashed or was killed: its answer will never come. */
export class EngineLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineLostError';
  }
}

export function isEngineLost(e: unknown): boolean {
  return e instanceof EngineLostError || (e instanceof Error && e.name === 'EngineLostError');
}

interface Handle {
  engine: ReturnType<typeof createEngine>;
  api: Comlink.Remote<EngineApi>;
  /** Ended by the page itself or found dead: no more death reports. */
  ended: boolean;
  stopWatching: AbortController;
}

/** One engine worker at a time, started on first use and again after a crash. */
let handle: Handle | null = null;
let lostListener: ((message: string) => void) | null = null;

/** Who to tell when the worker dies on its own (uncaught error, crash, killed). */
export function onEngineLost(cb: (message: string) => void): void {
  lostListener = cb;
}

export function engineApi(): Comlink.Remote<EngineApi> {
  handle ??= startEngine();
  return handle.api;
}

/** Ends the current worker (if any) on purpose and starts a fresh one. */
export function restartEngine(): Comlink.Remote<EngineApi> {
  if (handle) endOnPurpose(handle);
  handle = startEngine();
  return handle.api;
}

function endOnPurpose(h: Handle): void {
  if (h.ended) return;
  h.ended = true;
  h.stopWatching.abort();
  h.engine.terminate();
}

function startEngine(): Handle {
  let die = (_message: string) => {};
  const engine = createEngine((message) => die(message));
  let rejectLost!: (e: Error) => void;
  const lost = new Promise<never>((_, reject) => (rejectLost = reject));
  lost.catch(() => {}); // observed through the calls that race it
  const h: Handle = { engine, api: guard(engine.api, lost), ended: false, stopWatching: new AbortController() };
  die = (message: string) => {
    if (h.ended) return;
    endOnPurpose(h);
    rejectLost(new EngineLostError(message));
    if (handle === h) lostListener?.(message);
  };
  void watchLife(engine.lifeLock, h.stopWatching.signal, () =>
    die('The compute engine stopped unexpectedly (its worker was closed or crashed).'),
  );
  return h;
}

/**
 * The worker holds a Web Lock named `name` while it lives: once it holds it, asking for the same lock
 * is granted exactly when the worker is gone, whatever ended it.
 */
async function watchLife(name: string, signal: AbortSignal, onDeath: () => void): Promise<void> {
  const lm = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!lm) return;
  try {
    // The worker takes its lock as its script starts; an engine that never takes it is watched only
    // through its error event.
    const until = Date.now() + 120_000;
    for (;;) {
      if (signal.aborted || Date.now() > until) return;
      const q = await lm.query();
      if (q.held?.some((l) => l.name === name)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await lm.request(name, { signal }, () => {
      if (!signal.aborted) onDeath();
    });
  } catch {
    // aborted: the page ended the worker itself
  }
}

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/** Every call fails at once with EngineLostError when the worker dies, instead of waiting forever. */
function guard(remote: Comlink.Remote<EngineApi>, lost: Promise<never>): Comlink.Remote<EngineApi> {
  const target = remote as unknown as Record<string | symbol, AnyFn>;
  return new Proxy({} as Comlink.Remote<EngineApi>, {
    get(_, prop) {
      if (prop === 'then') return undefined; // not a thenable
      return (...args: unknown[]) => {
        let call: Promise<unknown>;
        try {
          call = target[prop](...args);
        } catch (e) {
          // A released proxy (the worker is gone) throws at once: report the loss, not the proxy.
          call = Promise.reject(e);
          call.catch(() => {});
        }
        return Promise.race([lost, call]);
      };
    },
  });
}

/** Test-only (see main.tsx): ends the worker the way a crash would, without telling the page. */
export function killEngineForTest(): void {
  handle?.engine.worker.terminate();
}
