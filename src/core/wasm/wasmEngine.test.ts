import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useCpu } from '../../../tests/tf-setup';
import { fmaAvailable, useWasmKernels, type KernelBuild } from '../../../tests/wasm-setup';
import { blobWithOutliers } from '../../../tests/synthetic';
import { relErr, uniformTable as table } from '../../../tests/numeric';
import { makeConfig, type ConfigOverrides, type EngineConfig } from '../config';
import { Rng } from '../rng';
import { architectureFor } from '../model/architecture';
import { captureCheckpoint, restoreCheckpoint, type Checkpoint } from '../train/checkpoint';
import { runImboost } from '../train/imboost';
import { SimulatedOracle } from '../train/oracle';
import { runMethod } from '../train/runMethod';
import { TfTrainContext } from '../train/tfContext';
import type { EngineState, StepSpec, TrainContext } from '../train/trainContext';
import { pooledKernelBytes } from './kernels';
import { WasmTrainContext } from './wasmContext';

beforeAll(async () => {
  await useCpu();
  useWasmKernels();
});

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

const range = (from: number, n: number) => Int32Array.from({ length: n }, (_, i) => from + i);

interface Case {
  name: string;
  d: number;
  hidden?: number[];
  latent?: number;
  decoderBn?: 'pooled' | 'per-sample';
  k: number;
  batch: number;
  trim?: boolean;
  labels?: boolean;
}

function specOf(c: Case): StepSpec {
  return {
    batch: range(0, c.batch),
    k: c.k,
    trim: c.trim ? { rho: 0.8, scale: c.labels ? 0.6 : 1, xi: c.labels ? 0.4 : 0 } : null,
    inliers: c.labels ? range(c.batch, 5) : null,
    outliers: c.labels ? range(c.batch + 5, 3) : null,
    lambda1: c.labels ? 2 : 0,
    lambda2: c.labels ? 1 : 0,
    cuboU: 2,
    keepLosses: false,
  };
}

function configOf(c: Case): EngineConfig {
  return makeConfig({ model: { hidden: c.hidden ?? null, latent: c.latent ?? null, decoderBn: c.decoderBn ?? 'pooled' } } as ConfigOverrides);
}

function pair(c: Case, seed = 5): { tfc: TfTrainContext; wc: WasmTrainContext } {
  const X = table(c.batch + 8, c.d, 3);
  return { tfc: new TfTrainContext(X, configOf(c), seed), wc: new WasmTrainContext(X, configOf(c), seed) };
}

// Every width of architectureFor, both decoder BatchNorm layouts, K = 2 and 50, one-row batches, trimming and the lambda terms.
const CASES: Case[] = [
  { name: 'd=3 [32,16]/2 plain', d: 3, k: 2, batch: 32 },
  { name: 'd=6 [32,16]/4 trimmed', d: 6, k: 2, batch: 32, trim: true },
  { name: 'd=21 [32,16]/8 trimmed + lambda terms', d: 21, k: 2, batch: 64, trim: true, labels: true },
  { name: 'd=21 K=50 plain', d: 21, k: 50, batch: 16 },
  { name: 'd=21 per-sample decoder BN, K=2, lambda terms', d: 21, k: 2, batch: 32, decoderBn: 'per-sample', trim: true, labels: true },
  { name: 'd=21 per-sample decoder BN, K=50', d: 21, k: 50, batch: 8, decoderBn: 'per-sample' },
  { name: 'd=150 [128,64]/32 trimmed', d: 150, k: 2, batch: 24, trim: true },
  { name: 'd=800 [512,256]/128', d: 800, k: 2, batch: 8, trim: true, labels: true },
  { name: 'one-row batch (pooled)', d: 5, k: 2, batch: 1 },
  { name: 'one-row batch (per-sample)', d: 5, k: 2, batch: 1, decoderBn: 'per-sample' },
  { name: 'd=2 [32,16]/2 K=10 (Learn mode) trimmed + lambda terms', d: 2, k: 10, batch: 40, trim: true, labels: true },
  { name: 'odd widths [7,5]/3', d: 9, hidden: [7, 5], latent: 3, k: 3, batch: 13, trim: true, labels: true },
];

