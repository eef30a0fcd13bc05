import { describe, expect, it } from 'vitest';
import { LatestWriter } from './writer';
import { isQuotaError } from './quota';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LatestWriter', () => {
  it('writes the latest value once a write in progress ends, skipping the ones in between', async () => {
    const written: number[] = [];
    let release!: () => void;
    const w = new LatestWriter<number>(async (v) => {
      written.push(v);
      if (v === 1) await new Promise<void>((r) => (release = r));
    });
    w.push(1);
    w.push(2);
    w.push(3);
    expect(w.waiting).toBe(true);
    await tick();
    expect(written).toEqual([1]);
    release();
    await w.flush();
    expect(written).toEqual([1, 3]);
    expect(w.busy).toBe(false);
  });

  it('coalesces a burst within its delay, and pushNow or flush writes at once', async () => {
    const written: number[] = [];
    const w = new LatestWriter<number>(async (v) => void written.push(v), 10_000);
    w.push(1);
    w.push(2);
    await tick();
    expect(written).toEqual([]);
    await w.flush();
    expect(written).toEqual([2]);
    w.pushNow(5);
    await w.flush();
    expect(written).toEqual([2, 5]);
  });

  it('keeps going after a failed write, and cancel drops what waits', async () => {
    const written: number[] = [];
    const w = new LatestWriter<number>(async (v) => {
      if (v === 1) throw new Error('disk full');
      written.push(v);
    });
    w.push(1);
    await w.flush();
    w.push(2);
    await w.flush();
    expect(written).toEqual([2]);
    const slow = new LatestWriter<number>(async (v) => void written.push(v), 10_000);
    slow.push(9);
    slow.cancel();
    await slow.flush();
    expect(written).toEqual([2]);
  });
});

describe('isQuotaError', () => {
  it('recognizes the browsers’ quota errors and nothing else', () => {
    expect(isQuotaError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'Error', code: 22 })).toBe(true); // old WebKit code
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED', code: 1014 })).toBe(true); // Firefox
    expect(isQuotaError(new Error('Transaction aborted: quota exceeded'))).toBe(true);
    expect(isQuotaError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaError(new Error('not found'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});
