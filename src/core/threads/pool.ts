/**
 * Helper threads for the work that splits cleanly: scoring many rows (each row's bound is independent of the
 * others in eval mode) and ODIM's independent ensemble members. Core never creates threads: the host (the engine
 * worker with Web Workers, the Node bench with worker_threads) wraps each one as a HelperPort and registers the
 * pool here. A job is plain data in and plain data out, so a helper runs the same core code as the caller and
 * the results are bit-identical to computing them in place. A single update is never split: at the app's widths
 * its stages take microseconds, less than a barrier between threads.
 */
import type { HelperJob, HelperReply, HelperResult } from './protocol';

/** One helper thread as the host sees it: a message channel and a way to end it. */
export interface HelperPort {
  post(message: unknown, transfer: ArrayBuffer[]): void;
  /** Called with every message the helper sends back. */
  onMessage(handler: (message: unknown) => void): void;
  /** Called once if the thread dies (uncaught error, script that did not load). */
  onLost(handler: (why: string) => void): void;
  terminate(): void;
}

interface Slot {
  port: HelperPort | null;
  busy: boolean;
  lost: boolean;
  /** Ends an idle helper (its memory goes back) unless it is reserved again first. */
  idleTimer: ReturnType<typeof setTimeout> | null;
  /** Keys of the row slices the helper holds (they are sent once, then named). */
  cached: Set<string>;
}

type Pending = { resolve: (r: HelperResult) => void; reject: (e: Error) => void; slot: Slot };

/**
 * A fixed number of helper threads, started on first use. Callers reserve idle helpers and give them back:
 * a caller that finds none idle computes in place instead of waiting (ODIM's members hold helpers for seconds
 * while the same run's scoring asks for them).
 */
export class HelperPool {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private kernels: unknown = null;
  /** Jobs helpers have finished (the run summary says how much went to them). */
  jobsDone = 0;

  constructor(
    readonly size: number,
    private readonly spawn: () => HelperPort,
    /** A helper idle this long is ended (a browser tab should not hold a thread's memory between big passes). */
    private readonly idleMs = Infinity,
  ) {
    this.slots = Array.from({ length: size }, () => ({ port: null, busy: false, lost: false, idleTimer: null, cached: new Set<string>() }));
  }

  /** The compiled kernels every helper needs first (a WebAssembly.Module: hosts can post it to threads). */
  setKernels(module: unknown): void {
    this.kernels = module;
    for (const s of this.slots) if (s.port) s.port.post({ type: 'kernels', module }, []);
  }

  /** Up to `max` idle helpers, marked busy until released. */
  reserve(max: number): HelperLease[] {
    const out: HelperLease[] = [];
    for (const s of this.slots) {
      if (out.length >= max) break;
      if (s.busy || s.lost) continue;
      s.busy = true;
      if (s.idleTimer) clearTimeout(s.idleTimer);
      s.idleTimer = null;
      out.push(new HelperLease(this, s));
    }
    return out;
  }

  /** @internal */
  run(slot: Slot, job: HelperJob, transfer: ArrayBuffer[]): Promise<HelperResult> {
    const port = this.portOf(slot);
    const id = this.nextId++;
    return new Promise<HelperResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      port.post({ type: 'job', id, job }, transfer);
    });
  }

  /** @internal */
  release(slot: Slot): void {
    slot.busy = false;
    if (slot.port && Number.isFinite(this.idleMs)) slot.idleTimer = setTimeout(() => this.end(slot), this.idleMs);
  }

  /** Ends one helper on purpose (idle, or the pool's end): it starts again, empty, when next reserved. */
  private end(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const port = slot.port;
    slot.port = null;
    slot.cached.clear();
    port?.terminate();
  }

  /** @internal */
  cachedKeys(slot: Slot): Set<string> {
    return slot.cached;
  }

  /**
   * Ends the helpers no one has reserved, now rather than after the idle time: the run waits for the analyst (a
   * round is open), and a helper holding its slice of a big table meanwhile is memory the tab does not use.
   */
  endIdle(): void {
    for (const s of this.slots) if (!s.busy && s.port) this.end(s);
  }

  /** Ends every thread (tests, the worker going away). */
  terminate(): void {
    for (const s of this.slots) this.end(s);
    this.failAll(null, new Error('the helper threads were ended'));
  }

  private portOf(slot: Slot): HelperPort {
    if (slot.port) return slot.port;
    const port = this.spawn();
    slot.port = port;
    port.onMessage((m) => this.receive(m as HelperReply));
    port.onLost((why) => {
      if (slot.port !== port) return; // ended on purpose
      slot.lost = true;
      slot.port = null;
      slot.cached.clear();
      this.failAll(slot, new Error(`a helper thread failed (${why})`));
    });
    if (this.kernels) port.post({ type: 'kernels', module: this.kernels }, []);
    return port;
  }

  private receive(m: HelperReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) {
      this.jobsDone++;
      p.resolve(m.result);
    } else {
      // The helper's cache may not hold what we think after an error: send slices again next time.
      p.slot.cached.clear();
      p.reject(new Error(m.error));
    }
  }

  private failAll(slot: Slot | null, e: Error): void {
    for (const [id, p] of this.pending) {
      if (slot && p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(e);
    }
  }
}

/** One reserved helper: run jobs on it, then release it. */
export class HelperLease {
  private released = false;
  constructor(
    private readonly pool: HelperPool,
    private readonly slot: Slot,
  ) {}

  run(job: HelperJob, transfer: ArrayBuffer[] = []): Promise<HelperResult> {
    return this.pool.run(this.slot, job, transfer);
  }

  /** Whether this helper already holds the row slice named `key` (see ScoreJob). */
  holds(key: string): boolean {
    return this.pool.cachedKeys(this.slot).has(key);
  }

  /** Records that the helper now holds `key`, forgetting the oldest beyond `keep` (the helper keeps as many). */
  remember(key: string, keep: number): void {
    const cached = this.pool.cachedKeys(this.slot);
    cached.delete(key);
    cached.add(key);
    while (cached.size > keep) cached.delete(cached.values().next().value as string);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.pool.release(this.slot);
  }
}

let registered: HelperPool | null = null;

/** The host's pool (null: every computation stays in the calling thread). */
export function registerHelperPool(pool: HelperPool | null): void {
  registered?.terminate();
  registered = pool;
}

export function helperPool(): HelperPool | null {
  return registered;
}

/**
 * How many helpers a computation may use: the setting `threads` (null = as many as the pool has), never more
 * than the pool has.
 */
export function helpersAllowed(threads: number | null): number {
  const pool = registered;
  if (!pool) return 0;
  return Math.max(0, Math.min(pool.size, threads ?? pool.size));
}
