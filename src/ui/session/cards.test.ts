// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CandidateView, RoundView } from '../../worker/api';

const card = (row: number): CandidateView => ({ row, score: row, posterior: null, cells: [String(row)], deviations: [] });
/** The worker's side: every candidate's card, for an open round 1 (the rows are 1000 + index). */
const engine = {
  open: 1,
  candidateCards: vi.fn(async (round: number, from: number, count: number) =>
    round === engine.open ? Array.from({ length: Math.max(0, Math.min(count, 100 - from)) }, (_, i) => card(1000 + from + i)) : [],
  ),
};
vi.mock('../engine', () => ({ engineApi: () => engine, isEngineLost: () => false }));

const { missingCard, startCardLoading } = await import('./cards');
const { currentCard, useLab } = await import('../store');

function roundOf(n: number, first: number): RoundView {
  const rows = Int32Array.from({ length: n }, (_, i) => 1000 + i);
  return {
    round: 1,
    rounds: 3,
    epoch: 50,
    budget: n,
    rows,
    scores: Float32Array.from(rows),
    posteriors: null,
    cards: Array.from({ length: first }, (_, i) => card(1000 + i)),
  };
}

const fresh = useLab.getState();
const settle = () => new Promise((r) => setTimeout(r, 0));

function open(view: RoundView, cursor = 0): void {
  useLab.setState(
    { ...fresh, round: { view, cursor, openedAt: 0 }, cards: { view, byIndex: new Map(view.cards.map((c, i) => [i, c])) } },
    true,
  );
}

function moveTo(cursor: number): void {
  useLab.setState((s) => ({ round: s.round && { ...s.round, cursor } }));
}

beforeEach(() => {
  engine.open = 1;
  vi.clearAllMocks();
  startCardLoading();
});

describe("the open round's cards near the cursor", () => {
  it("asks for nothing while the round message's cards cover the cursor", async () => {
    open(roundOf(100, 16));
    moveTo(3);
    await settle();
    expect(engine.candidateCards).not.toHaveBeenCalled();
    expect(currentCard(useLab.getState())?.row).toBe(1003);
  });

  it('asks for the next cards before the cursor reaches them, once, and shows them', async () => {
    open(roundOf(100, 16));
    moveTo(5); // the window ahead reaches index 16
    moveTo(6);
    await settle();
    expect(engine.candidateCards).toHaveBeenCalledTimes(1);
    expect(engine.candidateCards).toHaveBeenCalledWith(1, 16, 32);
    moveTo(20);
    expect(currentCard(useLab.getState())?.row).toBe(1020);
    expect(missingCard(useLab.getState())).toBe(-1);
  });

  it('fetches what is missing around a cursor that jumped (a resumed round), behind it included', async () => {
    open(roundOf(100, 16), 60);
    await settle();
    await settle();
    expect(engine.candidateCards).toHaveBeenCalledWith(1, 56, 32);
    expect(currentCard(useLab.getState())?.row).toBe(1060);
  });

  it('drops cards that arrive for a round that is no longer open', async () => {
    const first = roundOf(100, 16);
    open(first);
    let release: (v: CandidateView[]) => void = () => {};
    engine.candidateCards.mockImplementationOnce(() => new Promise((r) => (release = r)));
    moveTo(8);
    const next = roundOf(100, 16);
    open(next); // a new round opened before the answer came
    release([card(1), card(2)]);
    await settle();
    expect(useLab.getState().cards?.view).toBe(next);
    expect(useLab.getState().cards?.byIndex.get(16)).toBeUndefined();
  });

  it('leaves the card reading, without asking again and again, when the worker has no cards for the round', async () => {
    engine.open = 2; // the worker's round closed (the engine restarted, say)
    open(roundOf(100, 16));
    moveTo(10);
    await settle();
    await settle();
    expect(engine.candidateCards).toHaveBeenCalledTimes(1);
    moveTo(16);
    expect(currentCard(useLab.getState())).toBeNull();
  });
});
