import type { Matrix } from '../src/core/data/matrix';
import { Rng } from '../src/core/rng';

/** Gaussian inliers around 0.5 plus uniform outliers in [0, 1]^d: a quick, seeded test table. */
export function blobWithOutliers(n: number, d: number, outlierShare: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const out = rng.next() < outlierShare;
    y[i] = out ? 1 : 0;
    for (let j = 0; j < d; j++) data[i * d + j] = out ? rng.next() : Math.min(1, Math.max(0, 0.5 + 0.05 * rng.normal()));
  }
  return { X: { data, rows: n, cols: d }, y };
}
