/** Downloads: the table with IMLab's columns (built in the worker) and the session as JSON. */
import { downloadBlob, downloadText } from '../download';
import { engineApi } from '../engine';
import { baseName } from '../format';
import packageJson from '../../../package.json?raw';
import { get } from './shared';
import type { GuardView } from '../../core/session';

const ENGINE_VERSION: string = (JSON.parse(packageJson) as { version: string }).version;

/** What the exported scores are: the polarized model's, or the warm-up's after the guard rolled back. */
export function scoreSourceOf(guard: GuardView | null | undefined): string | null {
  if (!guard) return null;
  return guard.choice === 'warmup' ? 'warm-up (the guard rolled back)' : 'polarized';
}

export async function exportCsv(): Promise<void> {
  const s = get();
  if (!s.table) return;
  const blob = await engineApi().exportCsv([...s.labels.values()], scoreSourceOf(s.result?.guard));
  downloadBlob(blob, `${baseName(s.table.fileName)}-imlab.csv`);
}

export function exportSession(): void {
  const s = get();
  if (!s.table) return;
  const session = {
    format: 'imlab-session',
    engineVersion: ENGINE_VERSION,
    savedAt: new Date().toISOString(),
    fileName: s.table.fileName,
    rows: s.table.rows,
    backend: s.backend,
    columns: s.columns.map((c) => ({ index: c.index, name: c.name, kind: c.kind, included: c.included })),
    labelColumn: s.labelColumn == null ? null : s.table.header[s.labelColumn],
    config: s.run.config,
    status: s.run.status,
    labels: [...s.labels.values()].map((l) => ({ ...l, time: new Date(l.time).toISOString() })),
    scores: s.scores ? Array.from(s.scores) : null,
    posteriors: s.result ? Array.from(s.result.posteriors) : null,
    auc: s.result?.auc ?? null,
    ap: s.result?.ap ?? null,
    scoreSource: scoreSourceOf(s.result?.guard),
    guard: s.result?.guard ?? null,
  };
  downloadText(JSON.stringify(session, null, 1), `${baseName(s.table.fileName)}-imlab-session.json`, 'application/json');
}
