/**
 * Bringing a session back: after a reload (from IndexedDB) or after the engine crashed (from the
 * page's memory, into a fresh worker). Both read the table's bytes again, prepare the same columns,
 * put back labels, rounds, charts and scores exactly, and continue training from the checkpoint.
 */
import * as idb from '../../persist/db';
import { claimSession, type Ownership } from '../../persist/ownership';
import type { SavedResults, SessionSnapshot } from '../../persist/types';
import type { LabelEntry, RunDone } from '../../worker/api';
import { engineApi, restartEngine } from '../engine';
import { proxy } from '../../worker/bridge';
import { EMPTY_SERIES, type ProgressSeries } from '../../core/progressSeries';
import { FRESH_RUN, isRunActive, useLab, type LabState, type RunState } from '../store';
import { initBackend } from './backend';
import { chainIntake, claimIntake, claimPrepare, isCurrentIntake, loadDemo } from './intake';
import { readSessionFile } from '../../persist/readSessionFile';
import type { SessionFileBudget } from '../../persist/sessionFileBudget';
import { fileTooLargeMessage, MAX_FILE_BYTES } from '../../core/data/budgets';
import { isQuotaError } from '../../persist/quota';
import { repairSnapshot } from '../../persist/repair';
import { adoptSession, fullSnapshot, importSession } from './persistence';
import { noteOpenFailure, refreshSaved } from './savedList';
import { abandonRun, leaveRun, startResumedRun } from './run';
import { getLab, messageOf, setLab } from './shared';

/** Opens a saved session in this tab. Another tab holding it gets asked first, unless `steal`. */
export async function resumeSession(id: string, opts: { steal?: boolean } = {}): Promise<void> {
  const s = getLab();
  if (s.restore.status === 'busy') return;
  setLab({ restore: { status: 'busy', id, message: null } });
  let owner: Ownership | null = null;
  try {
    owner = await claimSession(id, { steal: opts.steal });
    if (!owner) {
      setLab({
        restore: {
          status: 'elsewhere',
          id,
          message: 'This session is open in another tab. Take it over here? The other tab stops training and saving it.',
        },
      });
      return;
    }
    const snap = await idb.loadSession(id);
    if (!snap) {
      owner.release();
      setLab({
        restore: { status: 'error', id, message: 'This saved session is incomplete (its table is missing) and cannot be opened.' },
      });
      return;
    }
    const repaired = await applySnapshot(snap, owner);
    noteOpenFailure(id, null);
    setLab({
      restore: repaired ? { status: 'error', id, message: repaired } : { status: 'idle', id: null, message: null },
      resumeOffer: null,
    });
  } catch (e) {
    owner?.release();
    const message = `The session could not be opened: ${messageOf(e)}`;
    noteOpenFailure(id, message);
    // The data panel goes back to the table on the page (it said "Reading ..." of the failed one).
    setLab((st) => ({
      restore: { status: 'error', id, message },
      intake: st.table
        ? { status: 'ready', fraction: 1, fileName: st.table.fileName, error: null }
        : { status: 'idle', fraction: 0, fileName: null, error: null },
    }));
  }
  void refreshSaved();
}

/**
 * What opening an .imlab file may cost: its table as big as a table opened alone, everything in it twice that, its
 * description (the JSON beside the arrays) 64 MB. Checked on the sizes the zip declares, before any is inflated.
 */
const SESSION_FILE_BUDGET: SessionFileBudget = {
  maxTableBytes: MAX_FILE_BYTES,
  maxTotalBytes: 2 * MAX_FILE_BYTES,
  maxManifestBytes: 64 * 2 ** 20,
};
/** Unpacking a session file within the budget takes seconds; one that takes longer is stopped. */
const SESSION_FILE_TIME_LIMIT_MS = 60_000;

/**
 * "Open session": an .imlab file (persist/sessionFile.ts) is unpacked and checked in a worker of its own
 * (persist/readSessionFile.ts), saved in this browser only when whole, then opened and resumed like any saved
 * session. Old JSON summaries, files of a newer IMLab, other files and files over the budget get a sentence that
 * says what they are; nothing of a refused file is saved.
 */
