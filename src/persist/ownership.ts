/**
 * One tab owns a session at a time, with a Web Lock named after it: the owner holds the lock for as
 * long as the session is open there. Another tab sees the lock held, says so, and may take over
 * (steal the lock); the first tab learns it lost the session and stops writing to it.
 */

const PREFIX = 'imlab:session:';

export interface Ownership {
  id: string;
  /** Gives the session up (another session opened here, or the page leaves). */
  release(): void;
  /** Resolves if another tab takes the session over; never resolves after release(). */
  readonly lost: Promise<void>;
}

function locks(): LockManager | null {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/**
 * Takes a session for this tab. Without `steal`, resolves null when another tab holds it. Where Web
 * Locks are missing, ownership is not enforced (every tab may write).
 */
export function claimSession(id: string, opts: { steal?: boolean } = {}): Promise<Ownership | null> {
  const lm = locks();
  if (!lm) return Promise.resolve({ id, release() {}, lost: new Promise<void>(() => {}) });
  return new Promise((resolveClaim, rejectClaim) => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let released = false;
    let granted = false;
    const request = lm.request(PREFIX + id, opts.steal ? { steal: true } : { ifAvailable: true }, async (lock) => {
      if (!lock) {
        resolveClaim(null);
        return;
      }
      granted = true;
      resolveClaim(ownership);
      await held;
    });
    // A stolen lock rejects its request with an AbortError; a released one resolves.
    const lost = request.then(
      () => new Promise<void>(() => {}),
      (e: unknown) => {
        if (!granted) rejectClaim(e);
        if (released) return new Promise<void>(() => {});
      },
    );
    const ownership: Ownership = {
      id,
      release() {
        released = true;
        release();
      },
      lost,
    };
  });
}

/** Ids of the sessions some tab (this one included) holds right now. */
export async function heldSessions(): Promise<Set<string>> {
  const lm = locks();
  if (!lm) return new Set();
  try {
    const q = await lm.query();
    return new Set(
      (q.held ?? [])
        .map((l) => l.name ?? '')
        .filter((n) => n.startsWith(PREFIX))
        .map((n) => n.slice(PREFIX.length)),
    );
  } catch {
    return new Set();
  }
}

/** Tabs tell each other when the list of saved sessions changed. */
const CHANNEL = 'imlab-sessions';

export function announceSessionsChanged(): void {
  try {
    const ch = new BroadcastChannel(CHANNEL);
    ch.postMessage({ type: 'changed' });
    ch.close();
  } catch {
    // no BroadcastChannel: other tabs refresh their list when they next look
  }
}

export function onSessionsChanged(cb: () => void): () => void {
  try {
    const ch = new BroadcastChannel(CHANNEL);
    ch.onmessage = () => cb();
    return () => ch.close();
  } catch {
    return () => {};
  }
}
