/**
 * Colours for per-point losses. Points are coloured by the rank of their loss, not its value: the
 * ranking is what outlier detection is judged on (AUC), and ranks stay readable when a few losses
 * explode during polarization.
 */

/** Blue (low loss: the model finds the point typical) to red (high loss: unusual). */
const STOPS: readonly [number, [number, number, number]][] = [
  [0, [38, 92, 168]],
  [0.35, [104, 170, 214]],
  [0.6, [240, 190, 80]],
  [0.8, [230, 112, 52]],
  [1, [170, 30, 40]],
];

export function rampRgb(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  for (let i = 1; i < STOPS.length; i++) {
    const [t1, c1] = STOPS[i];
    if (x <= t1) {
      const [t0, c0] = STOPS[i - 1];
      const f = (x - t0) / (t1 - t0);
      return [0, 1, 2].map((k) => Math.round(c0[k] + f * (c1[k] - c0[k]))) as [number, number, number];
    }
  }
  return STOPS[STOPS.length - 1][1];
}

export function rampCss(t: number): string {
  const [r, g, b] = rampRgb(t);
  return `rgb(${r} ${g} ${b})`;
}

/** Each value's rank in [0, 1] (0 = lowest). Ties share the rank of their first position. */
export function ranks01(values: ArrayLike<number>): Float32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float32Array(n);
  const denom = Math.max(1, n - 1);
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && values[order[i]] !== values[order[i - 1]]) start = i;
    out[order[i]] = start / denom;
  }
  return out;
}

/** A CSS gradient of the ramp, for the legend. */
export function rampGradient(): string {
  return `linear-gradient(to right, ${STOPS.map(([t]) => `${rampCss(t)} ${t * 100}%`).join(', ')})`;
}
