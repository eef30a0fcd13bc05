// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('./session', () => ({
  answerCandidate: vi.fn(async () => {}),
  closeRound: vi.fn(async () => {}),
  exportCsv: vi.fn(async () => {}),
  exportSession: vi.fn(async () => {}),
  openSessionFile: vi.fn(async () => {}),
  exportOnnx: vi.fn(async () => {}),
  exportScoredCsv: vi.fn(async () => {}),
  scoreAnotherTable: vi.fn(async () => {}),
  openFile: vi.fn(async () => {}),
  pauseRun: vi.fn(async () => {}),
  resumeRun: vi.fn(async () => {}),
  skipCandidate: vi.fn(async () => {}),
  startRun: vi.fn(async () => {}),
  stopRun: vi.fn(async () => {}),
  toggleShortcuts: vi.fn(),
  undoAnswer: vi.fn(async () => {}),
}));
vi.mock('./session/run', () => ({ formErrors: () => ({}) }));

const session = await import('./session');
const { ACTIONS, actionForKey, keyConflicts, performAction } = await import('./actions');
const { openingRound, useLab } = await import('./store');
const { useShortcuts } = await import('./useShortcuts');

const fresh = useLab.getState();
const candidateRound = {
  view: {
    round: 1,
    rounds: 5,
    epoch: 49,
    budget: 2,
    rows: Int32Array.of(3),
    scores: Float32Array.of(1),
    posteriors: Float64Array.of(0.4),
    cards: [{ row: 3, score: 1, posterior: 0.4, cells: [], deviations: [] }],
  },
  cursor: 0,
  openedAt: 0,
};

beforeEach(() => {
  useLab.setState(fresh, true);
  vi.clearAllMocks();
});