// Both builds of the kernels: the baseline SIMD one and the relaxed-SIMD one (fused multiply-add in the products).
for (const build of ['simd', 'fma'] as KernelBuild[]) describe(`WASM engine (${build} build) against the TF.js engine (same weights, batches and noise)`, () => {
  beforeAll(() => {
    if (build === 'fma') expect(fmaAvailable(), 'run with --experimental-wasm-relaxed-simd (vite.config.ts sets it)').toBe(true);
    useWasmKernels(build);
  });

  it('builds the widths architectureFor gives', () => {
    expect(architectureFor(800).hidden).toEqual([512, 256]);
    expect(architectureFor(150).hidden).toEqual([128, 64]);
  });

  for (const c of CASES) {
    it(`${c.name}: loss and gradients to 1e-5`, async () => {
      const { tfc, wc } = pair(c);
      const a = await tfc.lossAndGradients(specOf(c));
      const b = wc.lossAndGradients(specOf(c));
      expect(Math.abs(a.loss - b.loss) / Math.max(1, Math.abs(a.loss))).toBeLessThan(1e-5);
      a.grads.forEach((g, i) => expect(relErr(b.grads[i], g), `param ${i}`).toBeLessThan(1e-5));
      // The gradients are not trivially zero.
      expect(Math.max(...a.grads.map(maxAbs))).toBeGreaterThan(1e-3);
      tfc.dispose();
      wc.dispose();
    });
  }

  for (const c of [CASES[2], CASES[4], CASES[10]]) {
    it(`${c.name}: 40 consecutive updates, then the same state, running statistics and scores`, async () => {
      const { tfc, wc } = pair(c, 9);
      const plainC: Case = { ...c, trim: false, labels: false };
      for (let u = 0; u < 40; u++) {
        // plain, then trimmed, then with the lambda terms, as a run goes
        const s = specOf(u < 10 ? plainC : u < 20 ? { ...c, labels: false } : c);
        await tfc.step(s).loss.read();
        await wc.step(s).loss.read();
      }
      const [sa, sb] = [await tfc.readState(), await wc.readState()];
      sa.state.forEach((v, i) => expect(relErr(sb.state[i], v), `state ${i}`).toBeLessThan(1e-5));
      sa.adamM.forEach((v, i) => expect(relErr(sb.adamM[i], v), `adam m ${i}`).toBeLessThan(1e-4));
      expect(sb.adamStep).toBe(40);
      // Same RNG position: both drew the same noise.
      expect(wc.rng.getState()).toBe(tfc.rng.getState());
      const [ka, kb] = [await tfc.scoreTrain(2), await wc.scoreTrain(2)];
      expect(relErr(kb, ka)).toBeLessThan(1e-5);
      tfc.dispose();
      wc.dispose();
    });
  }

  it('per-sample losses (ODIM) and the loss value match', async () => {
    const c: Case = { name: 'keep', d: 6, k: 4, batch: 20 };
    const { tfc, wc } = pair(c);
    const s = { ...specOf(c), keepLosses: true };
    const a = tfc.step(s);
    const b = wc.step(s);
    expect(relErr((await b.losses!.read()), await a.losses!.read())).toBeLessThan(1e-5);
    expect(Math.abs((await b.loss.read()) - (await a.loss.read()))).toBeLessThan(1e-4);
    tfc.dispose();
    wc.dispose();
  });

  it('scores another matrix (a test split) like TF.js, in chunks', async () => {
    const X = table(100, 7, 1);
    const cfg = makeConfig({ scoreChunk: 16 });
    const tfc = new TfTrainContext(X, cfg, 2);
    const wc = new WasmTrainContext(X, cfg, 2);
    const other = table(45, 7, 4);
    expect(relErr(await wc.scoreMatrix(other, 6), await tfc.scoreMatrix(other, 6))).toBeLessThan(1e-5);
    expect(() => wc.scoreMatrix(table(3, 8, 1), 2)).toThrow(/7 columns/);
    tfc.dispose();
    wc.dispose();
  });
});

/**
 * Float64 train-mode forward pass of the plain loss (mean negative IWAE bound, pooled or per-sample decoder
 * BatchNorm), written from the equations, independent of both engines: the reference for finite differences.
 */
