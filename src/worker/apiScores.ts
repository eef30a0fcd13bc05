/** The engine worker's calls about scores: the views of them, the exports, and the model used beyond the table. */
import * as Comlink from 'comlink';
import { scorerToOnnx } from '../core/score/onnx';
import type { EngineApi, LabelEntry } from './api';
import { buildExport } from './exportCsv';
import { exportCsvFile } from './exportFile';
import { loadTable } from './intake';
import { rethrow } from './rethrow';
import { agreementWithRun, scoreInChunks, scoredSummary, scorerFor, SCORED_SOURCE } from './scoreTable';
import type { WorkerState } from './state';

type ScoreCalls =
  'scorePage' | 'scoreHistogram' | 'currentScores' | 'showScores' | 'exportCsv' | 'exportOnnx' | 'scoreTable' | 'exportScoredCsv';

export function scoreCalls(state: WorkerState): Pick<EngineApi, ScoreCalls> {
  const { view } = state;
  return {
    async scorePage(req) {
      return view.page(req, state.table?.source.rowCount ?? 0);
    },
    async scoreHistogram(candidates) {
      return view.histogram(candidates);
    },
    async currentScores() {
      const c = view.current;
      if (!c) return null;
      const out = { scores: c.scores.slice(), posteriors: c.posteriors?.slice() ?? null };
      return Comlink.transfer(out, [out.scores.buffer, ...(out.posteriors ? [out.posteriors.buffer] : [])]);
    },
    async showScores(scores, posteriors) {
      view.set(scores, posteriors);
    },
    async exportCsv(labels: LabelEntry[], source) {
      if (!state.table) throw new Error('Nothing to export yet.');
      // The scores the page shows: this run's latest or final, or a restored session's (showScores).
      const c = view.current;
      return exportCsvFile(state.table.source, c?.scores ?? null, c?.posteriors ?? null, labels, source);
    },
    async exportOnnx(model) {
      try {
        const scorer = scorerFor(state.prepared, model ?? state.trained);
        const bytes = scorerToOnnx(scorer, { producerVersion: 'IMLab', source: state.table?.summary.fileName });
        return Comlink.transfer(bytes, [bytes.buffer]);
      } catch (e) {
        rethrow(e);
      }
    },
    async scoreTable(file, name, model, onProgress) {
      try {
        const scorer = scorerFor(state.prepared, model ?? state.trained);
        const next = await loadTable(file, name);
        const { scores, messages } = await scoreInChunks(scorer, next.source, onProgress);
        state.scored = { table: next, scores };
        // Against the run's final scores (or a restored session's, when no run is under way) if this is their table.
        const runScores = state.finalScores ?? (state.run ? null : (view.current?.scores ?? null));
        const header = state.table?.source.header ?? [];
        const agreement = agreementWithRun({ header: next.source.header, scores }, { header, scores: runScores });
        return scoredSummary(name, scores, messages, agreement);
      } catch (e) {
        rethrow(e);
      }
    },
    async exportScoredCsv() {
      if (!state.scored) throw new Error('Score a table first.');
      return buildExport(state.scored.table.source, state.scored.scores, null, [], SCORED_SOURCE);
    },
  };
}
