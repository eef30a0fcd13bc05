import type { Checkpoint } from '../core/train/checkpoint';

/** Checkpoints smaller than this go to the page at every epoch, as they are taken. */
export const SMALL_CHECKPOINT_BYTES = 2 * 2 ** 20;
/** A big table's checkpoint (tens of MB of score history at 600k rows) goes at most this often. */
export const BIG_CHECKPOINT_EVERY_MS = 15_000;

export function checkpointBytes(c: Checkpoint): number {
  const stop = 'warmupStop' in c ? c.warmupStop : null;
  const guard = 'guard' in c ? c.guard : null;
  const best = stop?.best;
  const arrays = [
    ...c.history,
    ...c.state,
    ...c.adamM,
    ...c.adamV,
    ...(stop?.bestHistory ?? []),
    ...(best ? [...best.state, ...best.adamM, ...best.adamV] : []),
  ];
  return arrays.reduce((s, a) => s + a.byteLength, c.labels.byteLength + (guard?.warmup.length ?? 0) * 4);
}

/**
 * Sends checkpoints to the page: every one while they are small; for a big table one per BIG_CHECKPOINT_EVERY_MS,
 * and always the one of an opening round (a reload must reopen it). The latest one held back goes with flush()
 * (a pause, the end of the run), so a reload never resumes from further back than that interval.
 */
export class CheckpointThrottle {
  private lastSent = -Infinity;
  private held: Checkpoint | null = null;

  constructor(
    private readonly send: (c: Checkpoint) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(c: Checkpoint): void {
    const due = this.now() - this.lastSent >= BIG_CHECKPOINT_EVERY_MS;
    if (c.openRound || due || checkpointBytes(c) < SMALL_CHECKPOINT_BYTES) {
      this.held = null;
      this.lastSent = this.now();
      this.send(c);
    } else {
      this.held = c;
    }
  }

  flush(): void {
    if (!this.held) return;
    const c = this.held;
    this.held = null;
    this.lastSent = this.now();
    this.send(c);
  }
}
