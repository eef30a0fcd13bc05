/** Scoring another table with the run's deterministic scorer, in the worker, a chunk of rows at a time. */
import { describeReport, retypedCheck, rowEncoder, type ColumnEncoding } from '../core/data/featureEncoding';
import { matrix } from '../core/data/matrix';
import type { MinMax } from '../core/data/scale';
import type { TableSource } from '../core/data/table';
import { spearman, topOverlap } from '../core/score/agreement';
import { scorerFromRun } from '../core/score/fromRun';
import { scoreEncoded, ScorerError, type ScoringModel } from '../core/score/scorer';
import type { ScoredTableSummary, ScoringAgreement, TrainedModel } from './api';

/** The score column's note in the export. */
export const SCORED_SOURCE = 'deterministic scorer (final weights, fixed noise)';

const CHUNK_ROWS = 2000;
/** The run's top rows the agreement counts (the "9 of the top 20"). */
export const AGREEMENT_TOP = 20;

interface PreparedTable {
  /** The training features' min-max ranges. */
  scale: MinMax;
  featureNames: string[];
  encoding: ColumnEncoding[];
}

/** The scorer of the run over the current column choices; a clear message when there is none or it does not fit. */
export function scorerFor(prepared: PreparedTable | null, model: TrainedModel | null): ScoringModel {
  if (!prepared || !model) throw new Error('Finish a run first: the model is the one a run trains.');
  try {
    return scorerFromRun({
      scale: prepared.scale,
      columns: prepared.encoding,
      featureNames: prepared.featureNames,
      config: model.config,
      state: model.state,
    });
  } catch (e) {
    if (e instanceof ScorerError)
      throw new Error(
        'The column choices changed since the run, so its model does not fit them. Run again with these columns, or choose the columns of the run.',
      );
    throw e;
  }
}

/** Encodes and scores every row, CHUNK_ROWS at a time, yielding between chunks so the worker stays responsive. */
export async function scoreInChunks(
  m: ScoringModel,
  src: TableSource,
  onProgress?: (fraction: number) => void,
): Promise<{ scores: Float32Array; messages: string[] }> {
  const enc = rowEncoder(src.header, m.columns);
  const scores = new Float32Array(src.rowCount);
  const chunk = matrix(Math.min(CHUNK_ROWS, src.rowCount), enc.width);
  for (let start = 0; start < src.rowCount; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, src.rowCount - start);
    for (let i = 0; i < n; i++) enc.encode((c) => src.cell(start + i, c), chunk.data, i * enc.width);
    // The first chunk settles whether a numeric column now holds text: say it before scoring everything.
    if (start === 0) retypedCheck(enc.report, m.columns);
    scores.set(scoreEncoded(m, { data: chunk.data.subarray(0, n * enc.width), rows: n, cols: enc.width }), start);
    onProgress?.(Math.min(1, (start + n) / src.rowCount));
    await new Promise((r) => setTimeout(r, 0));
  }
  retypedCheck(enc.report, m.columns);
  return { scores, messages: describeReport(enc.report) };
}

/**
 * When the scored table is the run's own (the same header and number of rows): how the scorer's ranking agrees with
 * the run's final score, row for row. Null for another table, or when there is no final score to compare with.
 */
export function agreementWithRun(
  scored: { header: readonly string[]; scores: Float32Array },
  run: { header: readonly string[]; scores: Float32Array | null },
): ScoringAgreement | null {
  const { scores } = scored;
  if (!run.scores || run.scores.length !== scores.length || scores.length < 2) return null;
  if (scored.header.length !== run.header.length || scored.header.some((h, i) => h !== run.header[i])) return null;
  const top = Math.min(AGREEMENT_TOP, scores.length);
  return { rho: spearman(scores, run.scores), top, sharedTop: topOverlap(scores, run.scores, top) };
}

/** What the page shows of a scored table: its rows, the encoding's messages, the scores' range, the agreement. */
export function scoredSummary(
  fileName: string,
  scores: Float32Array,
  messages: string[],
  agreement: ScoringAgreement | null,
): ScoredTableSummary {
  let min = Infinity;
  let max = -Infinity;
  for (const v of scores) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return { fileName, rows: scores.length, messages, min, max, agreement };
}