export async function openSessionFile(file: File): Promise<void> {
  if (getLab().restore.status === 'busy') return;
  const refuse = (why: string) => setLab({ restore: { status: 'error', id: null, message: `${file.name} could not be opened: ${why}` } });
  const tooLarge = fileTooLargeMessage(file.name, file.size);
  if (tooLarge) return void setLab({ restore: { status: 'error', id: null, message: tooLarge } });
  setLab({ restore: { status: 'busy', id: null, message: null } });
  let id: string;
  try {
    const snapshot = await readSessionFile(file, SESSION_FILE_BUDGET, SESSION_FILE_TIME_LIMIT_MS);
    id = await importSession(snapshot);
  } catch (e) {
    refuse(isQuotaError(e) ? 'there is no room left in this browser’s storage to keep it.' : messageOf(e));
    return;
  }
  setLab({ restore: { status: 'idle', id: null, message: null } });
  await resumeSession(id);
}

export function dismissRestoreMessage(): void {
  setLab({ restore: { status: 'idle', id: null, message: null } });
}

export function dismissResumeOffer(): void {
  setLab({ resumeOffer: null });
}

/**
 * After a crash: a new worker, the table read again from the bytes the page kept (the same bytes
 * saved in IndexedDB), the same columns, then the run from its last checkpoint with every label.
 */
export async function continueAfterCrash(): Promise<void> {
  if (getLab().worker.status !== 'lost') return;
  setLab({ worker: { status: 'restarting', message: null } });
  let snap: SessionSnapshot | null;
  try {
    snap = await fullSnapshot();
  } catch (e) {
    setLab({ worker: { status: 'lost', message: `The session could not be restarted: ${messageOf(e)}. Reload the page to resume it.` } });
    return;
  }
  restartEngine();
  await initBackend(getLab().backendChoice);
  if (getLab().backendStatus !== 'ready') {
    setLab({ worker: { status: 'lost', message: 'The compute engine could not start again. Reload the page: your session is saved.' } });
    return;
  }
  setLab({ worker: { status: 'ok', message: null } });
  if (!snap) {
    await loadDemo(); // the engine died before any table was read
    return;
  }
  await putBack(snap);
}

/**
 * The open session back into the engine, from the state it saved: after a table that could not be read replaced
 * nothing (its run was left for it, session/openFile.ts).
 */
export async function reopenOpenSession(): Promise<void> {
  let snap: SessionSnapshot | null;
  try {
    snap = await fullSnapshot();
  } catch (e) {
    setLab({
      restore: { status: 'error', id: null, message: `The session could not be restarted: ${messageOf(e)}. Reload the page to resume it.` },
    });
    return;
  }
  if (snap) await putBack(snap);
}

/** Puts the page's own session (a snapshot of it) back into the engine: the run goes on from its checkpoint. */
async function putBack(snap: SessionSnapshot): Promise<void> {
  try {
    setLab({ restore: { status: 'busy', id: snap.meta.id || null, message: null } });
    await applySnapshot(snap, null);
    setLab({ restore: { status: 'idle', id: null, message: null } });
  } catch (e) {
    setLab({ restore: { status: 'error', id: null, message: `The session could not be restarted: ${messageOf(e)}` } });
  }
}

/** Called when the worker dies on its own: the page keeps everything on screen and offers Continue. */
export function engineLost(message: string): void {
  abandonRun('engine-lost');
  setLab({ worker: { status: 'lost', message } });
}

/** Points after the checkpoint are trained again by the resumed run: drop them so none is doubled. */
function seriesUpTo(series: ProgressSeries, update: number): ProgressSeries {
  const points = series.points.filter((p) => p.update <= update);
  return points.length === series.points.length ? series : { ...series, points };
}

/**
 * Puts a session on screen and into the engine. `owner` is set for a session read from the database
 * (it becomes this tab's open session); null after a crash (the open session stays as it is).
 * Returns what a repair of a damaged record recovered (persist/repair.ts), or null.
 */
