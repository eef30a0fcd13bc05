/**
 * Ranking metrics for outlier scores (higher score = more outlying,
 * label 1 = outlier = positive, label 0 = inlier).
 *
 * Each metric splits the scores by label, sorts both halves with the native
 * typed-array sort (no comparator, so 1e6 values stay fast) and walks the
 * groups of equal scores from the highest down: O(n log n) overall.
 */

interface Split {
  pos: Float64Array;
  neg: Float64Array;
}

function splitByLabel(scores: ArrayLike<number>, labels: ArrayLike<number>, fn: string): Split {
  const n = scores.length;
  if (labels.length !== n) throw new Error(`${fn}: ${n} scores but ${labels.length} labels`);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l !== 0 && l !== 1) throw new Error(`${fn}: label at index ${i} is ${l}; labels must be 0 or 1`);
    if (!Number.isFinite(scores[i])) throw new Error(`${fn}: score at index ${i} is ${scores[i]}; scores must be finite`);
    p += l;
  }
  const pos = new Float64Array(p);
  const neg = new Float64Array(n - p);
  let a = 0,
    b = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] === 1) pos[a++] = scores[i];
    else neg[b++] = scores[i];
  }
  pos.sort();
  neg.sort();
  return { pos, neg };
}

/**
 * Visits each distinct score from highest to lowest with the number of
 * positives and negatives holding it. Return true from `visit` to stop early.
 */
function walkTieGroups({ pos, neg }: Split, visit: (dPos: number, dNeg: number) => boolean | void): void {
  let i = pos.length - 1,
    j = neg.length - 1;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    // `===` also merges -0 with 0, which the typed-array sort keeps apart but adjacent.
    let dp = 0,
      dn = 0;
    while (i >= 0 && pos[i] === v) {
      i--;
      dp++;
    }
    while (j >= 0 && neg[j] === v) {
      j--;
      dn++;
    }
    if (visit(dp, dn) === true) return;
  }
}

/**
 * Area under the ROC curve = P(score of a positive > score of a negative),
 * ties counting 1/2 (the Mann-Whitney U statistic with average ranks).
 * NaN when either class is absent.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return aucOf(splitByLabel(scores, labels, 'rocAuc'));
}

function aucOf(s: Split): number {
  const P = s.pos.length,
    N = s.neg.length;
  if (P === 0 || N === 0) return NaN;
  // Pair counts are integers (or halves) below 2^53 for any realistic n, so the sum is exact.
  let wins = 0,
    posAbove = 0;
  walkTieGroups(s, (dp, dn) => {
    wins += posAbove * dn + 0.5 * dp * dn;
    posAbove += dp;
  });
  return wins / (P * N);
}

/**
 * Average precision as sklearn.metrics.average_precision_score: one threshold
 * per distinct score, AP = sum over thresholds of (recall gain) * precision.
 * NaN when there are no positives (sklearn warns and returns 0 there).
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return apOf(splitByLabel(scores, labels, 'averagePrecision'));
}

/** rocAuc and averagePrecision from one split and sort (the live trace reports both each epoch). */
export function aucAndAp(scores: ArrayLike<number>, labels: ArrayLike<number>): { auc: number; ap: number } {
  const s = splitByLabel(scores, labels, 'aucAndAp');
  return { auc: aucOf(s), ap: apOf(s) };
}

function apOf(s: Split): number {
  const P = s.pos.length;
  if (P === 0) return NaN;
  let ap = 0,
    tp = 0,
    fp = 0;
  walkTieGroups(s, (dp, dn) => {
    tp += dp;
    fp += dn;
    if (dp > 0) ap += (dp / P) * (tp / (tp + fp));
  });
  return ap;
}

/**
 * Fraction of positives among the n highest scores (default n = number of
 * positives, i.e. R-precision). A tie group straddling the cut-off counts
 * pro rata: the expected precision under random tie-breaking, so the result
 * does not depend on input order. NaN when the default n is 0.
 */
export function precisionAtN(scores: ArrayLike<number>, labels: ArrayLike<number>, n?: number): number {
  const s = splitByLabel(scores, labels, 'precisionAtN');
  const total = s.pos.length + s.neg.length;
  const k = n ?? s.pos.length;
  if (n === undefined && k === 0) return NaN;
  if (!Number.isInteger(k) || k < 1 || k > total) {
    throw new Error(`precisionAtN: n must be an integer in [1, ${total}], got ${k}`);
  }
  let taken = 0,
    hits = 0;
  walkTieGroups(s, (dp, dn) => {
    const g = dp + dn;
    if (taken + g >= k) {
      hits += (dp * (k - taken)) / g;
      return true;
    }
    taken += g;
    hits += dp;
    return false;
  });
  return hits / k;
}
