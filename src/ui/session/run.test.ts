// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';

const engine = {
  pause: vi.fn(async () => {}),
  resume: vi.fn(async () => {}),
  stop: vi.fn(async () => {}),
  currentScores: vi.fn(async () => null),
};
vi.mock('../engine', () => ({ engineApi: () => engine, isEngineLost: () => false }));
vi.mock('./persistence', () => ({
  runStarting: vi.fn(async () => {}),
  saveLabels: vi.fn(async () => {}),
  saveResults: vi.fn(),
  takeCheckpoint: vi.fn(),
}));

const { pauseRun, resumeRun, stopRun } = await import('./run');
const persistence = await import('./persistence');
const { useLab } = await import('../store');
const fresh = useLab.getState();

beforeEach(() => {
  useLab.setState({ ...fresh, session: 'a', run: { ...fresh.run, status: 'running' } }, true);
  vi.clearAllMocks();
});

describe('pause and resume', () => {
  it('pause a running run, and resume it', async () => {
    await pauseRun();
    expect(useLab.getState().run.status).toBe('paused');
    expect(persistence.saveResults).toHaveBeenCalled();
    await resumeRun();
    expect(useLab.getState().run.status).toBe('running');
  });

  it('leave a run that finished while the engine paused it finished (shown paused, it would never end)', async () => {
    engine.pause.mockImplementationOnce(async () => {
      useLab.setState((s) => ({ run: { ...s.run, status: 'done' } }));
    });
    await pauseRun();
    expect(useLab.getState().run.status).toBe('done');
    expect(persistence.saveResults).not.toHaveBeenCalled();
  });

  it('change nothing in the session the page moved to meanwhile', async () => {
    useLab.setState((s) => ({ run: { ...s.run, status: 'paused' } }));
    engine.resume.mockImplementationOnce(async () => {
      useLab.setState((s) => ({ session: 'b', run: { ...s.run, status: 'paused' } }));
    });
    await resumeRun();
    expect(useLab.getState().run.status).toBe('paused');
    // And a stop: the session on the page now keeps its run.
    useLab.setState((s) => ({ session: 'a', run: { ...s.run, status: 'running' } }));
    engine.stop.mockImplementationOnce(async () => {
      useLab.setState((s) => ({ session: 'b', run: { ...s.run, status: 'paused' } }));
    });
    await stopRun();
    expect(useLab.getState().run.status).toBe('paused');
    await stopRun();
    expect(useLab.getState().run.status).toBe('stopped');
  });
});
