import { makeConfig, type ComputeEngine } from '../core/config';
import { Rng } from '../core/rng';
import { TfTrainContext } from '../core/train/tfContext';
import { unlabeledStep, type EngineName, type TrainContext } from '../core/train/trainContext';
import { registerWasmKernels, wasmKernelsAvailable } from '../core/wasm/kernels';
import { WasmTrainContext } from '../core/wasm/wasmContext';
import simdKernelsUrl from '../../wasm/build/imlab.wasm?url';
import fmaKernelsUrl from '../../wasm/build/imlab-fma.wasm?url';
import type { BackendInfo, EngineInfo } from './api';

/**
 * The WebAssembly SIMD engine's load in one worker: the compile in flight or done, the module (helper threads are
 * sent the same one) and its build ('fma': relaxed SIMD with fused multiply-add, or 'simd'; the badge names it).
 */
export interface SimdEngine {
  loading: Promise<string | null> | null;
  kernels: WebAssembly.Module | null;
  build: 'fma' | 'simd' | null;
}

export function createSimdEngine(): SimdEngine {
  return { loading: null, kernels: null, build: null };
}

const buildNote = (simd: SimdEngine) =>
  simd.build === 'fma' ? ' (its relaxed-SIMD build, with fused multiply-add)' : ' (its baseline SIMD build)';

/**
 * Fetches and compiles the WebAssembly SIMD engine (bundled, precached assets) once per worker: the relaxed-SIMD
 * build where the browser validates it (Chromium does), else the baseline SIMD build.
 * Resolves to null when it is ready, else to why not (e.g. a browser without WebAssembly SIMD).
 */
export function loadSimdEngine(simd: SimdEngine): Promise<string | null> {
  simd.loading ??= (async () => {
    try {
      const fma = await (await fetch(fmaKernelsUrl)).arrayBuffer();
      const fmaOk = WebAssembly.validate(fma);
      const bytes = fmaOk ? fma : await (await fetch(simdKernelsUrl)).arrayBuffer();
      simd.kernels = await WebAssembly.compile(bytes);
      registerWasmKernels(simd.kernels);
      simd.build = fmaOk ? 'fma' : 'simd';
      return null;
    } catch (e) {
      console.warn('The WebAssembly SIMD engine could not load:', e);
      return `the WebAssembly SIMD engine could not load (${e instanceof Error ? e.message : String(e)})`;
    }
  })();
  return simd.loading;
}

/**
 * Which engine trains: the analyst's choice if it can run; on a CPU backend the WASM SIMD engine (it does in
 * a few dozen calls what TF.js dispatches as ~400 kernels); on a GPU backend a short calibration of both.
 */
export async function chooseEngine(simd: SimdEngine, choice: ComputeEngine, backend: BackendInfo): Promise<EngineInfo> {
  const failure = await loadSimdEngine(simd);
  if (choice === 'tfjs') return { name: 'tfjs', reason: 'TF.js chosen in settings' };
  if (!wasmKernelsAvailable()) return { name: 'tfjs', reason: `TF.js: ${failure ?? 'the WebAssembly SIMD engine is unavailable'}` };
  if (choice === 'wasm') return { name: 'wasm', reason: `the WebAssembly SIMD engine${buildNote(simd)}, chosen in settings` };
  if (backend.name !== 'webgpu' && backend.name !== 'webgl') {
    return { name: 'wasm', reason: `the WebAssembly SIMD engine: on a CPU it is several times faster than TF.js${buildNote(simd)}` };
  }
  const calibration = { simdMs: await msPerUpdate('wasm'), tfjsMs: await msPerUpdate('tfjs') };
  const name: EngineName = calibration.simdMs <= calibration.tfjsMs ? 'wasm' : 'tfjs';
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  return {
    name,
    reason: `calibrated: one update takes ${fmt(calibration.simdMs)} with the WebAssembly SIMD engine and ${fmt(calibration.tfjsMs)} with TF.js on ${backend.name}`,
    calibration,
  };
}

/** Median ms of a few updates at the warm-up's batch size on a small synthetic table. */
async function msPerUpdate(engine: EngineName): Promise<number> {
  const rng = new Rng(1);
  const X = { data: Float32Array.from({ length: 512 * 21 }, () => rng.next()), rows: 512, cols: 21 };
  const ctx: TrainContext = engine === 'wasm' ? new WasmTrainContext(X, makeConfig(), 1) : new TfTrainContext(X, makeConfig(), 1);
  try {
    const all = Int32Array.from({ length: X.rows }, (_, i) => i);
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      await ctx.step(unlabeledStep(ctx.sample(all, 128), 2)).loss.read();
      if (i >= 2) times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  } finally {
    ctx.dispose();
  }
}
