import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunControl } from '../core/train/control';
import { Pacer } from './pacer';

describe('Pacer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds the loop for the delay after each epoch', () => {
    const control = new RunControl();
    const pacer = new Pacer(control, 100);
    pacer.epochEnded();
    expect(control.paused).toBe(true);
    vi.advanceTimersByTime(99);
    expect(control.paused).toBe(true);
    vi.advanceTimersByTime(1);
    expect(control.paused).toBe(false);
  });

  it('does not hold without a delay', () => {
    const control = new RunControl();
    new Pacer(control, 0).epochEnded();
    expect(control.paused).toBe(false);
  });

  it('a user pause outlasts the delay; a step runs exactly one epoch', () => {
    const control = new RunControl();
    const pacer = new Pacer(control, 50);
    pacer.epochEnded();
    pacer.pause();
    vi.advanceTimersByTime(500);
    expect(control.paused).toBe(true);
    pacer.step();
    expect(control.paused).toBe(false);
    pacer.epochEnded();
    expect(control.paused).toBe(true);
    vi.advanceTimersByTime(500);
    expect(control.paused).toBe(true);
    pacer.resume();
    expect(control.paused).toBe(false);
  });

  it('starting in step mode stops after the first epoch', () => {
    const control = new RunControl();
    const pacer = new Pacer(control, 0, true);
    expect(control.paused).toBe(false);
    pacer.epochEnded();
    expect(control.paused).toBe(true);
    expect(pacer.paused).toBe(true);
  });
});
