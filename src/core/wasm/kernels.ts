/**
 * The compiled WebAssembly SIMD kernels (wasm/assembly/, exported by its index.ts) and the memory they work in. Core never
 * fetches or reads files: the host (worker, Node bench, tests) compiles the .wasm and registers the module
 * here. Instances are pooled: a released instance is handed to the next engine with its arena reset, so
 * consecutive runs reuse the same linear memory instead of growing new ones.
 */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemm(a: number, ars: number, acs: number, b: number, c: number, m: number, k: number, n: number, accumulate: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  bnTrainForward(a: number, normed: number, out: number, rows: number, width: number, groups: number, eps: number, slope: number, mean: number, variance: number, invStd: number): void;
  bnEvalForward(a: number, normed: number, out: number, rows: number, width: number, eps: number, slope: number, runMean: number, runVar: number, invStd: number): void;
  bnBackward(dOut: number, normed: number, invStd: number, rows: number, width: number, groups: number, slope: number, dA: number, scratch: number): void;
  bnRunningUpdate(runMean: number, runVar: number, mean: number, variance: number, width: number, groups: number, weights: number, decay: number, unbias: number): void;
  expArray(src: number, dst: number, n: number): void;
  encHeadForward(encOut: number, bias: number, eps: number, k: number, b: number, l: number, lvMin: number, lvMax: number, lvq: number, sigma: number, mask: number, z: number, latentTerm: number): void;
  decHeadForward(decOut: number, bias: number, x: number, k: number, b: number, d: number, lvMin: number, lvMax: number, muX: number, diff: number, expNeg: number, mask: number, latentTerm: number, logw: number): void;
  decHeadBackward(g: number, muX: number, diff: number, expNeg: number, mask: number, rows: number, d: number, dDecOut: number, biasGrad: number): void;
  encHeadBackward(dz: number, g: number, z: number, eps: number, sigma: number, mask: number, k: number, b: number, l: number, dEncOut: number, biasGrad: number): void;
  /** n normals from the Rng state given; returns the new state. */
  fillNormal(dst: number, n: number, state: number): number;
  adam(p: number, g: number, m: number, v: number, n: number, b1: number, ob1: number, b2: number, ob2: number, wd: number, sqrtC2: number, eps: number, lrC1: number): void;
  /** Adds each tree's leaf value to out (f64) for rows [b0, b1) of X (wasm/assembly/forest.ts). */
  forestSum(X: number, d: number, b0: number, b1: number, roots: number, trees: number, feature: number, threshold: number, children: number, leaf: number, leafValue: number, out: number): void;
}

const PAGE = 65536;
const ALIGN = 16;
const SLACK = 16;

/** One instance and a bump allocator over its memory: long-lived buffers first, then a scratch arena reset per call. */
export class Kernels {
  readonly k: KernelExports;
  private readonly base: number;
  private top: number;
  private mark = 0;

  constructor(instance: WebAssembly.Instance) {
    this.k = instance.exports as unknown as KernelExports;
    this.base = align(this.k.heapBase());
    this.top = this.base;
  }

  /** Reserves `floats` f32 (or i32) slots; returns the byte offset. Grows the memory when needed. */
  alloc(floats: number): number {
    const at = this.top;
    // 16 bytes of slack after every buffer: the products' vector loads may read up to 3 floats past a row.
    this.top = align(at + Math.max(1, floats) * 4 + SLACK);
    const need = this.top - this.k.memory.buffer.byteLength;
    if (need > 0) this.k.memory.grow(Math.ceil(need / PAGE));
    return at;
  }

  /** Everything allocated after this point is scratch, dropped by resetScratch(). */
  sealPersistent(): void {
    this.mark = this.top;
  }

  resetScratch(): void {
    this.top = this.mark;
  }

  /** Where the next allocation goes: give it to rewind() to drop what is allocated after it. */
  position(): number {
    return this.top;
  }

  rewind(position: number): void {
    if (position < this.mark || position > this.top) throw new Error('rewind outside the scratch arena');
    this.top = position;
  }

  /** A fresh view (memory growth detaches old ones). */
  f32(ptr: number, len: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, len);
  }

  /** Bytes of linear memory this instance holds. */
  get bytes(): number {
    return this.k.memory.buffer.byteLength;
  }

  /** Back to an empty arena, for the pool. */
  reset(): void {
    this.top = this.base;
    this.mark = 0;
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

let compiled: WebAssembly.Module | null = null;
const pool: Kernels[] = [];

/** Registers the compiled kernels (from bytes or an already compiled module). */
export function registerWasmKernels(source: WebAssembly.Module | BufferSource): void {
  compiled = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  pool.length = 0;
}

export function wasmKernelsAvailable(): boolean {
  return compiled !== null;
}

/** An instance for one engine: a pooled one if any, else a new one. */
export function acquireKernels(): Kernels {
  if (!compiled) throw new Error('the WebAssembly engine is not loaded (registerWasmKernels was not called)');
  const pooled = pool.pop();
  if (pooled) return pooled;
  return new Kernels(new WebAssembly.Instance(compiled, {}));
}

export function releaseKernels(kernels: Kernels): void {
  kernels.reset();
  // Keep at most two: ODIM and the tests run one engine at a time, Learn's comparison two.
  if (pool.length < 2) pool.push(kernels);
}

/** Linear memory held by pooled instances (for the no-growth test and the bench). */
export function pooledKernelBytes(): number {
  return pool.reduce((s, k) => s + k.bytes, 0);
}
