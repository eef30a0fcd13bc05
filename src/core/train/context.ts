import type { ComputeEngine, EngineConfig } from '../config';
import type { Matrix } from '../data/matrix';
import { wasmKernelsAvailable } from '../wasm/kernels';
import { WasmTrainContext } from '../wasm/wasmContext';
import { TfTrainContext } from './tfContext';
import type { EngineName, TrainContext } from './trainContext';

/**
 * Which engine computes: 'auto' is the WebAssembly SIMD engine whenever its kernels are loaded (the host
 * registers them; on a GPU the worker calibrates and names the engine itself), else TF.js.
 */
export function resolveEngine(choice: ComputeEngine): EngineName {
  if (choice === 'tfjs') return 'tfjs';
  if (choice === 'wasm' && !wasmKernelsAvailable()) throw new Error('the WebAssembly engine is not loaded');
  return wasmKernelsAvailable() ? 'wasm' : 'tfjs';
}

export function createTrainContext(X: Matrix, cfg: EngineConfig, seed: number): TrainContext {
  return resolveEngine(cfg.engine) === 'wasm' ? new WasmTrainContext(X, cfg, seed) : new TfTrainContext(X, cfg, seed);
}
