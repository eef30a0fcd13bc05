import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first event at once and the latest held one after the interval', () => {
    const sent: number[] = [];
    const t = throttle<number>((e) => sent.push(e), 100);
    t.push(1);
    t.push(2);
    t.push(3);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1, 3]);
  });

  it('cancel drops the held event: nothing fires after a run has released its callbacks', () => {
    const sent: number[] = [];
    const t = throttle<number>((e) => sent.push(e), 100);
    t.push(1);
    t.push(2);
    t.cancel();
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([1]);
    t.flush();
    expect(sent).toEqual([1]);
  });
});
