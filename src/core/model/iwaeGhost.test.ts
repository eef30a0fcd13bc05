import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useCpu } from '../../../tests/tf-setup';
import { relErr, uniformTable as table } from '../../../tests/numeric';
import { useWasmKernels } from '../../../tests/wasm-setup';
import { makeConfig, type ConfigOverrides, type EngineConfig } from '../config';
import { TfTrainContext } from '../train/tfContext';
import { unlabeledStep, type TrainContext } from '../train/trainContext';
import { WasmTrainContext } from '../wasm/wasmContext';
import { negIwaeBound } from './bounds';
import { ghostProbeFromTape, type LinearGrad } from './iwaeGhost';

beforeAll(async () => {
  await useCpu();
  useWasmKernels();
});

interface Case {
  name: string;
  d: number;
  hidden?: number[];
  latent?: number;
  k: number;
}

const CASES: Case[] = [
  { name: 'd=6 [32,16]/4, K=2', d: 6, k: 2 },
  { name: 'odd widths d=9 [7,5]/3, K=2', d: 9, hidden: [7, 5], latent: 3, k: 2 },
  { name: 'd=150 [128,64]/32, K=2', d: 150, k: 2 },
  { name: 'd=21 [32,16]/8, K=3', d: 21, k: 3 },
  // ALTBI's many samples: the narrow layers and biases take the materialized path, the wide ones the Gram sums.
  { name: 'd=9 [16,8]/4, K=12', d: 9, hidden: [16, 8], latent: 4, k: 12 },
];

const configOf = (c: Case): EngineConfig =>
  makeConfig({ model: { hidden: c.hidden ?? null, latent: c.latent ?? null } } as ConfigOverrides);
const ROWS = 40;
const PROBE = Int32Array.from([3, 0, 17, 25, 8, 39, 12, 30, 21, 5, 33, 14]);

/** A few trimmed updates, so the running BatchNorm statistics the probe uses are not the initial ones. */
async function trained(ctx: TrainContext): Promise<void> {
  const all = Int32Array.from({ length: ROWS }, (_, i) => i);
  for (let u = 0; u < 4; u++) await ctx.step(unlabeledStep(ctx.sample(all, 32), 2, u >= 2 ? 0.9 : null)).loss.read();
}

/** Brute force: TF.js autodiff of one row's negative bound (eval mode) with that row's slice of the same noise. */
function perRowGradients(ctx: TfTrainContext, rows: Int32Array, k: number): Float64Array[] {
  const eps = ctx.noise(k, rows.length);
  const out = Array.from(rows, (row, j) =>
    tf.tidy(() => {
      const x = tf.gather(ctx.x, tf.tensor1d([row], 'int32')) as tf.Tensor2D;
      const e = tf.slice(eps, [0, j, 0], [k, 1, ctx.latent]) as tf.Tensor3D;
      const { grads } = tf.variableGrads(() => tf.sum(negIwaeBound(ctx.model.logWeights(x, e, 'eval'))) as tf.Scalar, ctx.model.params);
      const flat: number[] = [];
      for (const p of ctx.model.params) flat.push(...grads[p.name].dataSync());
      return Float64Array.from(flat);
    }),
  );
  eps.dispose();
  return out;
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe('per-row IWAE gradient probe (ghost norms) against brute-force per-row autodiff', () => {
  for (const c of CASES) {
    it(`${c.name}: norms and group sums on both engines`, async () => {
      const X = table(ROWS, c.d, 4);
      const [a, b, w] = [
        new TfTrainContext(X, configOf(c), 7),
        new TfTrainContext(X, configOf(c), 7),
        new WasmTrainContext(X, configOf(c), 7),
      ];
      for (const ctx of [a, b, w]) await trained(ctx);
      const brute = perRowGradients(a, PROBE, c.k);
      const tfProbe = await b.probeGradients(PROBE, c.k);
      const wasmProbe = await w.probeGradients(PROBE, c.k);
      // Same noise drawn on every engine: the streams end at the same place.
      expect(b.rng.getState()).toBe(a.rng.getState());
      expect(w.rng.getState()).toBe(a.rng.getState());
      const bruteNorms = brute.map(norm);
      expect(Math.min(...bruteNorms)).toBeGreaterThan(1e-3);
      expect(relErr(tfProbe.norms, bruteNorms)).toBeLessThan(1e-5);
      // Per row, not only relative to the largest.
      tfProbe.norms.forEach((v, j) => expect(Math.abs(v - bruteNorms[j]) / bruteNorms[j], `row ${j}`).toBeLessThan(1e-5));
      expect(relErr(wasmProbe.norms, tfProbe.norms)).toBeLessThan(1e-5);
      const group = [1, 4, 6, 10];
      const bruteSum = new Float64Array(brute[0].length);
      for (const j of group) brute[j].forEach((v, i) => (bruteSum[i] += v));
      const tfSum = tfProbe.groupSum(group);
      expect(tfSum.length).toBe(bruteSum.length);
      expect(relErr(tfSum, bruteSum)).toBeLessThan(1e-5);
      expect(relErr(wasmProbe.groupSum(group), tfSum)).toBeLessThan(1e-5);
      for (const ctx of [a, b, w]) ctx.dispose();
    });
  }

  it("counts the cross terms of a row's importance samples: sum_{k,k'} (a_k . a_k')(dz_k . dz_k')", () => {
    // One layer, one row, K = 2: the per-row gradient is a_1 dz_1^T + a_2 dz_2^T.
    const a = Float32Array.of(1, 2, 0.5, -1, 0, 3); // [K * b = 2, inW = 3]
    const dz = Float32Array.of(0.5, -2, 1, 4); // [2, outW = 2]
    const layer: LinearGrad = { input: a, inW: 3, dOut: dz, outW: 2, col0: 0, cols: 2, samples: 2 };
    const g = new Float64Array(6);
    for (let s = 0; s < 2; s++) for (let i = 0; i < 3; i++) for (let o = 0; o < 2; o++) g[i * 2 + o] += a[s * 3 + i] * dz[s * 2 + o];
    const p = ghostProbeFromTape([layer], 1);
    expect(p.norms[0]).toBeCloseTo(norm(g), 12);
    expect(Array.from(p.groupSum([0]))).toEqual(Array.from(g));
    // A bias over the second column only: ||sum_k dz_k[1]||.
    const bias: LinearGrad = { input: null, inW: 1, dOut: dz, outW: 2, col0: 1, cols: 1, samples: 2 };
    expect(ghostProbeFromTape([bias], 1).norms[0]).toBeCloseTo(Math.abs(-2 + 4), 12);
  });
});
