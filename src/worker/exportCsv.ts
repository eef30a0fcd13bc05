import type { TableSource } from '../core/data/schema';
import type { LabelEntry } from './api';

/** RFC 4180 quoting; text a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(v: string): string {
  let s = v;
  if (/^[=+@\t\r]/.test(s) || (/^-/.test(s) && !/^-[\d.]/.test(s))) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Ranks by score, 1 = most outlying; ties share the best rank. */
export function ranksOf(scores: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const rank = new Int32Array(scores.length);
  order.forEach((row, i) => {
    const prev = order[i - 1];
    rank[row] = i > 0 && scores[prev] === scores[row] ? rank[prev] : i + 1;
  });
  return rank;
}

/** The original rows plus IMLab's columns, as CSV text. */
export function buildExport(
  src: TableSource,
  scores: ArrayLike<number> | null,
  posteriors: ArrayLike<number> | null,
  labels: LabelEntry[],
  /** Which scores these are (e.g. the warm-up's, when IMBoost's guard rolled back); a column when given. */
  scoreSource: string | null = null,
): string {
  const byRow = new Map<number, LabelEntry>();
  for (const l of labels) byRow.set(l.row, l);
  const ranks = scores ? ranksOf(scores) : null;
  const extra = ['imlab_score', 'imlab_inlier_posterior', 'imlab_rank', 'imlab_label', 'imlab_label_source', 'imlab_labeled_at'];
  if (scoreSource) extra.push('imlab_score_source');
  const lines = [[...src.header, ...extra].map(csvCell).join(',')];
  for (let r = 0; r < src.rowCount; r++) {
    const cells: string[] = [];
    for (let c = 0; c < src.header.length; c++) cells.push(csvCell(String(src.cell(r, c))));
    const l = byRow.get(r);
    cells.push(
      scores ? String(scores[r]) : '',
      posteriors ? String(posteriors[r]) : '',
      ranks ? String(ranks[r]) : '',
      l ? (l.label === 1 ? 'outlier' : 'inlier') : '',
      l ? l.source : '',
      l ? new Date(l.time).toISOString() : '',
    );
    if (scoreSource) cells.push(csvCell(scoreSource));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
