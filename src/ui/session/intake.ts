/** Reading a table (the demo or the analyst's file) and building its features from the column choices. */
import { engineApi, proxy } from '../engine';
import { FRESH_RUN, isRunActive } from '../store';
import { get, messageOf, set } from './shared';

export const DEMO_FILE = 'cardio.csv';

export async function loadDemo(): Promise<void> {
  try {
    const res = await fetch(`./demo/${DEMO_FILE}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    await loadTable(await res.blob(), DEMO_FILE, true);
  } catch (e) {
    if (!get().table) set({ intake: { status: 'error', fraction: 0, fileName: DEMO_FILE, error: `The demo table could not be loaded (${messageOf(e)}). Drop a file instead.` } });
  }
}

export function loadFile(file: File): Promise<void> {
  return loadTable(file, file.name, false);
}

let loadToken = 0;

async function loadTable(blob: Blob, name: string, isDemo: boolean): Promise<void> {
  if (isRunActive(get())) return;
  const token = ++loadToken;
  set({ intake: { status: 'loading', fraction: 0, fileName: name, error: null } });
  let shown = 0;
  const onFraction = (f: number) => {
    // Big files report thousands of chunks: re-render only on visible change.
    if (token !== loadToken || (f < 1 && f - shown < 0.01)) return;
    shown = f;
    set((s) => ({ intake: { ...s.intake, fraction: f } }));
  };
  try {
    const table = await engineApi().loadFile(blob, name, proxy(onFraction));
    if (token !== loadToken) return;
    set({
      table,
      isDemo,
      columns: table.columns.map((c) => ({ ...c })),
      labelColumn: table.proposedLabel,
      outlierValue: '',
      features: null,
      simulatedOracle: false,
      intake: { status: 'ready', fraction: 1, fileName: name, error: null },
      ...FRESH_RUN,
    });
    await prepareFeatures();
  } catch (e) {
    // The worker keeps the previous table on failure, and so does the page.
    if (token === loadToken) set({ intake: { status: 'error', fraction: 0, fileName: name, error: messageOf(e) } });
  }
}

export function dismissIntakeError(): void {
  set((s) => ({ intake: { ...s.intake, status: s.table ? 'ready' : 'idle', error: null } }));
}

let prepareToken = 0;
let prepareTimer: ReturnType<typeof setTimeout> | null = null;

/** Builds the feature matrix from the current column choices; a newer call wins. */
export async function prepareFeatures(): Promise<void> {
  const s = get();
  if (!s.table) return;
  const token = ++prepareToken;
  set({ prepare: { status: 'busy', error: null } });
  try {
    const features = await engineApi().prepare(s.columns, s.labelColumn, s.outlierValue.trim() || undefined);
    if (token !== prepareToken) return;
    set((st) => ({ features, prepare: { status: 'ready', error: null }, simulatedOracle: features.hasTruth && st.simulatedOracle }));
  } catch (e) {
    if (token === prepareToken) set({ features: null, prepare: { status: 'error', error: messageOf(e) }, simulatedOracle: false });
  }
}

/** Several quick toggles make one prepare call. */
function prepareSoon(): void {
  set({ prepare: { status: 'busy', error: null } });
  if (prepareTimer) clearTimeout(prepareTimer);
  prepareTimer = setTimeout(() => {
    prepareTimer = null;
    void prepareFeatures();
  }, 250);
}

export function setColumnIncluded(index: number, included: boolean): void {
  if (isRunActive(get())) return;
  set((s) => ({ columns: s.columns.map((c) => (c.index === index ? { ...c, included } : c)) }));
  prepareSoon();
}

export function setAllColumnsIncluded(included: boolean): void {
  if (isRunActive(get())) return;
  set((s) => ({
    columns: s.columns.map((c) => ({ ...c, included: included && c.index !== s.labelColumn && (c.kind === 'numeric' || c.kind === 'categorical') })),
  }));
  prepareSoon();
}

export function setLabelColumn(index: number | null): void {
  if (isRunActive(get())) return;
  // The ground truth must never also be a feature.
  set((s) => ({
    labelColumn: index,
    outlierValue: '',
    columns: s.columns.map((c) => (c.index === index ? { ...c, included: false } : c)),
  }));
  prepareSoon();
}

export function setOutlierValue(value: string): void {
  set({ outlierValue: value });
  prepareSoon();
}
