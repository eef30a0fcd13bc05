/** Downloads: the table with IMLab's columns (built in the worker) and the session as one .imlab file. */
import { downloadBlob } from '../download';
import { engineApi } from '../engine';
import { baseName } from '../format';
import packageJson from '../../../package.json?raw';
import { fullSnapshot } from './persistence';
import { getLab } from './shared';
import { RANKING_NAMES, rankingName, withMean, type GuardView, type RankingView } from '../../core/session';

const ENGINE_VERSION: string = (JSON.parse(packageJson) as { version: string }).version;

/**
 * What the exported scores are: the polarized model's, the warm-up's after the guard rolled back, or what the answers'
 * stage put in their place (a forest on the answers, its blend with the model's score, or the contrast stage).
 */
export function scoreSourceOf(r: { guard?: GuardView | null; ranking?: RankingView | null } | null | undefined): string | null {
  const ranking = r?.ranking;
  if (ranking && ranking.choice !== 'prior') return rankingName(ranking.choice, ranking.meanShare);
  const model = !r?.guard ? null : r.guard.choice === 'warmup' ? 'warm-up (the guard rolled back)' : 'polarized';
  // The model's score mixed with the mean rank: the model's part named as the guard left it.
  if (ranking?.meanShare) return `${model ?? RANKING_NAMES.prior} ${withMean(ranking.meanShare)}`;
  return model;
}

export async function exportCsv(): Promise<void> {
  const s = getLab();
  if (!s.table) return;
  const blob = await engineApi().exportCsv([...s.labels.values()], scoreSourceOf(s.result));
  downloadBlob(blob, `${baseName(s.table.fileName)}-imlab.csv`);
}

/**
 * The whole session as one versioned file (persist/sessionFile.ts): the table's bytes, the column choices, the
 * config, every label with its time and source, the checkpoint and the scores. "Open session" resumes it anywhere.
 */
export async function exportSession(): Promise<void> {
  const s = getLab();
  const snap = await fullSnapshot();
  if (!s.table || !snap) return;
  const summary = {
    fileName: s.table.fileName,
    rows: s.table.rows,
    backend: s.backend,
    labelColumn: s.labelColumn == null ? null : s.table.header[s.labelColumn],
    status: s.run.status,
    labels: snap.labels.length,
    auc: s.result?.auc ?? null,
    ap: s.result?.ap ?? null,
    scoreSource: scoreSourceOf(s.result),
    guard: s.result?.guard ?? null,
    ranking: s.result?.ranking ?? null,
  };
  // The zip writer loads with the first export: the page's boot does not pay for it.
  const { encodeSessionFile, SESSION_FILE_EXTENSION } = await import('../../persist/sessionFile');
  const bytes = await encodeSessionFile(snap, { engineVersion: ENGINE_VERSION, summary });
  downloadBlob(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
    `${baseName(s.table.fileName)}-session${SESSION_FILE_EXTENSION}`,
  );
}