async function applySnapshot(saved: SessionSnapshot, owner: Ownership | null): Promise<string | null> {
  await leaveRun();
  const token = claimIntake(saved.meta.fileName);
  claimPrepare();
  const onFraction = (f: number) => {
    if (isCurrentIntake(token)) setLab((s) => ({ intake: { ...s.intake, fraction: f } }));
  };
  const table = await chainIntake(() => engineApi().loadFile(saved.file, saved.meta.fileName, proxy(onFraction)));
  if (!isCurrentIntake(token)) throw new Error('another table was opened meanwhile');
  const repair = owner ? repairSnapshot(saved, table) : null;
  const snap = repair?.snapshot ?? saved;
  const m = snap.meta;
  const features = await chainIntake(() => engineApi().prepare(m.columns, m.labelColumn, m.outlierValue.trim() || undefined));
  if (!isCurrentIntake(token)) throw new Error('another table was opened meanwhile');

  const active = isRunActive(m) && m.run.config != null;
  // Every method checkpoints (persist/migrate.ts drops one the run cannot trust).
  const ckpt = active ? snap.checkpoint : null;
  // Updates done at the checkpoint: the charts are cut there.
  const cut = ckpt?.updates ?? 0;
  // Without a checkpoint (no epoch finished yet) an active run starts over: its old charts, scores and
  // rounds would only be trained again.
  const results: SavedResults | null = active && !ckpt ? null : snap.results;
  const labels = new Map<number, LabelEntry>(snap.labels.map((l) => [l.row, l]));
  const series = results ? (ckpt ? seriesUpTo(results.series, cut) : results.series) : EMPTY_SERIES;
  const markers = results ? (ckpt ? results.markers.filter((mk) => mk.update <= cut) : results.markers) : [];
  const done = m.run.status === 'done' && results?.final && results.scores;
  const result: RunDone | null = done
    ? {
        scores: results.scores!,
        posteriors: results.final!.posteriors,
        auc: results.final!.auc,
        ap: results.final!.ap,
        seconds: results.final!.seconds,
        updates: results.final!.updates,
        guard: results.final!.guard,
        ranking: results.final!.ranking,
      }
    : null;
  // A run saved before the worker reported its config (onConfig) never trained: it is over.
  const unstarted = isRunActive(m) && !active;
  const run: RunState = {
    status: active ? 'starting' : unstarted || (m.run.status === 'done' && !result) ? 'stopped' : m.run.status,
    error: m.run.error,
    notice: null,
    config: m.run.config,
    startedAt: m.run.startedAt,
    labelingMs: m.run.labelingMs,
    elapsedOffsetMs: active ? (results?.progress?.elapsedMs ?? 0) : 0,
  };
  const next: Partial<LabState> = {
    ...FRESH_RUN,
    session: owner ? m.id : getLab().session,
    table,
    isDemo: m.isDemo,
    columns: m.columns,
    labelColumn: m.labelColumn,
    outlierValue: m.outlierValue,
    method: m.method,
    form: { ...getLab().form, ...m.form },
    simulatedOracle: m.simulatedOracle && features.hasTruth,
    features,
    prepare: { status: 'ready', error: null },
    intake: { status: 'ready', fraction: 1, fileName: m.fileName, error: null },
    run,
    progress: results?.progress ?? null,
    series,
    markers,
    savedScores: results?.scores ?? null,
    roundLog: active && !ckpt ? [] : m.roundLog,
    labels,
    result,
  };
  // The session open before is saved and closed with its own state before this one's state replaces it.
  if (owner) await adoptSession(snap, owner, () => setLab(next));
  else setLab(next);
  // The saved scores become the worker's view (the table and histogram ask it); a resumed run replaces them.
  if (next.savedScores) {
    await engineApi().showScores(next.savedScores, result?.posteriors ?? null);
    setLab((s) => ({ scoreVersion: s.scoreVersion + 1 }));
  }
  const said = repair?.message ?? null;
  if (!active || !m.run.config) return said;

  // Training goes on once the backend is up (it may still be starting after a reload).
  await backendReady();
  if (getLab().backendStatus !== 'ready') {
    setLab((s) => ({ run: { ...s.run, status: 'stopped', notice: 'No compute backend could start, so training cannot continue here.' } }));
    return said;
  }
  await startResumedRun({
    config: m.run.config,
    simulatedOracle: m.simulatedOracle && features.hasTruth,
    labels: snap.labels,
    checkpoint: ckpt,
    openRound: m.openRound ? { round: m.openRound.round, cursor: m.openRound.cursor } : null,
    paused: m.run.status === 'paused',
  });
  return said;
}

function backendReady(): Promise<void> {
  return new Promise((resolve) => {
    if (getLab().backendStatus !== 'starting') return resolve();
    const stop = useLab.subscribe((s) => {
      if (s.backendStatus === 'starting') return;
      stop();
      resolve();
    });
  });
}
