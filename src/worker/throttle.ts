/**
 * Forwards at most one event per `intervalMs`, keeping the latest; `force` events (phase changes,
 * rounds, the end) go through at once. A trailing timer delivers the last held event.
 */
export function throttle<T>(
  send: (e: T) => void,
  intervalMs: number,
): { push(e: T, force?: boolean): void; flush(): void; cancel(): void } {
  let last = 0;
  let held: T | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const emit = (e: T) => {
    last = Date.now();
    held = null;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    send(e);
  };
  return {
    push(e, force = false) {
      if (force || Date.now() - last >= intervalMs) return emit(e);
      held = e;
      timer ??= setTimeout(() => held && emit(held), intervalMs - (Date.now() - last));
    },
    flush() {
      if (held) emit(held);
    },
    /** Drops a held event and its timer: after a run ends its callbacks are released, so nothing may fire later. */
    cancel() {
      held = null;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
    },
  };
}
