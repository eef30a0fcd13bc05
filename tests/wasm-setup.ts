import { readFileSync } from 'node:fs';
import { registerWasmKernels } from '../src/core/wasm/kernels';

export type KernelBuild = 'simd' | 'fma';

export function kernelBytes(build: KernelBuild): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(readFileSync(new URL(`../wasm/build/${build === 'fma' ? 'imlab-fma' : 'imlab'}.wasm`, import.meta.url)));
}

/** Whether this runtime validates the relaxed-SIMD (FMA) build. */
export function fmaAvailable(): boolean {
  return WebAssembly.validate(kernelBytes('fma'));
}

/**
 * Registers the compiled WebAssembly SIMD kernels (npm run build:wasm makes them; pretest:unit runs it):
 * the baseline build unless asked for the FMA one.
 */
export function useWasmKernels(build: KernelBuild = 'simd'): void {
  registerWasmKernels(kernelBytes(build));
}
