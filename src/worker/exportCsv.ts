import type { TableSource } from '../core/data/schema';
import { answerRanks, rankRows } from '../core/scoreIndex';
import { yieldToLoop } from '../core/train/control';
import type { LabelEntry } from './api';

/** A string that is wholly a finite decimal number: `-2.5` and `-1e-3` stay numbers, `-2+3+cmd|…` does not. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The one way a cell is written: RFC 4180 quoting, and OWASP's CSV-injection defence, since a spreadsheet runs
 * text starting with = + - @ tab or CR as a formula: such text gets a leading apostrophe inside a quoted field.
 */
export function csvCell(v: string): string {
  if (/^[=+\-@\t\r]/.test(v) && !PLAIN_NUMBER.test(v)) return `"'${v.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Text pieces of about this many characters: a 600k-row export never becomes one giant string, and each piece is
 * small enough for V8's young generation (strings over ~128 kB go to the large-object space, freed only by a full
 * collection: 128k-character pieces left tens of MB of dead text in the worker during a 64 MB export).
 */
const CHUNK_CHARS = 1 << 15;

/**
 * The original rows plus IMLab's columns, as CSV text in pieces (join them, or hand them to a Blob).
 * `imlab_rank` is the final ranking, the one the score table shows: the answered outliers first and the answered
 * inliers last, since the answers are facts; `imlab_score` and `imlab_model_rank` are the model's own view, unchanged.
 */
export function* exportChunks(
  src: TableSource,
  scores: ArrayLike<number> | null,
  posteriors: ArrayLike<number> | null,
  labels: LabelEntry[],
  /** Which scores these are (e.g. the warm-up's, when IMBoost's guard rolled back); a column when given. */
  scoreSource: string | null = null,
): Generator<string> {
  const byRow = new Map<number, LabelEntry>();
  for (const l of labels) byRow.set(l.row, l);
  const ranked = scores ? rankedWithAnswers(Float32Array.from(scores), byRow) : null;
  const extra = [
    'imlab_score',
    'imlab_inlier_posterior',
    'imlab_rank',
    'imlab_model_rank',
    'imlab_label',
    'imlab_label_source',
    'imlab_labeled_at',
  ];
  if (scoreSource) extra.push('imlab_score_source');
  // Lines gathered in an array and joined once per piece: a flat string, not a rope of thousands of parts.
  let lines: string[] = [[...src.header, ...extra].map(csvCell).join(',')];
  let chars = lines[0].length;
  for (let r = 0; r < src.rowCount; r++) {
    const cells: string[] = [];
    for (let c = 0; c < src.header.length; c++) cells.push(String(src.cell(r, c)));
    const l = byRow.get(r);
    cells.push(
      scores ? String(scores[r]) : '',
      posteriors ? String(posteriors[r]) : '',
      ranked ? String(ranked.ranks[r]) : '',
      ranked ? String(ranked.model[r]) : '',
      l ? (l.label === 1 ? 'outlier' : 'inlier') : '',
      // From the saved session, which a tampered file can fill with a formula, a comma or a newline.
      l ? String(l.source) : '',
      // (A tampered time would make toISOString throw and lose the whole export.)
      l && Number.isFinite(new Date(l.time).getTime()) ? new Date(l.time).toISOString() : '',
    );
    if (scoreSource) cells.push(scoreSource);
    // Every cell through csvCell, IMLab's own columns too: none is trusted to be safe text.
    const line = cells.map(csvCell).join(',');
    lines.push(line);
    chars += line.length + 1;
    if (chars >= CHUNK_CHARS) {
      // The trailing newline from the join itself: `join() + '\n'` would be a second string of the piece's size.
      lines.push('');
      yield lines.join('\n');
      lines = [];
      chars = 0;
    }
  }
  if (lines.length) lines.push('');
  yield lines.join('\n');
}

function rankedWithAnswers(scores: Float32Array, byRow: ReadonlyMap<number, LabelEntry>) {
  const codes = new Int8Array(scores.length).fill(-1);
  for (const [row, l] of byRow) if (row < codes.length) codes[row] = l.label;
  const model = rankRows(scores);
  return { model, ranks: answerRanks(scores, codes, model) };
}

/**
 * The export as a Blob made one piece at a time: each piece's text becomes a small Blob at once (its bytes
 * go to the browser's blob store) and is dropped, so at most one piece is ever held as a string.
 */
export async function exportBlob(...args: Parameters<typeof exportChunks>): Promise<Blob> {
  const parts: Blob[] = [];
  for (const chunk of exportChunks(...args)) {
    parts.push(new Blob([chunk]));
    // A turn of the event loop after each piece: its bytes leave for the browser and the garbage is collected as
    // the export goes (without it the worker's memory rose by ~120 MB at 600k rows; docs/benchmarks.md).
    await yieldToLoop();
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** The whole export as one string (small tables, tests). */
export function buildExport(...args: Parameters<typeof exportChunks>): string {
  return [...exportChunks(...args)].join('');
}
