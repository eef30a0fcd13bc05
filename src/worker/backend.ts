import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { ComputeEngine, EngineConfig } from '../core/config';
import { helperPool } from '../core/threads/pool';
import type { BackendChoice, BackendInfo, BackendName } from './api';
import { chooseEngine, type SimdEngine } from './computeEngine';
import { startHelperThreads } from './helperThreads';

// The .wasm files are bundled assets (same origin, precachable), never fetched from a CDN.
// The threaded WASM build's pthread workers fail to start from a bundled module worker (init then never
// resolves), and for this small network threads gain little: always use the single-threaded SIMD build.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

export const LADDER: BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string; device?: string };
}

/** A real GPU adapter: present, not the fallback adapter, and not a software rasterizer (SwiftShader, llvmpipe). */
export async function realGpu(): Promise<{ ok: boolean; why: string }> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return { ok: false, why: 'no WebGPU in this browser' };
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) return { ok: false, why: 'no WebGPU adapter' };
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''} ${info.device ?? ''}`.toLowerCase();
  if (adapter.isFallbackAdapter || info.isFallbackAdapter) return { ok: false, why: 'the WebGPU adapter is a software fallback' };
  if (/swiftshader|llvmpipe|software|lavapipe/.test(text))
    return { ok: false, why: `the WebGPU adapter is a software rasterizer (${text.trim()})` };
  return { ok: true, why: `WebGPU on ${text.trim() || 'a hardware adapter'}` };
}

async function trySet(name: BackendName): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    // A tiny op proves the backend really computes (a broken WebGL context fails here, not at setBackend).
    const t = tf.sum(tf.tensor1d([1, 2, 3]));
    const v = (await t.data())[0];
    t.dispose();
    return v === 6;
  } catch (e) {
    console.warn(`TF.js backend ${name} failed to start:`, e);
    return false;
  }
}

function describe(name: BackendName, reason: string, available: BackendName[]): BackendInfo {
  const info: BackendInfo = { name, reason, available };
  if (name === 'wasm') {
    const simd = typeof WebAssembly.validate === 'function' && simdSupported();
    info.tfjsWasm = { simd, threads: safeThreads() };
  }
  return info;
}

function safeThreads(): number {
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}

/** Detects WebAssembly SIMD by validating a minimal module that uses a v128 instruction. */
function simdSupported(): boolean {
  const bytes = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
  ]);
  return WebAssembly.validate(bytes);
}

/**
 * The backend ladder: WebGPU only on a real GPU, else WASM (SIMD, threads when cross-origin isolated),
 * else WebGL, else the pure-JS CPU backend. A choice other than 'auto' is tried first.
 */
export async function chooseBackend(choice: BackendChoice, exclude: BackendName[] = []): Promise<BackendInfo> {
  const gpu = await realGpu();
  const order = (choice === 'auto' ? LADDER : [choice, ...LADDER.filter((b) => b !== choice)]).filter((b) => !exclude.includes(b));
  const available: BackendName[] = [];
  for (const name of LADDER) if (name !== 'webgpu' || gpu.ok) available.push(name);
  for (const name of order) {
    if (name === 'webgpu' && choice !== 'webgpu' && !gpu.ok) continue;
    if (await trySet(name)) {
      const reason =
        choice === name
          ? `chosen in settings`
          : name === 'webgpu'
            ? gpu.why
            : name === 'wasm'
              ? `${gpu.ok ? 'WebGPU unavailable' : gpu.why}; WASM is the fastest on CPU`
              : `faster backends failed to start`;
      return describe(name, reason, available);
    }
  }
  throw new Error('No TensorFlow.js backend could start on this device.');
}

/** The next backend down the ladder after a failure of `current`. */
export function nextBackend(current: BackendName): BackendName | null {
  const i = LADDER.indexOf(current);
  return i >= 0 && i < LADDER.length - 1 ? LADDER[i + 1] : null;
}

/** The backend and compute engine a worker starts with (the ladder or the choice), its helper threads started. */
export async function startBackend(simd: SimdEngine, choice: BackendChoice, engine: ComputeEngine = 'auto'): Promise<BackendInfo> {
  const b = await chooseBackend(choice);
  const chosen = await chooseEngine(simd, engine, b);
  if (simd.kernels) startHelperThreads(simd.kernels);
  return { ...b, engine: { ...chosen, helpers: helperPool()?.size ?? 0 } };
}

/** Where a run goes on after its engine or backend failed mid-run: the config it continues with and the backend. */
export interface FallBack {
  config: EngineConfig;
  /** The backend now in use; null when it did not change (an engine failure before any backend was known). */
  backend: BackendInfo | null;
}

/**
 * One step down after a failure mid-run (`why`): the WASM SIMD engine gives way to TF.js on the same backend first
 * (checkpoints have one layout on both engines), then the TF.js backend to the next on the ladder. Null when none is left.
 */
export async function fallBack(simd: SimdEngine, current: BackendInfo | null, config: EngineConfig, why: string): Promise<FallBack | null> {
  if (config.engine === 'wasm') {
    const next: EngineConfig = { ...config, engine: 'tfjs' };
    const backend: BackendInfo | null = current && {
      ...current,
      engine: {
        name: 'tfjs',
        reason: `TF.js: the WebAssembly SIMD engine failed mid-run (${why}); the run went on from its last checkpoint`,
      },
    };
    return { config: next, backend };
  }
  const next = current ? nextBackend(current.name) : null;
  if (!current || !next) return null;
  const b = await chooseBackend(next, [current.name]);
  return { config, backend: { ...b, engine: await chooseEngine(simd, config.engine, b) } };
}
