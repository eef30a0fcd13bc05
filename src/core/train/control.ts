/** Pause/resume/abort for a run: the loop awaits gate() between updates. */
export class RunControl {
  private readonly abortController = new AbortController();
  private pausedPromise: Promise<void> | null = null;
  private release: (() => void) | null = null;

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  get paused(): boolean {
    return this.pausedPromise != null;
  }

  pause(): void {
    if (this.pausedPromise) return;
    this.pausedPromise = new Promise((r) => (this.release = r));
  }

  resume(): void {
    const r = this.release;
    this.pausedPromise = null;
    this.release = null;
    r?.();
  }

  abort(reason = 'aborted'): void {
    this.abortController.abort(new AbortError(reason));
    this.resume();
  }

  /** Throws AbortError when aborted; waits while paused. */
  async gate(): Promise<void> {
    this.throwIfAborted();
    while (this.pausedPromise) {
      await this.pausedPromise;
      this.throwIfAborted();
    }
  }

  throwIfAborted(): void {
    if (this.signal.aborted) throw this.signal.reason instanceof Error ? this.signal.reason : new AbortError(String(this.signal.reason));
  }
}

export class AbortError extends Error {
  constructor(message = 'aborted') {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * Yields to the event loop so messages (pause, labels, abort) are handled during a long run. A message to ourselves,
 * not setTimeout(0): nested timers are clamped to 4 ms, and a run yields once or more per epoch (a 10,000-row
 * IMBoost run spent ~0.2 s of its 60 epochs waiting on the clamp).
 */
export function yieldToLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      // Closed at once: an open port would keep a Node process alive.
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
