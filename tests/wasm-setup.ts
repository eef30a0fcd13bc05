import { readFileSync } from 'node:fs';
import { registerWasmKernels } from '../src/core/wasm/kernels';

/** Registers the compiled WebAssembly SIMD kernels (npm run build:wasm makes them; pretest:unit runs it). */
export function useWasmKernels(): void {
  registerWasmKernels(new Uint8Array(readFileSync(new URL('../wasm/build/imlab.wasm', import.meta.url))));
}