describe('the action registry', () => {
  it("matches the README's key list", () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const sentence = /Keys: ([\s\S]*?)\n\d\./.exec(readme)?.[1] ?? '';
    const named = new Set([...sentence.matchAll(/`([^`]+)`/g)].flatMap((m) => m[1].split('/')).map((k) => (k === 'Esc' ? 'Escape' : k)));
    const bound = new Set(ACTIONS.flatMap((a) => a.keys));
    expect([...named].sort()).toEqual([...bound].sort());
  });

  it('binds no key twice, and says so when one is', () => {
    expect(keyConflicts()).toEqual([]);
    const twice = [ACTIONS[0], { ...ACTIONS[1], keys: ['i'] }, { ...ACTIONS[2], keys: ['i'] }];
    expect(keyConflicts(twice)).toEqual([`Key "i" is bound to ${ACTIONS[1].id} and ${ACTIONS[2].id}`]);
  });

  it('has every button of the run bar and the labeling card (no bare <button> there)', () => {
    for (const file of ['components/RunBar.tsx', 'components/CandidateCard.tsx']) {
      const src = readFileSync(path.join(__dirname, file), 'utf8');
      expect(src, file).not.toMatch(/<button/);
      for (const [, id] of src.matchAll(/<ActionButton id="([^"]+)"/g))
        expect(
          ACTIONS.some((a) => a.id === id),
          id,
        ).toBe(true);
    }
  });

  it('performs only what its predicate allows', async () => {
    await performAction('label-inlier');
    expect(session.answerCandidate).not.toHaveBeenCalled();
    useLab.setState({ round: candidateRound, run: { ...fresh.run, status: 'running' } });
    await performAction('label-inlier');
    expect(session.answerCandidate).toHaveBeenCalledWith(0);
    expect(actionForKey('p', useLab.getState())?.id).toBe('pause-resume');
    expect(actionForKey('O', useLab.getState())?.id).toBe('label-outlier');
  });

  it('takes no answer while a session is read back into the engine (the round on screen is the one from before)', async () => {
    const busy = { status: 'busy' as const, id: null, message: null };
    useLab.setState({ round: candidateRound, run: { ...fresh.run, status: 'running' }, restore: busy });
    for (const id of ['label-inlier', 'label-outlier', 'skip', 'continue-training', 'pause-resume'] as const)
      expect(ACTIONS.find((a) => a.id === id)?.enabled(useLab.getState()), id).toBe(false);
    await performAction('label-inlier');
    expect(session.answerCandidate).not.toHaveBeenCalled();
    useLab.setState({ restore: { ...busy, status: 'idle' } });
    await performAction('label-inlier');
    expect(session.answerCandidate).toHaveBeenCalledWith(0);
  });

  it('takes no answer for a moment after a round replaces the card on screen (a key meant for the old card)', async () => {
    const early = { ...candidateRound.view, round: 0 };
    // Round 1 over an early question still on the card: settling; over an answered-out round or none: not.
    const over = openingRound({ view: early, cursor: 0, openedAt: 0 }, candidateRound.view, 0, 5);
    expect(over).toEqual({ view: candidateRound.view, cursor: 0, openedAt: 5, settling: true });
    expect(openingRound({ view: early, cursor: 1, openedAt: 0 }, candidateRound.view, 0, 5).settling).toBeUndefined();
    expect(openingRound(null, candidateRound.view, 0, 5).settling).toBeUndefined();
    useLab.setState({ round: over, run: { ...fresh.run, status: 'running' } });
    for (const id of ['label-inlier', 'label-outlier', 'skip'] as const)
      expect(ACTIONS.find((a) => a.id === id)?.enabled(useLab.getState()), id).toBe(false);
    await performAction('label-outlier');
    expect(session.answerCandidate).not.toHaveBeenCalled();
    useLab.setState({ round: { ...over, settling: false } });
    await performAction('label-outlier');
    expect(session.answerCandidate).toHaveBeenCalledWith(1);
  });

  it('keeps a Start pressed while a new table is read for that table, never starting on the one it replaces', async () => {
    const ready = {
      prepare: { status: 'ready' as const, error: null },
      features: { hasTruth: false } as never,
      defaults: {} as never,
      backendStatus: 'ready' as const,
    };
    useLab.setState({ ...ready, intake: { status: 'loading', fraction: 0.2, fileName: 'new.csv', error: null } });
    expect(ACTIONS.find((a) => a.id === 'start-run')?.enabled(useLab.getState())).toBe(true);
    await performAction('start-run');
    expect(session.startRun).not.toHaveBeenCalled();
    expect(useLab.getState().startQueued).toBe(true);
    // Queued once: the button is off until the table is read.
    expect(ACTIONS.find((a) => a.id === 'start-run')?.enabled(useLab.getState())).toBe(false);
    useLab.setState({ startQueued: false, intake: { status: 'ready', fraction: 1, fileName: 'new.csv', error: null } });
    await performAction('start-run');
    expect(session.startRun).toHaveBeenCalledTimes(1);
  });

  it('switches the method only between runs, and only to a known one', async () => {
    await performAction('switch-method', 'odim');
    expect(useLab.getState().method).toBe('odim');
    await performAction('switch-method', 'forest');
    expect(useLab.getState().method).toBe('odim');
    useLab.setState({ run: { ...fresh.run, status: 'paused' } });
    await performAction('switch-method', 'altbi');
    expect(useLab.getState().method).toBe('odim');
  });
});

describe('shortcuts', () => {
  let host: HTMLDivElement;
  let root: ReturnType<typeof createRoot>;
  beforeEach(async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    const Keys = () => {
      useShortcuts();
      return createElement('input', { 'aria-label': 'a field' });
    };
    await act(async () => root.render(createElement(Keys)));
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  const press = (key: string, target: EventTarget = window, repeat = false) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key, repeat, bubbles: true, cancelable: true }));

  it('take one answer per press: a held key’s repeats answer nothing and close no round', () => {
    useLab.setState({ round: candidateRound, run: { ...fresh.run, status: 'running' } });
    press('i');
    press('i', window, true);
    press('i', window, true);
    expect(session.answerCandidate).toHaveBeenCalledTimes(1);
    press('Enter', window, true);
    expect(session.closeRound).not.toHaveBeenCalled();
  });

  it('dispatch through the registry, and not while typing in a field', () => {
    useLab.setState({ round: candidateRound, run: { ...fresh.run, status: 'running' } });
    press('o');
    expect(session.answerCandidate).toHaveBeenCalledWith(1);
    press('s', host.querySelector('input')!);
    expect(session.skipCandidate).not.toHaveBeenCalled();
    press('p');
    expect(session.pauseRun).toHaveBeenCalled();
  });

  it('go quiet while the overlay is open, except its own keys', () => {
    useLab.setState({ round: candidateRound, run: { ...fresh.run, status: 'running' }, shortcutsOpen: true });
    press('i');
    expect(session.answerCandidate).not.toHaveBeenCalled();
    press('Escape');
    expect(session.toggleShortcuts).toHaveBeenCalledWith(false);
  });
});
