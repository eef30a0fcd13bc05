import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmKernels } from '../../../tests/wasm-setup';
import { Rng } from '../rng';
import { acquireKernels, releaseKernels } from './kernels';
import { selectKth, trimmedMask } from './loss';

beforeAll(() => useWasmKernels());

describe('WASM noise', () => {
  it('draws the same float32 normals as Rng.normal(), bit for bit, and leaves the same state', () => {
    const kern = acquireKernels();
    const n = 1 << 19;
    const p = kern.alloc(n);
    for (const seed of [1, 1234, 0xdeadbeef]) {
      const rng = new Rng(seed);
      let state = seed >>> 0;
      for (let rep = 0; rep < 2; rep++) {
        state = kern.k.fillNormal(p, n, state) >>> 0;
        const wasm = kern.f32(p, n);
        const js = Float32Array.from({ length: n }, () => rng.normal());
        let mismatches = 0;
        for (let i = 0; i < n; i++) if (wasm[i] !== js[i]) mismatches++;
        expect(mismatches).toBe(0);
        expect(state).toBe(rng.getState());
      }
    }
    releaseKernels(kern);
  });
});

describe('trimming on the host', () => {
  it('selectKth finds the k-th smallest, with ties', () => {
    const rng = new Rng(3);
    for (let rep = 0; rep < 50; rep++) {
      const n = 1 + rng.int(300);
      const v = Float32Array.from({ length: n }, () => Math.round(rng.next() * 20) / 4);
      const sorted = Float32Array.from(v).sort();
      const k = rng.int(n);
      const a = Float32Array.from(v);
      selectKth(a, k);
      expect(a[k]).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]);
      for (let i = k + 1; i < n; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]);
    }
  });

  it('trimmedMask keeps l <= scale * q_rho + offset, q by linear interpolation (torch.quantile)', () => {
    const l = Float32Array.from([5, 1, 4, 2, 3]);
    // rho = 0.5: q = 3; rho = 0.6: p = 2.4 -> 3 + 0.4 * (4 - 3) = 3.4
    expect(Array.from(trimmedMask(l, 0.5, 1, 0))).toEqual([0, 1, 0, 1, 1]);
    expect(Array.from(trimmedMask(l, 0.6, 1, 0))).toEqual([0, 1, 0, 1, 1]);
    expect(Array.from(trimmedMask(l, 0.8, 1, 0))).toEqual([0, 1, 1, 1, 1]);
    expect(Array.from(trimmedMask(l, 0.8, 0.5, 2.5))).toEqual([0, 1, 1, 1, 1]);
    expect(Array.from(trimmedMask(l, 0.5, 0.5, 0))).toEqual([0, 1, 0, 0, 0]);
    expect(Array.from(trimmedMask(Float32Array.from([7]), 0.92, 1, 0))).toEqual([1]);
  });
});
