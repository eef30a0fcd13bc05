/**
 * The list of saved sessions: read from the database (with each record's health), refreshed when a session's
 * records change here or in another tab, and deleting a session that is open nowhere.
 */
import * as idb from '../../persist/db';
import { announceSessionsChanged, heldSessions, onSessionsChanged } from '../../persist/ownership';
import { roundName, type SavedSessionInfo } from '../store';
import { getLab, messageOf, setLab } from './shared';

/** Sessions that failed to open in this page, and why: the list says it instead of failing again on Open. */
const failedToOpen = new Map<string, string>();

/** Remembers why a session could not be opened (shown in its list entry), or clears it after it opened. */
export function noteOpenFailure(id: string, message: string | null): void {
  if (message == null) failedToOpen.delete(id);
  else failedToOpen.set(id, message);
}

function entryOf(x: idb.ListedSession, held: Set<string>, openHere: string | null): SavedSessionInfo {
  const m = x.meta;
  const damaged =
    x.unopenable == null && x.labelsStored !== m.labelCount && m.id !== openHere
      ? `Its saved settings do not match its ${x.labelsStored} saved answer${x.labelsStored === 1 ? '' : 's'} ` +
        '(an earlier version of IMLab could write another table’s settings over them). Open repairs what the table and the answers allow.'
      : null;
  return {
    id: m.id,
    fileName: m.fileName,
    rows: m.rows,
    labels: m.id === openHere ? m.labelCount : x.labelsStored,
    status: m.run.status,
    round: m.openRound ? `${roundName(m.openRound)} open` : null,
    updatedAt: m.updatedAt,
    elsewhere: held.has(m.id) && m.id !== openHere,
    unopenable: x.unopenable,
    note: failedToOpen.get(m.id) ?? damaged,
  };
}

/** Reads the list again; `openHere` is the page's own session (never "open in another tab"). */
export async function refreshSaved(openHere: string | null = getLab().session): Promise<void> {
  try {
    const [listed, held] = await Promise.all([idb.listSessionsChecked(), heldSessions()]);
    setLab({ saved: listed.map((x) => entryOf(x, held, openHere)) });
  } catch (e) {
    setLab({ saved: [] });
    if (!(e instanceof Error && /not available/.test(e.message))) return;
    setLab((s) => ({
      persist: {
        ...s.persist,
        status: 'unavailable',
        message: 'This browser does not let IMLab store data (private mode?): sessions cannot be saved.',
      },
    }));
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** Many changes in a burst make one read of the list, shortly after the last one is written. */
export function refreshSavedSoon(openHere: string | null): void {
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshSaved(openHere);
  }, 400);
}

export async function deleteSaved(id: string): Promise<void> {
  if (id === getLab().session) return;
  const held = await heldSessions();
  if (held.has(id)) return; // open in another tab
  try {
    await idb.deleteSession(id);
    failedToOpen.delete(id);
  } catch (e) {
    setLab((s) => ({ persist: { ...s.persist, message: `The session could not be deleted (${messageOf(e)}).` } }));
  }
  setLab((s) => ({ resumeOffer: s.resumeOffer === id ? null : s.resumeOffer }));
  announceSessionsChanged();
  await refreshSaved();
}

/** Another tab changed the sessions: read the list again. */
export function watchSavedList(openHere: () => string | null): void {
  onSessionsChanged(() => void refreshSaved(openHere()));
}
