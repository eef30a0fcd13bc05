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

/**
 * The final ranking: the analyst's answers are facts, so answered outliers (code 1) come first, unanswered rows
 * (-1, or past the end of `codes`) next and answered inliers (0) last, each group in the model's order (ties share
 * their best rank within the group; NaN last within it). The model's own ranks stay `rankRows`. With no answers the
 * two are equal. Pass the model's ranks and order when they are at hand: this pass is then linear.
 */
export function answerRanks(
  scores: Float32Array,
  codes: Int8Array,
  modelRanks: Int32Array = rankRows(scores),
  byModel: Int32Array = orderByRank(modelRanks),
): Int32Array {
  const n = scores.length;
  const groupOf = (r: number) => (codes[r] === 1 ? 0 : codes[r] === 0 ? 2 : 1);
  const size = [0, 0, 0];
  for (let r = 0; r < n; r++) size[groupOf(r)]++;
  const offset = [0, size[0], size[0] + size[1]];
  const seen = [0, 0, 0];
  const lastModel = [-1, -1, -1];
  const lastRank = [0, 0, 0];
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = byModel[i];
    const g = groupOf(r);
    seen[g]++;
    // Walking the model's order, a group's ties are adjacent within the group: they share the first one's rank.
    const within = Number.isNaN(scores[r]) ? size[g] : modelRanks[r] === lastModel[g] ? lastRank[g] : seen[g];
    lastModel[g] = modelRanks[r];
    lastRank[g] = within;
    ranks[r] = offset[g] + within;
  }
  return ranks;
}

/** 'rank': the final ranking (answerRanks); 'score': the model's scores alone. */
export type SortKey = 'rank-asc' | 'rank-desc' | 'score-desc' | 'score-asc' | 'row-asc' | 'row-desc';
export type LabelFilter = 'all' | 'inlier' | 'outlier' | 'unlabeled';

/**
 * The rows the table shows, in display order. `byRank` is the order the sort key names (the final ranking's for
 * 'rank', the model's for 'score'; ignored for 'row'). `labelOf` gives -1, 0 or 1 per row.
 */
export function visibleRows(n: number, byRank: Int32Array | null, sort: SortKey, filter: LabelFilter, labelOf: Int8Array): Int32Array {
  const wanted = filter === 'inlier' ? 0 : filter === 'outlier' ? 1 : filter === 'unlabeled' ? -1 : null;
  const base = !sort.startsWith('row') && byRank ? byRank : null;
  const out = new Int32Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) {
    const row = base ? base[i] : i;
    if (wanted === null || labelOf[row] === wanted) out[c++] = row;
  }
  const rows = out.subarray(0, c);
  if (sort === 'score-asc' || sort === 'rank-desc' || sort === 'row-desc') rows.reverse();
  return rows;
}
