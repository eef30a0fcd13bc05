/** Reading a table (the demo or the analyst's file) and building its features from the column choices. */
import { fileTooLargeMessage } from '../../core/data/budgets';
import type { DateParts } from '../../core/data/dates';
import type { NumberFormatId } from '../../core/data/numberFormat';
import { isFeatureKind } from '../../core/data/schema';
import { engineApi } from '../engine';
import { proxy } from '../../worker/bridge';
import { FRESH_RUN, isRunActive } from '../store';
import { openTable } from './persistence';
import { getLab, messageOf, setLab } from './shared';

export const DEMO_FILE = 'cardio.csv';

/**
 * Set as soon as the analyst's own table (a picked or dropped file, a resumed session) is claimed: from
 * then on the demo never loads, however late its download finishes.
 */
let userTableClaimed = false;

export async function loadDemo(): Promise<void> {
  if (userTableClaimed) return;
  try {
    const res = await fetch(`./demo/${DEMO_FILE}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const blob = await res.blob();
    if (userTableClaimed) return;
    await readTable(blob, DEMO_FILE, true);
  } catch (e) {
    if (!getLab().table && !userTableClaimed)
      setLab({
        intake: {
          status: 'error',
          fraction: 0,
          fileName: DEMO_FILE,
          error: `The demo table could not be loaded (${messageOf(e)}). Drop a file instead.`,
        },
      });
  }
}

/** How a read ended: the table is on the page, it could not be read, or a newer read (or none) took its place. */
export type ReadOutcome = 'opened' | 'failed' | 'superseded';

/** Reads the analyst's file; `runLeft`: the run going on was left for it (session/openFile.ts). */
export function loadFile(file: File, opts: { runLeft?: boolean } = {}): Promise<ReadOutcome> {
  return readTable(file, file.name, false, opts);
}

/** The table on screen, kept so a workbook can be read again with another sheet. */
let shownTable: { blob: Blob; name: string; isDemo: boolean } | null = null;

export async function chooseSheet(sheet: number): Promise<void> {
  if (shownTable) await readTable(shownTable.blob, shownTable.name, shownTable.isDemo, { sheet });
}

let loadToken = 0;

/** A newer load (a file, a restored session) wins: older ones drop their result. */
export function claimIntake(fileName: string, isDemo = false): number {
  if (!isDemo) userTableClaimed = true;
  setLab({ intake: { status: 'loading', fraction: 0, fileName, error: null } });
  return ++loadToken;
}

export function isCurrentIntake(token: number): boolean {
  return token === loadToken;
}

/**
 * Worker loads run one after another: the worker keeps one table, and two loads in flight at once
 * would leave whichever finished last.
 */
let intakeChain: Promise<unknown> = Promise.resolve();

export function chainIntake<T>(task: () => Promise<T>): Promise<T> {
  const next = intakeChain.then(task, task);
  intakeChain = next.catch(() => {});
  return next;
}

async function readTable(
  blob: Blob,
  name: string,
  isDemo: boolean,
  opts: { sheet?: number; runLeft?: boolean } = {},
): Promise<ReadOutcome> {
  if ((isRunActive(getLab()) && !opts.runLeft) || getLab().restore.status === 'busy' || (isDemo && userTableClaimed)) return 'superseded';
  // Checked on the page too, before a byte is read, so a huge file never reaches the worker.
  const tooLarge = fileTooLargeMessage(name, blob.size);
  if (tooLarge) {
    setLab({ intake: { status: 'error', fraction: 0, fileName: name, error: tooLarge } });
    return 'failed';
  }
  const token = claimIntake(name, isDemo);
  let shown = 0;
  const onFraction = (f: number) => {
    // Big files report thousands of chunks: re-render only on visible change.
    if (token !== loadToken || (f < 1 && f - shown < 0.01)) return;
    shown = f;
    setLab((s) => ({ intake: { ...s.intake, fraction: f } }));
  };
  try {
    const table = await chainIntake(() => engineApi().loadFile(blob, name, proxy(onFraction), { sheet: opts.sheet }));
    if (token !== loadToken) return 'superseded';
    shownTable = { blob, name, isDemo };
    // The open session is saved and closed with its own state before this table's state replaces it.
    await openTable(blob, name, isDemo, (session) =>
      setLab({
        session,
        table,
        isDemo,
        columns: table.columns.map((c) => ({ ...c })),
        labelColumn: table.proposedLabel,
        outlierValue: '',
        features: null,
        // Its features are built next: no earlier table's prepare state stands for it meanwhile.
        prepare: { status: 'busy', error: null },
        simulatedOracle: false,
        intake: { status: 'ready', fraction: 1, fileName: name, error: null },
        ...FRESH_RUN,
      }),
    );
    if (token !== loadToken) return 'superseded';
    await prepareFeatures();
    return 'opened';
  } catch (e) {
    // The worker keeps the previous table on failure, and so does the page.
    if (token !== loadToken) return 'superseded';
    setLab({ intake: { status: 'error', fraction: 0, fileName: name, error: messageOf(e) } });
    return 'failed';
  }
}

export function dismissIntakeError(): void {
  setLab((s) => ({ intake: { ...s.intake, status: s.table ? 'ready' : 'idle', error: null } }));
}

let prepareToken = 0;
let prepareTimer: ReturnType<typeof setTimeout> | null = null;

/** A restored session prepares its own features: earlier prepare calls drop their result. */
export function claimPrepare(): void {
  prepareToken++;
  if (prepareTimer) clearTimeout(prepareTimer);
  prepareTimer = null;
}

/** Builds the feature matrix from the current column choices; a newer call wins. */
export async function prepareFeatures(): Promise<void> {
  const s = getLab();
  if (!s.table) return;
  const token = ++prepareToken;
  setLab({ prepare: { status: 'busy', error: null } });
  try {
    const features = await chainIntake(() => engineApi().prepare(s.columns, s.labelColumn, s.outlierValue.trim() || undefined));
    if (token !== prepareToken) return;
    setLab((st) => ({ features, prepare: { status: 'ready', error: null }, simulatedOracle: features.hasTruth && st.simulatedOracle }));
  } catch (e) {
    if (token === prepareToken) setLab({ features: null, prepare: { status: 'error', error: messageOf(e) }, simulatedOracle: false });
  }
}

/** Several quick toggles make one prepare call. */
function prepareSoon(): void {
  setLab({ prepare: { status: 'busy', error: null } });
  if (prepareTimer) clearTimeout(prepareTimer);
  prepareTimer = setTimeout(() => {
    prepareTimer = null;
    void prepareFeatures();
  }, 250);
}

export function setColumnIncluded(index: number, included: boolean): void {
  if (isRunActive(getLab())) return;
  setLab((s) => ({ columns: s.columns.map((c) => (c.index === index ? { ...c, included } : c)) }));
  prepareSoon();
}

export function setAllColumnsIncluded(included: boolean): void {
  if (isRunActive(getLab())) return;
  setLab((s) => ({
    columns: s.columns.map((c) => ({ ...c, included: included && c.index !== s.labelColumn && isFeatureKind(c.kind) })),
  }));
  prepareSoon();
}

export function setLabelColumn(index: number | null): void {
  if (isRunActive(getLab())) return;
  // The ground truth must never also be a feature.
  setLab((s) => ({
    labelColumn: index,
    outlierValue: '',
    columns: s.columns.map((c) => (c.index === index ? { ...c, included: false } : c)),
  }));
  prepareSoon();
}

/** The analyst's reading of a column's numbers (decimal comma, thousands separator...). */
export function setNumberFormat(index: number, numberFormat: NumberFormatId): void {
  if (isRunActive(getLab())) return;
  setLab((s) => ({ columns: s.columns.map((c) => (c.index === index ? { ...c, numberFormat, kind: 'numeric' as const } : c)) }));
  prepareSoon();
}

/** Weekday / hour features of a date column, on top of its epoch days. */
export function setDateParts(index: number, parts: Partial<DateParts>): void {
  if (isRunActive(getLab())) return;
  setLab((s) => ({
    columns: s.columns.map((c) => (c.index === index ? { ...c, dateParts: { weekday: false, hour: false, ...c.dateParts, ...parts } } : c)),
  }));
  prepareSoon();
}

export function setOutlierValue(value: string): void {
  setLab({ outlierValue: value });
  prepareSoon();
}
