/**
 * The trained model beyond this table: its deterministic scorer exported as ONNX, and another table scored with it
 * (both computed in the worker; the page passes the model it holds, so a restored session's model works too).
 */
import { downloadBlob, downloadText } from '../download';
import { engineApi } from '../engine';
import { proxy } from '../../worker/bridge';
import { baseName } from '../format';
import type { TrainedModel } from '../../worker/api';
import { IDLE_SCORING } from '../store';
import { memorySnapshot } from './persistence';
import { getLab, messageOf, setLab } from './shared';

/** The run's config and final state, when this page has them (a finished run, or a session opened with its checkpoint). */
function pageModel(): TrainedModel | null {
  const config = getLab().run.config;
  const checkpoint = memorySnapshot()?.checkpoint;
  return config && checkpoint ? { config, state: checkpoint.state } : null;
}

export async function exportOnnx(): Promise<void> {
  const s = getLab();
  if (!s.table) return;
  const bytes = await engineApi().exportOnnx(pageModel());
  downloadBlob(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
    `${baseName(s.table.fileName)}-imlab-model.onnx`,
  );
}

/** Scores another file with the model; its messages (ignored columns, unseen categories) or its error go to the store. */
export async function scoreAnotherTable(file: File): Promise<void> {
  setLab({ scoring: { ...IDLE_SCORING, status: 'busy', fileName: file.name } });
  const onFraction = (fraction: number) =>
    setLab((st) => (st.scoring.fileName === file.name ? { scoring: { ...st.scoring, fraction } } : {}));
  try {
    const result = await engineApi().scoreTable(file, file.name, pageModel(), proxy(onFraction));
    setLab({ scoring: { status: 'done', fileName: file.name, fraction: 1, result, error: null } });
  } catch (e) {
    setLab({ scoring: { ...IDLE_SCORING, status: 'error', fileName: file.name, error: messageOf(e) } });
  }
}

export async function exportScoredCsv(): Promise<void> {
  const name = getLab().scoring.result?.fileName;
  if (!name) return;
  downloadText(await engineApi().exportScoredCsv(), `${baseName(name)}-imlab-scored.csv`, 'text/csv;charset=utf-8');
}
