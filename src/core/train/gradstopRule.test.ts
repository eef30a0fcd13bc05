import { describe, expect, it } from 'vitest';
import { cohesion, divergence, gradStopInit, gradStopStep, lastAndTop, smoothed, type GradStopSettings } from './gradstopRule';

const norms = (vs: number[][]) => vs.map((v) => Math.hypot(...v));
const sum = (vs: number[][]) => vs[0].map((_, i) => vs.reduce((s, v) => s + v[i], 0));

describe('cohesion and divergence (eqs. 6-7)', () => {
  it('cohesion is 1 for aligned gradients, 0 for cancelling ones, sqrt(2)/2 for two orthogonal unit ones', () => {
    const aligned = [
      [1, 2],
      [2, 4],
      [0.5, 1],
    ];
    expect(cohesion(sum(aligned), norms(aligned))).toBeCloseTo(1, 12);
    const cancel = [
      [1, -3],
      [-1, 3],
    ];
    expect(cohesion(sum(cancel), norms(cancel))).toBe(0);
    const ortho = [
      [1, 0, 0],
      [0, 1, 0],
    ];
    expect(cohesion(sum(ortho), norms(ortho))).toBeCloseTo(Math.SQRT1_2, 12);
    // |(3,1)| / (|(2,0)| + |(1,1)|)
    const mixed = [
      [2, 0],
      [1, 1],
    ];
    expect(cohesion(sum(mixed), norms(mixed))).toBeCloseTo(Math.sqrt(10) / (2 + Math.SQRT2), 12);
  });

  it('divergence is the angle between the summed gradients', () => {
    expect(divergence([1, 0], [0, 3])).toBeCloseTo(Math.PI / 2, 12);
    expect(divergence([1, 1], [2, 2])).toBeCloseTo(0, 6);
    expect(divergence([1, 0], [-1, 0])).toBeCloseTo(Math.PI, 12);
    expect(
      divergence(
        sum([
          [1, 0],
          [0, 1],
        ]),
        [1, 0],
      ),
    ).toBeCloseTo(Math.PI / 4, 12);
  });

  it('picks the k smallest and k largest norms', () => {
    const { last, top } = lastAndTop([5, 1, 9, 3, 7, 2], 2);
    expect(Array.from(last)).toEqual([1, 5]);
    expect(Array.from(top)).toEqual([2, 4]);
  });

  it('smooths each value with up to `smooth` previous smoothed values', () => {
    expect(smoothed([], 3, 8)).toBe(3);
    expect(smoothed([1, 2, 3], 6, 2)).toBe((2 + 3 + 6) / 3);
  });
});

const SETTINGS: GradStopSettings = { window: 20, rDown: 0.001, tCB: 1, tCS: 0, tD: 1.57, smooth: 0 };

function run(cDiffs: number[], divs: number[], c: GradStopSettings) {
  let st = gradStopInit();
  let stoppedAt = -1;
  for (let e = 0; e < cDiffs.length && !st.stopped; e++) {
    st = gradStopStep(st, cDiffs[e], divs[e], c);
    if (st.stopped) stoppedAt = e;
  }
  return { st, stoppedAt };
}

describe('the stopping rule', () => {
  // A cohesion gap that rises to a peak at epoch 30 and then falls off, with small wiggles.
  const curve = Array.from({ length: 100 }, (_, e) => 0.2 * Math.exp(-(((e - 30) / 15) ** 2)) + 0.002 * Math.sin(e * 1.7));
  const calm = new Array(100).fill(0.5);

  it('keeps the peak epoch and stops a window later', () => {
    const { st, stoppedAt } = run(curve, calm, SETTINGS);
    expect(st.best).toBe(30);
    expect(stoppedAt).toBe(50);
    expect(st.initialReturned).toBe(false);
  });

  it("with the smoothing of the authors' code, the kept epoch lags the peak", () => {
    const { st, stoppedAt } = run(curve, calm, { ...SETTINGS, smooth: 8 });
    expect(st.best).toBeGreaterThanOrEqual(30);
    expect(st.best).toBeLessThanOrEqual(45);
    expect(stoppedAt).toBe(st.best + 20);
  });

  it('a steadily rising gap never stops', () => {
    const rising = Array.from({ length: 100 }, (_, e) => 0.001 * e);
    const { st, stoppedAt } = run(rising, calm, SETTINGS);
    expect(stoppedAt).toBe(-1);
    expect(st.best).toBe(99);
  });

  it('early divergence above tD returns the first epoch at epoch window/2 - 1', () => {
    const divs = Array.from({ length: 100 }, (_, e) => (e >= 5 && e < 10 ? 1.7 : 0.5));
    const { st, stoppedAt } = run(curve, divs, SETTINGS);
    expect(stoppedAt).toBe(9);
    expect(st.best).toBe(0);
    expect(st.initialReturned).toBe(true);
    // With that branch off (tD = Infinity) the same run goes on to the peak.
    expect(run(curve, divs, { ...SETTINGS, tD: Infinity }).st.best).toBe(30);
  });

  it('a gap above the benefit threshold always counts as better', () => {
    const falling = Array.from({ length: 60 }, (_, e) => 0.5 - 0.001 * e);
    expect(run(falling, calm, { ...SETTINGS, tCB: 0.05 }).stoppedAt).toBe(-1);
    expect(run(falling, calm, SETTINGS).stoppedAt).toBe(20);
  });
});
