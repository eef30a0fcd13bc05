import { readFileSync } from 'node:fs';
import path from 'node:path';
import { registerWasmKernels } from '../src/core/wasm/kernels';

declare const __dirname: string;

/**
 * Registers the WebAssembly SIMD engine's kernels, built by `npm run build:wasm`: the relaxed-SIMD build (fused
 * multiply-add) when this Node validates it (the bench scripts pass --experimental-wasm-relaxed-simd; Chromium has
 * relaxed SIMD on by default), else the baseline SIMD build. Returns which.
 */
export function loadWasmEngine(): 'fma' | 'simd' {
  const read = (name: string) => readFileSync(path.join(__dirname, '../wasm/build', name));
  const fma = read('imlab-fma.wasm');
  const build = WebAssembly.validate(fma) ? 'fma' : 'simd';
  compiled = new WebAssembly.Module(build === 'fma' ? fma : read('imlab.wasm'));
  registerWasmKernels(compiled);
  return build;
}

let compiled: WebAssembly.Module | null = null;

/** The module loadWasmEngine() registered (helper threads are sent the same one). */
export function compiledKernels(): WebAssembly.Module {
  if (!compiled) throw new Error('loadWasmEngine() first');
  return compiled;
}
