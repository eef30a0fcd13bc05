/**
 * A session's saved records, built from the page's state they describe: their id is the state's own session
 * (LabState.session), so a writer of another session refuses them (persist/sessionWriter.ts).
 */
import { SCHEMA_VERSION, type SavedResults, type SessionMeta } from '../../persist/types';
import type { LabState } from '../store';

/** What the state does not hold about its session: when it was made and from which file. */
export interface Describe {
  createdAt: number;
  fileName: string;
  fileSize: number;
  isDemo: boolean;
}

export function metaOf(s: LabState, c: Describe): SessionMeta {
  return {
    id: s.session ?? '',
    version: SCHEMA_VERSION,
    createdAt: c.createdAt,
    updatedAt: Date.now(),
    fileName: c.fileName,
    fileSize: c.fileSize,
    isDemo: c.isDemo,
    rows: s.table?.rows ?? 0,
    columns: s.columns,
    labelColumn: s.labelColumn,
    outlierValue: s.outlierValue,
    method: s.method,
    form: s.form,
    simulatedOracle: s.simulatedOracle,
    run: { status: s.run.status, config: s.run.config, startedAt: s.run.startedAt, labelingMs: s.run.labelingMs, error: s.run.error },
    roundLog: s.roundLog,
    openRound: s.round
      ? { round: s.round.view.round, rounds: s.round.view.rounds, cursor: s.round.cursor, openedAt: s.round.openedAt }
      : null,
    labelCount: s.labels.size,
  };
}

export function resultsOf(s: LabState): SavedResults {
  const r = s.result;
  return {
    id: s.session ?? '',
    scores: s.savedScores,
    final: r
      ? {
          posteriors: r.posteriors,
          auc: r.auc,
          ap: r.ap,
          seconds: r.seconds,
          updates: r.updates,
          guard: r.guard ?? null,
          ranking: r.ranking ?? null,
        }
      : null,
    progress: s.progress,
    series: s.series,
    markers: s.markers,
  };
}
