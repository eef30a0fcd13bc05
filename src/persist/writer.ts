/**
 * Writes that only need their latest value stored (scores, checkpoints, the session's settings):
 * while one write is under way, newer values replace each other and only the last is written next.
 */
export class LatestWriter<T> {
  private pending: { value: T } | null = null;
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /** Reports its own failures (a rejection is swallowed so later values still get written). */
    private readonly write: (value: T) => Promise<unknown>,
    /** Waits this long after a push before writing, so bursts coalesce. */
    private readonly delayMs = 0,
  ) {}

  /** Whether a value waits to be written (coalescing or queued behind a write). */
  get waiting(): boolean {
    return this.pending != null;
  }

  /** Whether a value is waiting or being written. */
  get busy(): boolean {
    return this.pending != null || this.running != null;
  }

  push(value: T): void {
    this.pending = { value };
    if (this.running) return;
    if (this.delayMs > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.kick();
      }, this.delayMs);
    } else {
      this.kick();
    }
  }

  /** Like push, but starts writing at once. */
  pushNow(value: T): void {
    this.pending = { value };
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.kick();
  }

  /** Writes what is waiting now and resolves when nothing is left. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.kick();
    }
    while (this.running) await this.running;
  }

  /** Drops what is waiting (the session is no longer this page's to write). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private kick(): void {
    if (this.running || !this.pending) return;
    this.running = (async () => {
      while (this.pending) {
        const { value } = this.pending;
        this.pending = null;
        try {
          await this.write(value);
        } catch {
          // The write callback reports its own failures; the loop must keep going.
        }
      }
    })().finally(() => {
      this.running = null;
      if (this.pending) this.kick();
    });
  }
}
