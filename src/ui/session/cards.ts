/**
 * The open round's cards near the cursor. A round knows every candidate's row, score and posterior (typed arrays),
 * but a card's cells and deviations come from the worker as the cursor nears them: a 600k-row table's round has
 * ~6,000 candidates, and all their cards in one message took ~45 ms to deserialize on the page. Answering never
 * waits for a card (it needs the row only); the card shows "Reading…" in the rare case it is not here yet.
 */
import type { CandidateView, RoundView } from '../../worker/api';
import { engineApi } from '../engine';
import { useLab, type LabState } from '../store';
import { getLab, setLab } from './shared';

/** Cards kept ready ahead of the cursor, and behind it (for undo). */
const AHEAD = 12;
const BEHIND = 4;
/** Cards asked for at once. */
const BATCH = 32;
/** Cards kept around the cursor; others are dropped as it moves on. */
const KEEP = 64;

let inFlight: { view: RoundView; from: number } | null = null;

/** The first candidate index near the cursor whose card is neither here nor asked for, or -1. */
export function missingCard(s: Pick<LabState, 'round' | 'cards'>): number {
  const r = s.round;
  if (!r) return -1;
  const have = s.cards?.view === r.view ? s.cards.byIndex : null;
  const from = Math.max(0, r.cursor - BEHIND);
  const to = Math.min(r.view.rows.length, r.cursor + AHEAD);
  for (let i = from; i < to; i++) if (!have?.has(i)) return i;
  return -1;
}

/** Adds cards [from, from + got.length) of `view`, dropping those far from the cursor. */
export function withCards(s: Pick<LabState, 'round' | 'cards'>, view: RoundView, from: number, got: CandidateView[]): LabState['cards'] {
  const r = s.round;
  if (!r || r.view !== view) return s.cards;
  const next = new Map(s.cards?.view === view ? s.cards.byIndex : []);
  got.forEach((c, i) => next.set(from + i, c));
  for (const i of next.keys()) if (i < r.cursor - KEEP || i > r.cursor + KEEP) next.delete(i);
  return { view, byIndex: next };
}

async function loadNear(): Promise<void> {
  const s = getLab();
  const from = missingCard(s);
  if (from < 0 || !s.round) return;
  const view = s.round.view;
  if (inFlight?.view === view && inFlight.from === from) return;
  inFlight = { view, from };
  try {
    const got = await engineApi().candidateCards(view.round, from, BATCH);
    // Setting them runs loadNear again (the subscription below) for a cursor that moved on meanwhile; while this
    // request is still marked in flight, that pass does not ask for the same cards twice.
    if (got.length) setLab((now) => ({ cards: withCards(now, view, from, got) }));
  } catch {
    // A lost engine is reported elsewhere; the card keeps saying it is reading, and answering still works.
  } finally {
    if (inFlight?.view === view && inFlight.from === from) inFlight = null;
  }
}

let started = false;

/** Keeps the cards near the cursor loaded for as long as the page lives. */
export function startCardLoading(): void {
  if (started) return;
  started = true;
  useLab.subscribe((s, prev) => {
    if (s.round !== prev.round || s.cards !== prev.cards) void loadNear();
  });
}
