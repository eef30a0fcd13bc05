import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('./run', () => ({ formErrors: () => ({}), startRun: vi.fn(async () => {}) }));

const run = await import('./run');
const { canQueueStart, queueStart, watchStartQueue } = await import('./startQueue');
const { useLab } = await import('../store');

const fresh = useLab.getState();
const oldTable = {
  prepare: { status: 'ready' as const, error: null },
  features: { hasTruth: false } as never,
  defaults: {} as never,
  backendStatus: 'ready' as const,
};
const reading = { status: 'loading' as const, fraction: 0.1, fileName: 'new.csv', error: null };

let unwatch = () => {};
beforeEach(() => {
  unwatch();
  useLab.setState({ ...fresh, ...oldTable, intake: reading }, true);
  vi.clearAllMocks();
  unwatch = watchStartQueue(useLab.subscribe);
});

describe('a Start pressed while a new table is read', () => {
  it('starts once the new table is read and its features built, not before', () => {
    queueStart();
    expect(useLab.getState().startQueued).toBe(true);
    useLab.setState({ intake: { ...reading, fraction: 0.9 } });
    // The new table is in the store, its features not yet built.
    useLab.setState({ intake: { ...reading, status: 'ready' }, features: null, prepare: { status: 'busy', error: null } });
    expect(run.startRun).not.toHaveBeenCalled();
    useLab.setState({ features: { hasTruth: true } as never, prepare: { status: 'ready', error: null } });
    expect(run.startRun).toHaveBeenCalledTimes(1);
    expect(useLab.getState().startQueued).toBe(false);
    useLab.setState({ prepare: { status: 'ready', error: null } });
    expect(run.startRun).toHaveBeenCalledTimes(1);
  });

  it('is dropped when the new file is refused (the table before it stays, and no run starts on it)', () => {
    queueStart();
    useLab.setState({ intake: { ...reading, status: 'error', error: 'The file is empty.' } });
    expect(useLab.getState().startQueued).toBe(false);
    expect(run.startRun).not.toHaveBeenCalled();
  });

  it('is dropped when the new table cannot be used as it is', () => {
    queueStart();
    useLab.setState({ intake: { ...reading, status: 'ready' }, features: null, prepare: { status: 'busy', error: null } });
    useLab.setState({ prepare: { status: 'error', error: 'IMLab needs at least 10 rows' } });
    expect(useLab.getState().startQueued).toBe(false);
    expect(run.startRun).not.toHaveBeenCalled();
  });

  it('is not taken while a run is on, a session is restored or nothing is being read', () => {
    useLab.setState({ run: { ...fresh.run, status: 'running' } });
    expect(canQueueStart(useLab.getState())).toBe(false);
    useLab.setState({ run: fresh.run, restore: { status: 'busy', id: 'x', message: null } });
    expect(canQueueStart(useLab.getState())).toBe(false);
    useLab.setState({ restore: fresh.restore, intake: { ...reading, status: 'ready' } });
    expect(canQueueStart(useLab.getState())).toBe(false);
    queueStart();
    expect(useLab.getState().startQueued).toBe(false);
  });
});

describe('a Start pressed while the features are built', () => {
  it('is kept for them, so a click that lands as the read ends is not lost', () => {
    useLab.setState({ intake: { ...reading, status: 'ready' }, features: null, prepare: { status: 'busy', error: null } });
    expect(canQueueStart(useLab.getState())).toBe(true);
    queueStart();
    useLab.setState({ features: { hasTruth: false } as never, prepare: { status: 'ready', error: null } });
    expect(run.startRun).toHaveBeenCalledTimes(1);
  });
});
