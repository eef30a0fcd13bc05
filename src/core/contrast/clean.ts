/**
 * The clean set the contrast stage learns as inliers: every row the analyst confirmed as an inlier, plus the
 * `share` of the unanswered rows with the lowest warm-up scores (the rows the IM effect ranks most surely normal).
 * Rows answered outlier never enter.
 */
export function cleanRows(scores: ArrayLike<number>, labels: ArrayLike<number>, share: number): Int32Array {
  const open: number[] = [];
  const confirmed: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] === 0) confirmed.push(i);
    else if (labels[i] === -1) open.push(i);
  }
  // Ties by row index: the same set on every engine.
  open.sort((a, b) => scores[a] - scores[b] || a - b);
  const take = Math.min(open.length, Math.max(2, Math.round(share * open.length)));
  const out = [...confirmed, ...open.slice(0, take)].sort((a, b) => a - b);
  return Int32Array.from(out);
}
