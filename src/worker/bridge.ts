/**
 * The one bridge between a page and a run in a worker, for the app and Learn alike:
 * - `RunChannel`: a token per run, so messages of a stopped or replaced run are dropped, and progress
 *   taken into the page in batches (re-rendering charts for every event would take the CPU the worker needs);
 * - `connectWorker`: the comlink wrapper plus crash detection (the worker's error event);
 * - `releaseRemote`: the worker side frees the port of a run's callback proxy once the run is over
 *   (comlink opens one MessageChannel per proxied object, and it stays open until released).
 * Main thread and worker both import it, so it uses only what both have.
 */
import * as Comlink from 'comlink';

/** How often a page takes in a run's messages. */
export const FLUSH_MS = 200;

export class RunChannel<M> {
  private token = 0;
  private queue: M[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly deliver: (batch: M[]) => void,
    private readonly flushMs = FLUSH_MS,
  ) {}

  /** A new run: earlier runs' messages are dropped from now on. Returns the run's token. */
  begin(): number {
    this.drop();
    return ++this.token;
  }

  /** No run is current any more (stopped, reset, engine gone): its late messages are dropped. */
  end(): void {
    this.drop();
    this.token++;
  }

  live(token: number): boolean {
    return token === this.token;
  }

  /** Queues a message of run `token`; delivered within flushMs, in order, with the others. */
  push(token: number, m: M): void {
    if (!this.live(token)) return;
    this.queue.push(m);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Delivers what is queued now (before a round opens, when the run ends). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    this.deliver(batch);
  }

  private drop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}

/** Runs `onLost` once if the worker dies on its own (uncaught error, script that cannot load). */
export function connectWorker<T>(worker: Worker, onLost: (message: string) => void): { api: Comlink.Remote<T>; terminate(): void } {
  const api = Comlink.wrap<T>(worker);
  let ended = false;
  worker.addEventListener('error', (e: Event) => {
    e.preventDefault();
    if (ended) return;
    ended = true;
    const detail = e instanceof ErrorEvent && e.message ? e.message.replace(/^Uncaught (Error: )?/, '') : 'its script could not run';
    onLost(`The compute engine failed (${detail}).`);
  });
  return {
    api,
    terminate() {
      ended = true;
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Worker side: frees a proxied callback object's port (the page may be gone already: never throws). */
export function releaseRemote(remote: object): void {
  try {
    const release = (remote as Partial<Comlink.Remote<object>>)[Comlink.releaseProxy];
    release?.();
  } catch {
    // the page side is gone
  }
}

export const proxy = Comlink.proxy;
export { Comlink };
