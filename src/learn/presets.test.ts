import { describe, expect, it } from 'vitest';
import { generatePreset, PRESETS, sanitizeDataParams, type DataParams, type PresetId } from './presets';

const base: DataParams = { preset: 'a', rows: 600, contamination: 0.1, spread: 1, seed: 7 };

function column(points: Float32Array, c: 0 | 1, pick: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length / 2; i++) if (pick(i)) out.push(points[2 * i + c]);
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

describe('generatePreset', () => {
  it.each(PRESETS.map((p) => p.id))('preset %s is reproducible from its seed and scaled to [0, 1]', (preset: PresetId) => {
    const p = { ...base, preset };
    const a = generatePreset(p);
    const b = generatePreset(p);
    expect(Array.from(a.points)).toEqual(Array.from(b.points));
    expect(Array.from(a.truth)).toEqual(Array.from(b.truth));
    expect(a.points.length).toBe(2 * p.rows);
    for (const c of [0, 1] as const) {
      const xs = column(a.points, c, () => true);
      expect(Math.min(...xs)).toBe(0);
      expect(Math.max(...xs)).toBe(1);
    }
    expect(a.outliers).toBe(60);
    expect(a.truth.reduce((s, v) => s + v, 0)).toBe(60);
  });

  it('another seed gives other data; another preset with the same seed too', () => {
    const a = generatePreset(base);
    expect(Array.from(generatePreset({ ...base, seed: 8 }).points)).not.toEqual(Array.from(a.points));
    expect(Array.from(generatePreset({ ...base, preset: 'd' }).points)).not.toEqual(Array.from(a.points));
  });

  it('spreads the outliers among the rows instead of putting them first', () => {
    const { truth } = generatePreset(base);
    expect(truth.slice(0, 60).reduce((s, v) => s + v, 0)).toBeLessThan(30);
  });

  it('(a) keeps the scattered outliers away from the inlier cloud', () => {
    const d = generatePreset(base);
    const cx = mean(column(d.points, 0, (i) => !d.truth[i]));
    const cy = mean(column(d.points, 1, (i) => !d.truth[i]));
    const spread = sd(column(d.points, 0, (i) => !d.truth[i]));
    const dists = column(d.points, 0, (i) => d.truth[i] === 1).map((x, k) =>
      Math.hypot(x - cx, column(d.points, 1, (i) => d.truth[i] === 1)[k] - cy),
    );
    expect(Math.min(...dists)).toBeGreaterThan(2 * spread);
  });

  it('(b) packs the outliers far tighter than the inliers', () => {
    const d = generatePreset({ ...base, preset: 'b', contamination: 0.2 });
    const outlierSd = sd(column(d.points, 0, (i) => d.truth[i] === 1));
    const inlierSd = sd(column(d.points, 0, (i) => !d.truth[i]));
    expect(outlierSd * 8).toBeLessThan(inlierSd);
  });

  it('(c) puts every outlier on one point', () => {
    const d = generatePreset({ ...base, preset: 'c' });
    expect(new Set(column(d.points, 0, (i) => d.truth[i] === 1)).size).toBe(1);
    expect(new Set(column(d.points, 1, (i) => d.truth[i] === 1)).size).toBe(1);
  });

  it('(e) splits the inliers into two clusters left and right of the middle', () => {
    const d = generatePreset({ ...base, preset: 'e' });
    const xs = column(d.points, 0, (i) => !d.truth[i]);
    const middle = xs.filter((x) => Math.abs(x - 0.5) < 0.05).length;
    expect(middle / xs.length).toBeLessThan(0.02);
    expect(xs.filter((x) => x < 0.5).length / xs.length).toBeGreaterThan(0.4);
  });

  it('the spread control widens the inlier cloud', () => {
    const narrow = generatePreset({ ...base, preset: 'd', spread: 0.5 });
    const wide = generatePreset({ ...base, preset: 'd', spread: 2 });
    // Scaling divides by the range, which the outliers also set: compare raw spread via inliers vs outliers ratio.
    const ratio = (d: ReturnType<typeof generatePreset>) =>
      sd(column(d.points, 0, (i) => !d.truth[i])) / sd(column(d.points, 0, (i) => d.truth[i] === 1));
    expect(ratio(wide)).toBeGreaterThan(2 * ratio(narrow));
  });
});

describe('sanitizeDataParams', () => {
  it('clamps and rounds values from a URL', () => {
    expect(sanitizeDataParams({ preset: 'z' as PresetId, rows: 12, contamination: 0.9, spread: 0.1, seed: -3.7 })).toEqual({
      preset: 'a',
      rows: 200,
      contamination: 0.3,
      spread: 0.5,
      seed: 0,
    });
    expect(sanitizeDataParams({ preset: 'c', rows: 1e9, contamination: 0.123456, spread: 1.234, seed: 42.9 })).toEqual({
      preset: 'c',
      rows: 5000,
      contamination: 0.123,
      spread: 1.23,
      seed: 42,
    });
  });

  it('replaces non-numbers with defaults', () => {
    const p = sanitizeDataParams({ preset: 'b', rows: NaN, contamination: NaN, spread: Infinity, seed: NaN });
    expect(p.rows).toBe(1000);
    expect(p.contamination).toBe(0.1);
    expect(p.spread).toBe(1);
    expect(p.seed).toBe(1);
  });

  it('(g) puts the outliers in the hollows under the crests, off the wave the inliers follow', () => {
    const d = generatePreset({ ...base, preset: 'g', seed: 3 });
    const xs = column(d.points, 0, () => true);
    const ys = column(d.points, 1, () => true);
    // Back to the raw plane's x in [-1, 1] (the wave's span sets the scale).
    const inX = xs.filter((_, i) => !d.truth[i]);
    const lo = Math.min(...inX);
    const hi = Math.max(...inX);
    const ysIn = ys.filter((_, i) => !d.truth[i]);
    const band = (Math.max(...ysIn) - Math.min(...ysIn)) / 2;
    const mid = (Math.max(...ysIn) + Math.min(...ysIn)) / 2;
    let offWave = 0;
    for (let i = 0; i < d.rows; i++) {
      if (!d.truth[i]) continue;
      const t = ((xs[i] - lo) / (hi - lo)) * 2 - 1;
      const wave = mid + band * Math.sin(3 * t);
      // Under a crest: x near +-0.52, and well below the wave there (on the centre line's side).
      expect(Math.abs(Math.abs(t) - 0.52)).toBeLessThan(0.4);
      if (Math.abs(ys[i] - wave) > 0.2) offWave++;
    }
    expect(offWave / d.outliers).toBeGreaterThan(0.9);
  });
});
