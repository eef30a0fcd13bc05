/**
 * Ranks and orders for the score table. Only native typed-array sorts and linear passes, so 100k rows
 * take a few milliseconds on the main thread (a comparator sort would take ten times longer).
 */

/** Rank of every row, 1 = most outlying; ties share the best rank; NaN ranks last. */
export function rankRows(scores: Float32Array): Int32Array {
  const n = scores.length;
  const sorted = Float32Array.from(scores).sort(); // ascending, NaN at the end
  let finite = n;
  while (finite > 0 && Number.isNaN(sorted[finite - 1])) finite--;
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (Number.isNaN(v)) {
      ranks[i] = n;
      continue;
    }
    // First position holding a value greater than v: everything from there on outranks v.
    let lo = 0;
    let hi = finite;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = finite - lo + 1;
  }
  return ranks;
}

/** Rows ordered by rank (most outlying first); equal ranks keep row order. Counting sort: O(n). */
export function orderByRank(ranks: Int32Array): Int32Array {
  const n = ranks.length;
  const start = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) start[ranks[i] + 1]++;
  for (let r = 1; r < start.length; r++) start[r] += start[r - 1];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[ranks[i]]++] = i;
  return order;
}

export type SortKey = 'score-desc' | 'score-asc' | 'row-asc' | 'row-desc';
export type LabelFilter = 'all' | 'inlier' | 'outlier' | 'unlabeled';

/** The rows the table shows, in display order. `labelOf` gives -1, 0 or 1 per row. */
export function visibleRows(n: number, byRank: Int32Array | null, sort: SortKey, filter: LabelFilter, labelOf: Int8Array): Int32Array {
  const wanted = filter === 'inlier' ? 0 : filter === 'outlier' ? 1 : filter === 'unlabeled' ? -1 : null;
  const base = sort.startsWith('score') && byRank ? byRank : null;
  const out = new Int32Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) {
    const row = base ? base[i] : i;
    if (wanted === null || labelOf[row] === wanted) out[c++] = row;
  }
  const rows = out.subarray(0, c);
  if (sort === 'score-asc' || sort === 'row-desc') rows.reverse();
  return rows;
}
