import * as Comlink from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { releaseRemote, RunChannel } from './bridge';

/**
 * The kept end (port1) of every MessageChannel opened meanwhile, and whether it was closed. comlink
 * exposes a proxied object on port1 and transfers port2 (a transferred port is detached here).
 */
function trackPorts() {
  const Real = globalThis.MessageChannel;
  const ports: { port: MessagePort; closed: boolean }[] = [];
  class Tracked extends Real {
    constructor() {
      super();
      for (const port of [this.port1]) {
        const entry = { port, closed: false };
        const close = port.close.bind(port);
        port.close = () => {
          entry.closed = true;
          close();
        };
        ports.push(entry);
      }
    }
  }
  globalThis.MessageChannel = Tracked as typeof MessageChannel;
  return { open: () => ports.filter((p) => !p.closed).length, restore: () => (globalThis.MessageChannel = Real) };
}

interface Callbacks {
  onProgress(n: number): void;
  onDone(): void;
}

/**
 * A worker's run loop in miniature: a few progress calls, done, then the release every worker does.
 * It holds on to every run's callbacks, so no garbage collection can close a port in its stead.
 */
const held: Callbacks[] = [];
const fakeWorker = {
  async start(epochs: number, cb: Callbacks) {
    held.push(cb);
    void (async () => {
      for (let i = 0; i < epochs; i++) await cb.onProgress(i);
      await cb.onDone();
      releaseRemote(cb);
    })();
  },
};

describe('the worker bridge', () => {
  let tracker: ReturnType<typeof trackPorts>;
  beforeEach(() => {
    tracker = trackPorts();
  });
  afterEach(() => tracker.restore());

  it('leaves no port open after 20 runs', async () => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(fakeWorker, port1);
    const api = Comlink.wrap<typeof fakeWorker>(port2);
    const seen: number[][] = [];
    const channel = new RunChannel<number>((batch) => seen.push(batch), 5);
    const baseline = tracker.open(); // the page-worker channel itself
    for (let run = 0; run < 20; run++) {
      const token = channel.begin();
      await new Promise<void>((resolve) => {
        void api.start(3, Comlink.proxy({ onProgress: (n: number) => channel.push(token, n), onDone: () => resolve() }));
      });
      channel.flush();
    }
    await vi.waitFor(() => expect(tracker.open()).toBe(baseline), { timeout: 500 });
    expect(seen.flat()).toHaveLength(60);
    api[Comlink.releaseProxy]();
    port1.close();
  });

  it("drops a replaced run's messages and batches the current one's", async () => {
    const seen: string[][] = [];
    const channel = new RunChannel<string>((b) => seen.push(b), 5);
    const old = channel.begin();
    channel.push(old, 'a');
    const now = channel.begin();
    channel.push(old, 'late');
    channel.push(now, 'b');
    channel.push(now, 'c');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([['b', 'c']]);
    channel.end();
    channel.push(now, 'after stop');
    channel.flush();
    expect(seen).toEqual([['b', 'c']]);
  });
});
