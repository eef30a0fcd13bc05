/**
 * Repair on load of sessions damaged by the switching fault of earlier versions: opening another table or session
 * wrote the new one's settings (columns, run state, answer count) into the meta record of the one that was open.
 * Its other records stayed its own: the table's bytes, the labels store (the record of every answer), the scores
 * and the checkpoint. So the meta is told damaged when it does not describe its own table, and rebuilt from what
 * survived; what cannot be known again (column choices, the run's settings, the open round) is said plainly.
 */
import type { ColumnInfo } from '../core/data/schema';
import type { SessionSnapshot } from './types';

/** The parts of the table read from the session's own bytes that a meta must agree with. */
export interface ReadTable {
  rows: number;
  columns: readonly ColumnInfo[];
  proposedLabel: number | null;
}

/** The meta describes this table: the same number of rows and the same column names in the same order. */
export function metaFitsTable(meta: SessionSnapshot['meta'], table: ReadTable): boolean {
  return (
    meta.rows === table.rows &&
    meta.columns.length === table.columns.length &&
    meta.columns.every((c, i) => c.name === table.columns[i].name)
  );
}

export interface Repaired {
  snapshot: SessionSnapshot;
  /** What was recovered and what was not, for the analyst. */
  message: string;
}

/** The snapshot rebuilt around its own table, answers and scores; null when its meta already fits. */
export function repairSnapshot(snap: SessionSnapshot, table: ReadTable): Repaired | null {
  if (metaFitsTable(snap.meta, table)) return null;
  const labels = snap.labels.filter((l) => Number.isInteger(l.row) && l.row >= 0 && l.row < table.rows);
  const scores = snap.results?.scores?.length === table.rows ? snap.results : null;
  const m = snap.meta;
  const meta: SessionSnapshot['meta'] = {
    ...m,
    rows: table.rows,
    columns: table.columns.map((c) => ({ ...c })),
    labelColumn: table.proposedLabel,
    outlierValue: '',
    form: {},
    simulatedOracle: false,
    // The run's settings were the other table's: the run is shown as stopped with its own scores, not resumed.
    run: { status: scores ? 'stopped' : 'idle', config: null, startedAt: m.run.startedAt, labelingMs: 0, error: null },
    roundLog: [],
    openRound: null,
    labelCount: labels.length,
  };
  const kept = [`your ${labels.length} answer${labels.length === 1 ? '' : 's'}`, ...(scores ? ['the scores'] : [])];
  const message =
    `This session's saved settings had been overwritten by another table's (a fault of an earlier version of IMLab, ` +
    `now fixed). Recovered from its own records: the table, ${kept.join(' and ')}. Not recoverable: your column ` +
    `choices, the run's settings and its open round, so the columns are read afresh and the run cannot continue. ` +
    `Export CSV keeps the answers; a new run starts without them.`;
  return { snapshot: { ...snap, meta, labels, results: scores ? { ...scores, final: null } : null, checkpoint: null }, message };
}
