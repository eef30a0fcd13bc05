/**
 * GradStop (the GradStop paper, eqs. 6-7 and Algorithm 1, as its authors' code runs it): per epoch the cohesion of the
 * k smallest-gradient probe rows ("last", likely inliers) minus that of the k largest ("top", likely outliers), and
 * the angle between the two groups' summed gradients; both smoothed over the previous values; an epoch becomes the
 * best when the cohesion difference rises clearly (relative to its path since the last best), exceeds a benefit
 * threshold, or is insignificantly small; training stops after `window` epochs without a new best. When the groups'
 * gradients already point apart early on (mean divergence of epochs window/4 .. window/2 - 1 above tD), the
 * learning is judged useless and the first epoch's model is returned.
 */

export interface GradStopSettings {
  window: number;
  rDown: number;
  tCB: number;
  tCS: number;
  tD: number;
  /** Smoothing: each value is averaged with up to this many previous smoothed values. */
  smooth: number;
}

/** eq. (6): |sum g| / sum |g| in [0, 1]; `sum` is the group's summed gradient, `norms` its members' norms. */
export function cohesion(sum: ArrayLike<number>, norms: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < norms.length; i++) total += norms[i];
  return total > 0 ? norm(sum) / total : 0;
}

/** eq. (7): the angle (radians) between two summed gradients. */
export function divergence(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  const den = norm(a) * norm(b);
  if (!(den > 0)) return 0;
  return Math.acos(Math.max(-1, Math.min(1, dot / den)));
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Indices of the k smallest and k largest values. */
export function lastAndTop(norms: ArrayLike<number>, k: number): { last: Int32Array; top: Int32Array } {
  const order = Int32Array.from({ length: norms.length }, (_, i) => i).sort((x, y) => norms[x] - norms[y] || x - y);
  const m = Math.min(k, order.length);
  return { last: order.slice(0, m), top: order.slice(order.length - m).reverse() };
}

/** The rule's whole state (plain numbers: a checkpoint stores it as is). */
export interface GradStopState {
  /** Smoothed cohesion differences and divergences, one per epoch so far. */
  cDiffs: number[];
  divs: number[];
  /** The epoch whose model is kept (0-based). */
  best: number;
  cMax: number | null;
  path: number;
  patience: number;
  stopped: boolean;
  initialReturned: boolean;
}

export function gradStopInit(): GradStopState {
  return { cDiffs: [], divs: [], best: 0, cMax: null, path: 0, patience: 0, stopped: false, initialReturned: false };
}

/** Smooths a new raw value against the previous smoothed ones (the authors' code: mean with the last up to 8). */
export function smoothed(previous: readonly number[], raw: number, smooth: number): number {
  if (!previous.length) return raw;
  const m = Math.min(previous.length, smooth);
  let s = raw;
  for (let i = previous.length - m; i < previous.length; i++) s += previous[i];
  return s / (m + 1);
}

/**
 * Feeds one epoch's raw cohesion difference and divergence; returns the new state (stopped: training should end;
 * best: the epoch whose model to keep, 0-based).
 */
export function gradStopStep(st: GradStopState, rawCDiff: number, rawDiv: number, c: GradStopSettings): GradStopState {
  if (st.stopped) return st;
  const s: GradStopState = { ...st, cDiffs: [...st.cDiffs], divs: [...st.divs] };
  const cd = smoothed(s.cDiffs, rawCDiff, c.smooth);
  s.divs.push(smoothed(s.divs, rawDiv, c.smooth));
  s.cDiffs.push(cd);
  const epoch = s.cDiffs.length - 1;
  if (s.cMax === null) {
    s.cMax = cd;
    s.best = 0;
    return s;
  }
  const half = Math.floor(c.window / 2);
  const quarter = Math.floor(c.window / 4);
  if (s.divs.length === half && half > quarter) {
    let m = 0;
    for (let i = quarter; i < half; i++) m += s.divs[i];
    if (m / (half - quarter) > c.tD) {
      s.best = 0;
      s.stopped = true;
      s.initialReturned = true;
      return s;
    }
  }
  s.path += Math.abs(cd - s.cDiffs[epoch - 1]);
  const rises = cd > s.cMax && (s.path > 0 ? (cd - s.cMax) / s.path : Infinity) > c.rDown;
  if (rises || cd > c.tCB || Math.abs(cd) < c.tCS) {
    s.cMax = cd;
    s.best = epoch;
    s.patience = 0;
    s.path = 0;
  } else {
    s.patience++;
  }
  if (s.patience >= c.window) s.stopped = true;
  return s;
}

/** Per-row gradient norms of a probe batch and the summed gradient of any group of its rows (both engines' probes). */
export interface ProbeGradients {
  norms: ArrayLike<number>;
  groupSum(which: ArrayLike<number>): ArrayLike<number>;
}

/** The two groups of an epoch's probe: the k smallest-gradient rows and the k largest (positions in the probe). */
export interface ProbeGroups {
  last: Int32Array;
  top: Int32Array;
}

/**
 * One epoch of the rule from a probe: re-chooses the groups when asked (or when there are none yet), then feeds the
 * cohesion difference (last minus top) and the angle between the groups' summed gradients.
 */
export function gradStopFeed(
  st: GradStopState,
  g: ProbeGradients,
  groups: ProbeGroups | null,
  k: number,
  c: Omit<GradStopSettings, 'tD'> & { tD: number | null },
): { rule: GradStopState; groups: ProbeGroups } {
  const chosen = groups && groups.top.length ? groups : lastAndTop(g.norms, k);
  const sumLast = g.groupSum(chosen.last);
  const sumTop = g.groupSum(chosen.top);
  const pick = (idx: Int32Array) => Float64Array.from(idx, (i) => g.norms[i]);
  const cDiff = cohesion(sumLast, pick(chosen.last)) - cohesion(sumTop, pick(chosen.top));
  const rule = gradStopStep(st, cDiff, divergence(sumTop, sumLast), { ...c, tD: c.tD ?? Infinity });
  return { rule, groups: chosen };
}

/** What a progress event shows of the rule after an epoch. */
export function gradStopView(rule: GradStopState): {
  cohesionDiff: number;
  divergence: number;
  bestEpoch: number;
  stopped: boolean;
  initialReturned: boolean;
} {
  return {
    cohesionDiff: rule.cDiffs[rule.cDiffs.length - 1],
    divergence: rule.divs[rule.divs.length - 1],
    bestEpoch: rule.best,
    stopped: rule.stopped,
    initialReturned: rule.initialReturned,
  };
}
