import { describe, expect, it } from 'vitest';
import { minMaxScale } from '../core/data/scale';
import { deviationsOf, typicalReference } from './deviations';

describe('candidate deviations', () => {
  it('measures a row against the lower-scored half, robustly', () => {
    // Column 0: typical rows around 10; column 1 constant among typical rows but spread overall.
    const rows = [
      [10, 0],
      [11, 0],
      [9, 0],
      [10, 0],
      [10.5, 0],
      [9.5, 0],
      [30, 5],
      [10, 6],
      [12, 4],
      [10, 5],
      [9, 5],
      [50, 6],
    ];
    const X = { data: Float32Array.from(rows.flat()), rows: rows.length, cols: 2 };
    const scores = rows.map((_, i) => i); // the first six are the typical ones
    const ref = typicalReference(X, scores);
    expect(ref.median[0]).toBe(10);
    const z = deviationsOf(X, 11, ref);
    expect(z[0]).toBeGreaterThan(20); // 50 is far from 10 (MAD-scale 0.74)
    // Column 1 has MAD 0 among typical rows: the floor keeps z finite and comparable (not millions).
    expect(Math.abs(z[1])).toBeLessThan(50);
    expect(Math.abs(deviationsOf(X, 0, ref)[0])).toBe(0);
    // The same z on the min-max scaled matrix the worker keeps instead of the raw one.
    const scaled = minMaxScale(X);
    const zs = deviationsOf(scaled, 11, typicalReference(scaled, scores));
    expect(zs[0]).toBeCloseTo(z[0], 4);
    expect(zs[1]).toBeCloseTo(z[1], 4);
  });
});
