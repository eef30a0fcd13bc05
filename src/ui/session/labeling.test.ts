// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';

const engine = { setLabel: vi.fn(async () => {}), closeRound: vi.fn(async () => {}) };
const saved: string[] = [];
vi.mock('../engine', () => ({
  engineApi: () => engine,
  isEngineLost: (e: unknown) => e instanceof Error && e.name === 'EngineLostError',
}));
vi.mock('./persistence', () => ({
  saveLabels: vi.fn(async (entries: { row: number }[]) => void saved.push(...entries.map((e) => `save ${e.row}`))),
  forgetLabel: vi.fn(async (row: number) => void saved.push(`forget ${row}`)),
}));

const { answerCandidate, closeRound, skipCandidate, undoAnswer } = await import('./labeling');
const { useLab } = await import('../store');

const fresh = useLab.getState();
const rows = [4, 9, 2];
const view = {
  round: 1,
  rounds: 2,
  epoch: 49,
  budget: 3,
  rows: Int32Array.from(rows),
  scores: Float32Array.from(rows),
  posteriors: null,
  cards: rows.map((row) => ({ row, score: row, posterior: null, cells: [], deviations: [] })),
};

beforeEach(() => {
  useLab.setState({ ...fresh, round: { view, cursor: 0, openedAt: Date.now() }, run: { ...fresh.run, status: 'running' } }, true);
  saved.length = 0;
  vi.clearAllMocks();
});

describe('labeling', () => {
  it('saves each answer before the card moves on, then tells the engine', async () => {
    engine.setLabel.mockImplementationOnce(async () => {
      expect(saved).toEqual(['save 4']);
    });
    await answerCandidate(1);
    expect(engine.setLabel).toHaveBeenCalledWith(4, 1);
    expect(useLab.getState().labels.get(4)).toMatchObject({ label: 1, source: 'analyst' });
    expect(useLab.getState().round?.cursor).toBe(1);
  });

  it('skips, undoes (clearing the label) and closes the round with its summary', async () => {
    await answerCandidate(0);
    await skipCandidate();
    await undoAnswer(); // back to the skipped row: nothing to forget
    await undoAnswer(); // back to row 4: its label goes
    expect(saved).toEqual(['save 4', 'forget 4']);
    expect(useLab.getState().labels.has(4)).toBe(false);
    await answerCandidate(1);
    await closeRound();
    const s = useLab.getState();
    expect(s.round).toBeNull();
    expect(s.roundLog).toEqual([{ round: 1, rounds: 2, candidates: 3, inliers: 0, outliers: 1, by: 'you' }]);
  });

  it('an answer saved while the next round opens leaves that round at its first candidate', async () => {
    // Round 1 replaces the early questions while the answer to the last of them is being saved.
    const next = { ...view, round: 2, rows: Int32Array.from([7, 5]), cards: [] };
    engine.setLabel.mockImplementationOnce(async () => {
      useLab.setState({ round: { view: next, cursor: 0, openedAt: Date.now() } });
    });
    await answerCandidate(1);
    expect(useLab.getState().labels.get(4)?.label).toBe(1);
    expect(useLab.getState().round).toMatchObject({ view: next, cursor: 0 });
    // The same for an undo of the answer before it.
    useLab.setState({ round: { view, cursor: 1, openedAt: Date.now() } });
    engine.setLabel.mockImplementationOnce(async () => {
      useLab.setState({ round: { view: next, cursor: 0, openedAt: Date.now() } });
    });
    await undoAnswer();
    expect(useLab.getState().labels.has(4)).toBe(false);
    expect(useLab.getState().round).toMatchObject({ view: next, cursor: 0 });
  });

  it('closing the early questions as round 1 opens keeps round 1 on screen, logged once', async () => {
    const early = { ...view, round: 0 };
    const first = { ...view, rows: Int32Array.from([7, 5]), cards: [] };
    useLab.setState({ round: { view: early, cursor: 3, openedAt: Date.now() } });
    engine.closeRound.mockImplementationOnce(async () => {
      // What the run's round message does (session/run.ts): the early questions close into the log.
      useLab.setState((s) => ({
        round: { view: first, cursor: 0, openedAt: Date.now() },
        roundLog: [...s.roundLog, { round: 0, rounds: 2, candidates: 3, inliers: 0, outliers: 0, by: 'you' }],
      }));
    });
    await closeRound();
    const s = useLab.getState();
    expect(s.round).toMatchObject({ view: first, cursor: 0 });
    expect(s.roundLog.map((r) => r.round)).toEqual([0]);
  });

  it('keeps an answer the crashed engine cannot hear', async () => {
    const lost = Object.assign(new Error('gone'), { name: 'EngineLostError' });
    engine.setLabel.mockRejectedValueOnce(lost);
    await answerCandidate(0);
    expect(useLab.getState().labels.get(4)?.label).toBe(0);
    expect(useLab.getState().run.notice).toBeNull();
  });
});
