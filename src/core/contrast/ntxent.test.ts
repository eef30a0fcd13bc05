import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { ntXent } from './ntxent';

/**
 * NT-Xent written out directly from eq. (1) in float64, one anchor at a time: -log(exp(sim(a,p)/tau) / sum_{b != a}
 * exp(sim(a,b)/tau)), averaged. Independent of ntxent.ts (no shared code, no stabilising max, no analytic gradient).
 */
function referenceLoss(z: Float64Array, n: number, dim: number, tau: number): number {
  const sim = (a: number, b: number) => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let k = 0; k < dim; k++) {
      dot += z[a * dim + k] * z[b * dim + k];
      na += z[a * dim + k] ** 2;
      nb += z[b * dim + k] ** 2;
    }
    return dot / Math.sqrt(na * nb);
  };
  let total = 0;
  for (let a = 0; a < n; a++) {
    const p = (a + n / 2) % n;
    let den = 0;
    for (let b = 0; b < n; b++) if (b !== a) den += Math.exp(sim(a, b) / tau);
    total += -Math.log(Math.exp(sim(a, p) / tau) / den);
  }
  return total / n;
}

function randomEmbeddings(n: number, dim: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n * dim }, () => rng.normal());
}

describe('NT-Xent', () => {
  it.each([
    [4, 3, 0.5, 1],
    [8, 5, 0.2, 2],
    [12, 4, 1, 3],
  ])('loss and gradient match float64 finite differences (%i views, dim %i, tau %f)', (n, dim, tau, seed) => {
    const z64 = randomEmbeddings(n, dim, seed);
    const { loss, grad } = ntXent(Float32Array.from(z64), n, dim, tau);
    expect(loss).toBeCloseTo(referenceLoss(z64, n, dim, tau), 5);
    const h = 1e-5;
    for (let i = 0; i < z64.length; i++) {
      const plus = Float64Array.from(z64);
      const minus = Float64Array.from(z64);
      plus[i] += h;
      minus[i] -= h;
      const fd = (referenceLoss(plus, n, dim, tau) - referenceLoss(minus, n, dim, tau)) / (2 * h);
      expect(Math.abs(grad[i] - fd)).toBeLessThan(2e-5 + 1e-3 * Math.abs(fd));
    }
  });

  it('is lowest when each view sits on its partner and away from the rest', () => {
    // Two instances, views identical within an instance and opposite across: the loss is near its floor.
    const aligned = Float32Array.from([1, 0, -1, 0, 1, 0, -1, 0]);
    const mixed = Float32Array.from([1, 0, -1, 0, -1, 0, 1, 0]);
    expect(ntXent(aligned, 4, 2, 0.5).loss).toBeLessThan(ntXent(mixed, 4, 2, 0.5).loss);
  });

  it('refuses an odd number of views', () => {
    expect(() => ntXent(new Float32Array(10), 5, 2, 0.5)).toThrow();
  });
});
