import type { RunControl } from '../core/train/control';

/**
 * Paces a run for watching: after every epoch the loop is held for `delayMs`, or until resumed when
 * the user paused or asked for a single step. The engine awaits RunControl.gate() before each
 * update, so pausing at the end of an epoch holds the loop right there.
 */
export class Pacer {
  private readonly control: RunControl;
  private delayMs: number;
  private held = false;
  private stepsLeft = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(control: RunControl, delayMs: number, stepOnly = false) {
    this.control = control;
    this.delayMs = delayMs;
    if (stepOnly) this.stepsLeft = 1;
  }

  /** Called when an epoch ends. */
  epochEnded(): void {
    if (this.stepsLeft > 0 && --this.stepsLeft === 0) this.held = true;
    if (this.held) {
      this.control.pause();
      return;
    }
    if (this.delayMs <= 0) return;
    this.control.pause();
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.held) this.control.resume();
    }, this.delayMs);
  }

  pause(): void {
    this.held = true;
    this.stepsLeft = 0;
    this.clearTimer();
    this.control.pause();
  }

  resume(): void {
    this.held = false;
    this.stepsLeft = 0;
    this.clearTimer();
    this.control.resume();
  }

  step(): void {
    this.held = false;
    this.stepsLeft = 1;
    this.clearTimer();
    this.control.resume();
  }

  setDelay(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  get paused(): boolean {
    return this.held;
  }

  dispose(): void {
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer != null) clearTimeout(this.timer);
    this.timer = null;
  }
}