function float64Loss(state: Float64Array[], arch: { d: number; hidden: number[]; l: number }, x: number[][], eps: number[][][], perSample: boolean): number {
  const { d, hidden, l } = arch;
  const nh = hidden.length;
  const enc = state.slice(0, nh);
  const dec = state.slice(nh, 2 * nh);
  const [encHead, encB, decHead, decB] = state.slice(2 * nh, 2 * nh + 4);
  const clip = (v: number) => Math.min(2, Math.max(-6, v));
  const matmul = (rows: number[][], w: Float64Array, o: number) => rows.map((r) => Array.from({ length: o }, (_, c) => r.reduce((s, v, i) => s + v * w[i * o + c], 0)));
  const bnLrelu = (rows: number[][]) => {
    const o = rows[0].length;
    if (rows.length < 2) throw new Error('test needs >= 2 rows per group');
    const mean = Array.from({ length: o }, (_, c) => rows.reduce((s, r) => s + r[c], 0) / rows.length);
    const vr = Array.from({ length: o }, (_, c) => rows.reduce((s, r) => s + (r[c] - mean[c]) ** 2, 0) / rows.length);
    return rows.map((r) => r.map((v, c) => {
      const n = (v - mean[c]) / Math.sqrt(vr[c] + 1e-4);
      return n > 0 ? n : 0.01 * n;
    }));
  };
  let h = x;
  hidden.forEach((w, i) => (h = bnLrelu(matmul(h, enc[i], w))));
  const eo = matmul(h, encHead, 2 * l);
  const k = eps.length;
  const b = x.length;
  const z = eps.flatMap((ek) => ek.map((e, r) => e.map((v, j) => eo[r][j] + v * Math.exp(clip(eo[r][l + j] + encB[j]) / 2))));
  const decWidths = [...hidden].reverse();
  let g = z;
  decWidths.forEach((w, i) => {
    const a = matmul(g, dec[i], w);
    g = perSample ? Array.from({ length: k }, (_, s) => bnLrelu(a.slice(s * b, (s + 1) * b))).flat() : bnLrelu(a);
  });
  const dout = matmul(g, decHead, 2 * d);
  let total = 0;
  for (let r = 0; r < b; r++) {
    const logw = Array.from({ length: k }, (_, s) => {
      const row = s * b + r;
      let lp = 0;
      for (let j = 0; j < d; j++) {
        const mu = 1 / (1 + Math.exp(-dout[row][j]));
        const lv = clip(dout[row][d + j] + decB[j]);
        lp += -lv - (mu - x[r][j]) ** 2 / (2 * Math.exp(lv));
      }
      const lvq = Array.from({ length: l }, (_, j) => clip(eo[r][l + j] + encB[j]));
      const pz = -0.5 * z[row].reduce((s, v) => s + v * v, 0);
      const e = eps[s][r];
      const qz = lvq.reduce((acc, v, j) => acc - v / 2 - e[j] ** 2 / 2, 0);
      return lp + pz - qz;
    });
    const m = Math.max(...logw);
    total += -(m + Math.log(logw.reduce((s, v) => s + Math.exp(v - m), 0)) - Math.log(k));
  }
  return total / b;
}

describe('WASM backward pass against float64 finite differences', () => {
  beforeAll(() => useWasmKernels('simd'));
  for (const perSample of [false, true]) {
    it(`plain loss, ${perSample ? 'per-sample' : 'pooled'} decoder BatchNorm`, async () => {
      const d = 5;
      const hidden = [6, 4];
      const l = 3;
      const k = 2;
      const b = 8;
      const X = table(b, d, 21);
      const cfg = makeConfig({ model: { hidden, latent: l, decoderBn: perSample ? 'per-sample' : 'pooled' } } as ConfigOverrides);
      const wc = new WasmTrainContext(X, cfg, 13);
      // Push some log-variance biases past the clip bounds so the masks are exercised.
      const st = await wc.readState();
      st.state[5].set([3.5, -7, 0.2]);
      st.state[7].set([2.5, -6.5, 0.1, -0.4, 0.3]);
      wc.writeState(st);
      const noise = new Rng(wc.rng.getState());
      const eps = Array.from({ length: k }, () => Array.from({ length: b }, () => Array.from({ length: l }, () => noise.normal())));
      const { grads } = wc.lossAndGradients({ batch: range(0, b), k, trim: null, inliers: null, outliers: null, lambda1: 0, lambda2: 0, cuboU: 2, keepLosses: false });
      const x = Array.from({ length: b }, (_, r) => Array.from(X.data.subarray(r * d, (r + 1) * d)));
      const params = st.state.slice(0, 8).map((v) => Float64Array.from(v));
      const arch = { d, hidden, l };
      const h = 1e-6;
      let checked = 0;
      params.forEach((p, pi) => {
        const scale = maxAbs(grads[pi]);
        for (let i = 0; i < p.length; i += Math.max(1, Math.floor(p.length / 6))) {
          const orig = p[i];
          p[i] = orig + h;
          const up = float64Loss(params, arch, x, eps, perSample);
          p[i] = orig - h;
          const down = float64Loss(params, arch, x, eps, perSample);
          p[i] = orig;
          const fd = (up - down) / (2 * h);
          expect(Math.abs(grads[pi][i] - fd), `param ${pi}[${i}]: ${grads[pi][i]} vs ${fd}`).toBeLessThan(2e-5 * Math.max(1, scale));
          checked++;
        }
      });
      expect(checked).toBeGreaterThan(40);
      wc.dispose();
    });
  }
});

