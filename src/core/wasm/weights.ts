/** The WASM engine's weights layout: parameters, gradients, Adam moments and BatchNorm running statistics in linear memory. */
import type { EngineState } from '../train/trainContext';
import type { Architecture } from '../model/architecture';
import { batchNormWidths, initialParams, paramSpecs } from '../model/init';
import type { Rng } from '../rng';
import type { Kernels } from './kernels';

/** A linear layer's place in the flat parameter vector, and its transposed copy for the backward pass. */
export interface Linear {
  off: number;
  rows: number;
  cols: number;
  transposed: number;
}

export class WasmWeights {
  /** Elements of each parameter array, in paramSpecs order. */
  readonly sizes: number[];
  readonly total: number;
  readonly params: number;
  readonly grads: number;
  readonly adamM: number;
  readonly adamV: number;
  adamStep = 0;
  readonly enc: Linear[];
  readonly dec: Linear[];
  readonly encHead: Linear;
  readonly decHead: Linear;
  readonly encBias: number;
  readonly decBias: number;
  readonly bn: { mean: number; variance: number; width: number }[];
  /** Whether the transposed copies match the parameters (an update or a write makes them stale). */
  transposesFresh = false;

  /** Allocates the persistent arrays and draws the initial parameters from `rng`. */
  constructor(kern: Kernels, arch: Architecture, rng: Rng) {
    const specs = paramSpecs(arch);
    this.sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    this.params = kern.alloc(this.total);
    this.grads = kern.alloc(this.total);
    this.adamM = kern.alloc(this.total);
    this.adamV = kern.alloc(this.total);
    const offsets: number[] = [];
    let at = this.params;
    for (const size of this.sizes) {
      offsets.push(at);
      at += size * 4;
    }
    const linear = (i: number): Linear => ({ off: offsets[i], rows: specs[i].shape[0], cols: specs[i].shape[1], transposed: kern.alloc(this.sizes[i]) });
    const nEnc = arch.hidden.length;
    this.enc = specs.slice(0, nEnc).map((_, i) => linear(i));
    this.dec = specs.slice(nEnc, 2 * nEnc).map((_, i) => linear(nEnc + i));
    this.encHead = linear(2 * nEnc);
    this.encBias = offsets[2 * nEnc + 1];
    this.decHead = linear(2 * nEnc + 2);
    this.decBias = offsets[2 * nEnc + 3];
    this.bn = batchNormWidths(arch).map((width) => ({ mean: kern.alloc(width), variance: kern.alloc(width), width }));
    kern.sealPersistent();
    // Same draws, same order as the TF.js engine's Iwae.
    const init = initialParams(arch, rng);
    init.forEach((v, i) => kern.f32(offsets[i], v.length).set(v));
    for (const s of this.bn) {
      kern.f32(s.mean, s.width).fill(0);
      kern.f32(s.variance, s.width).fill(1);
    }
    kern.f32(this.adamM, this.total).fill(0);
    kern.f32(this.adamV, this.total).fill(0);
  }

  /** Where a parameter's gradient is in the gradient buffer. */
  gradOf(paramPtr: number): number {
    return this.grads + (paramPtr - this.params);
  }

  zeroGrads(kern: Kernels): void {
    kern.f32(this.grads, this.total).fill(0);
  }

  refreshTransposes(kern: Kernels): void {
    if (this.transposesFresh) return;
    for (const w of [...this.enc, ...this.dec, this.encHead, this.decHead]) kern.k.transpose(w.off, w.transposed, w.rows, w.cols);
    this.transposesFresh = true;
  }

  readState(kern: Kernels): EngineState {
    return { state: this.readWeights(kern), adamM: this.split(kern, this.adamM), adamV: this.split(kern, this.adamV), adamStep: this.adamStep };
  }

  /** Parameters then BatchNorm running statistics (EngineState.state): all that scoring needs. */
  readWeights(kern: Kernels): Float32Array[] {
    const bn = this.bn.flatMap((s) => [kern.f32(s.mean, s.width).slice(), kern.f32(s.variance, s.width).slice()]);
    return [...this.split(kern, this.params), ...bn];
  }

  /** Copies of the arrays at `base` laid out as the parameters (parameters, gradients, moments). */
  split(kern: Kernels, base: number): Float32Array[] {
    let at = base;
    return this.sizes.map((n) => {
      const v = kern.f32(at, n).slice();
      at += n * 4;
      return v;
    });
  }

  writeState(kern: Kernels, s: EngineState): void {
    if (!fits(s.adamM, this.sizes) || !fits(s.adamV, this.sizes)) throw new Error('checkpoint does not match the model');
    this.writeWeights(kern, s.state);
    this.join(kern, this.adamM, s.adamM);
    this.join(kern, this.adamV, s.adamV);
    this.adamStep = s.adamStep;
  }

  /** Sets parameters and BatchNorm running statistics (the layout of readWeights), leaving Adam as it is. */
  writeWeights(kern: Kernels, state: Float32Array[]): void {
    const expected = [...this.sizes, ...this.bn.flatMap((b) => [b.width, b.width])];
    if (!fits(state, expected)) throw new Error('checkpoint does not match the model');
    this.join(kern, this.params, state.slice(0, this.sizes.length));
    this.bn.forEach((b, i) => {
      kern.f32(b.mean, b.width).set(state[this.sizes.length + 2 * i]);
      kern.f32(b.variance, b.width).set(state[this.sizes.length + 2 * i + 1]);
    });
    this.transposesFresh = false;
  }

  private join(kern: Kernels, base: number, arrays: Float32Array[]): void {
    let at = base;
    for (const a of arrays) {
      kern.f32(at, a.length).set(a);
      at += a.length * 4;
    }
  }
}

function fits(arrays: Float32Array[], sizes: number[]): boolean {
  return arrays.length === sizes.length && arrays.every((a, i) => a.length === sizes[i]);
}
