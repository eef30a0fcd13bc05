/** The engine worker's calls about the table: reading a file, its rows, and the features the columns make. */
import { buildFeatures, type ColumnInfo } from '../core/data/schema';
import { applyMinMax, fitMinMax } from '../core/data/scale';
import type { EngineApi, FeatureSummary, TableSummary } from './api';
import { loadTable } from './intake';
import { rethrow } from './rethrow';
import type { WorkerState } from './state';

export function tableCalls(state: WorkerState): Pick<EngineApi, 'loadFile' | 'getRows' | 'prepare'> {
  return {
    async loadFile(file, name, onProgress, opts) {
      try {
        state.table = await loadTable(file, name, onProgress, opts);
        state.prepared = null;
        state.finalScores = state.latestScores = null;
        state.view.set(null);
        return state.table.summary satisfies TableSummary;
      } catch (e) {
        rethrow(e);
      }
    },
    async getRows(start, count) {
      if (!state.table) return [];
      const src = state.table.source;
      const end = Math.min(src.rowCount, start + count);
      const out: string[][] = [];
      for (let r = Math.max(0, start); r < end; r++) out.push(src.header.map((_, c) => String(src.cell(r, c))));
      return out;
    },
    async prepare(columns: ColumnInfo[], labelColumn, positiveValue) {
      if (!state.table) throw new Error('Load a table first.');
      try {
        const f = buildFeatures(state.table.source, columns, labelColumn, { positiveValue });
        // One copy of the features: the scaled matrix (the unscaled one is dropped once scaled).
        const scale = fitMinMax(f.X);
        state.prepared = {
          scaled: applyMinMax(f.X, scale),
          scale,
          y: f.y,
          featureNames: f.featureNames,
          featureSources: f.featureSources,
          encoding: f.encoding,
        };
        state.trained = null;
        let outliers: number | null = null;
        if (f.y) outliers = f.y.reduce((a, b) => a + b, 0);
        return {
          rows: f.X.rows,
          features: f.X.cols,
          featureNames: f.featureNames,
          imputed: f.imputed,
          missingCells: f.missingCells,
          hasTruth: f.y != null,
          outliersInTruth: outliers,
          messages: f.messages,
        } satisfies FeatureSummary;
      } catch (e) {
        rethrow(e);
      }
    },
  };
}