describe('WASM engine in whole runs', () => {
  beforeAll(() => useWasmKernels('simd'));
  const small: ConfigOverrides = {
    seed: 7,
    imboost: { updatesPerEpoch: 3, plainEpochs: 2, warmupEpochs: 6, polarizationEpochs: 6, rounds: 2, n0: 32, budget: 4 },
    altbi: { epochs: 8, updatesPerEpoch: 2, plainEpochs: 2, n0: 32, scoreFrom: 5, k: 4 },
    odim: { models: 2, maxUpdates: 40, patienceUpdates: 10, k: 4, batch: 32 },
  };
  const { X, y } = blobWithOutliers(160, 4, 0.1, 1);
  const run = (engine: 'wasm' | 'tfjs', o: ConfigOverrides = {}) => runImboost({ X, config: makeConfig({ ...small, ...o, engine }), oracle: new SimulatedOracle(y) });

  it('is deterministic by seed and differs across seeds', async () => {
    const [a, b, c] = [await run('wasm'), await run('wasm'), await run('wasm', { seed: 8 })];
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    expect(Array.from(a.scores)).not.toEqual(Array.from(c.scores));
  });

  it('a whole IMBoost run agrees with the TF.js engine', async () => {
    const [a, b] = [await run('wasm'), await run('tfjs')];
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(relErr(a.scores, b.scores)).toBeLessThan(1e-3);
  });

  it('every method runs on it (IMBoost, ALTBI, ODIM) with the TF.js engine results', async () => {
    for (const method of ['altbi', 'odim'] as const) {
      const cfg = (engine: 'wasm' | 'tfjs') => makeConfig({ ...small, method, engine });
      const [a, b] = [await runMethod({ X, config: cfg('wasm') }), await runMethod({ X, config: cfg('tfjs') })];
      expect(relErr(a.scores, b.scores), method).toBeLessThan(1e-3);
    }
  });

  for (const [from, to] of [['tfjs', 'wasm'], ['wasm', 'tfjs']] as const) {
    it(`a checkpoint written by ${from} resumes on ${to}`, async () => {
      const checkpoints: Checkpoint[] = [];
      const full = await runImboost({ X, config: makeConfig({ ...small, engine: from }), oracle: new SimulatedOracle(y), onCheckpoint: (c) => checkpoints.push(c) });
      const mid = checkpoints.find((c) => c.nextEpoch === 8 && !c.openRound)!;
      expect(mid).toBeDefined();
      const resumed = await runImboost({ X, config: makeConfig({ ...small, engine: to }), oracle: new SimulatedOracle(y), resume: mid });
      expect(relErr(resumed.scores, full.scores)).toBeLessThan(1e-3);
    });
  }

  it('a context-level checkpoint moves between engines with the same state', async () => {
    const cfg = makeConfig();
    const a: TrainContext = new TfTrainContext(X, cfg, 3);
    const spec = specOf({ name: '', d: 4, k: 2, batch: 32, trim: true });
    for (let i = 0; i < 5; i++) await a.step(spec).loss.read();
    const c = await captureCheckpoint(a, { method: 'imboost', nextEpoch: 1, round: 0, labels: new Int8Array(X.rows), history: [] });
    const b = new WasmTrainContext(X, cfg, 99);
    restoreCheckpoint(b, c);
    const state: EngineState = await b.readState();
    state.state.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(c.state[i])));
    expect(b.rng.getState()).toBe(c.rngState);
    a.dispose();
    b.dispose();
  });

  it('keeps its linear memory flat across consecutive runs (instances are pooled)', async () => {
    await run('wasm');
    const after = pooledKernelBytes();
    expect(after).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) await run('wasm');
    expect(pooledKernelBytes()).toBe(after);
    // and it leaves no TF.js tensor behind
    const base = tf.memory().numTensors;
    await run('wasm');
    expect(tf.memory().numTensors).toBe(base);
  });
});
