import { readFileSync } from 'node:fs';
import path from 'node:path';
import { registerWasmKernels } from '../src/core/wasm/kernels';

declare const __dirname: string;

/** Registers the WebAssembly SIMD engine's kernels, built by `npm run build:wasm` next to the bundle's sources. */
export function loadWasmEngine(): void {
  registerWasmKernels(readFileSync(path.join(__dirname, '../wasm/build/imlab.wasm')));
}
