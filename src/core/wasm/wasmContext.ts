import type { EngineConfig, ModelConfig } from '../config';
import type { Matrix } from '../data/matrix';
import { architectureFor, type Architecture } from '../model/architecture';
import { Rng } from '../rng';
import { ready, sampleRows, type EngineState, type StepOutput, type StepSpec, type TrainContext } from '../train/trainContext';
import { acquireKernels, releaseKernels, type Kernels } from './kernels';
import { lossGrad } from './loss';
import { backward, forward, type LinearPtrs, type Net } from './network';
import { matrixKey, scoreRows } from './scoring';
import { accumulateGradients, applyAdam, updateRunningStats } from './update';
import { WasmWeights } from './weights';
import { ghostProbeFromTape, iwaeLinearGrads, type GradientProbe } from '../model/iwaeGhost';

let contexts = 0;

/**
 * The WebAssembly SIMD engine: weights, Adam moments and BatchNorm running statistics live in the
 * instance's linear memory (weights.ts), and one update is a few dozen kernel calls (TF.js: ~400 kernels)
 * with the hand-written backward pass (network.ts, update.ts); scoring.ts scores whole tables. The noise is
 * drawn from the same seeded stream, in the same order, as the TF.js engine's, so a seed gives the same run on
 * either up to float rounding.
 */
export class WasmTrainContext implements TrainContext {
  readonly engine = 'wasm' as const;
  readonly rng: Rng;
  readonly n: number;
  readonly latent: number;
  readonly cfg: EngineConfig;
  private readonly arch: Architecture;
  private readonly mc: ModelConfig;
  private kern: Kernels | null;
  /**
   * The training rows, row-major: the caller's array, not a copy. Linear memory holds only the rows a pass works
   * on (a batch, a scoring chunk), copied in per call: a 600k x 10 table is 24 MB once instead of twice.
   */
  private readonly x: Float32Array;
  private readonly w: WasmWeights;
  /** Names this engine's row slices in helper threads' caches. */
  private readonly id = ++contexts;

  constructor(X: Matrix, cfg: EngineConfig, seed: number) {
    this.cfg = cfg;
    this.mc = cfg.model;
    this.rng = new Rng(seed);
    this.arch = architectureFor(X.cols, cfg.model.hidden, cfg.model.latent);
    this.latent = this.arch.latent;
    this.n = X.rows;
    this.kern = acquireKernels();
    this.x = X.data.subarray(0, X.rows * X.cols);
    this.w = new WasmWeights(this.kern, this.arch, this.rng);
  }

  sample(pool: Int32Array, size: number): Int32Array {
    return sampleRows(this.rng, pool, size);
  }

  step(spec: StepSpec): StepOutput {
    const { loss, losses, main } = accumulateGradients(this, spec);
    applyAdam(this.net(), this.cfg.optim);
    updateRunningStats(this.net(), main);
    return { loss: ready(loss), losses: spec.keepLosses ? ready(losses) : null };
  }

  /**
   * The loss of one update and its gradient, one array per parameter, without applying it (tests compare
   * them with TF.js autodiff). Draws the update's noise, like step().
   */
  lossAndGradients(spec: StepSpec): { loss: number; grads: Float32Array[] } {
    const { loss } = accumulateGradients(this, spec);
    return { loss, grads: this.w.split(this.kernels(), this.w.grads) };
  }

  scoreTrain(k: number): Promise<Float32Array> {
    return scoreRows(this, `${this.id}:train`, this.x, this.n, k);
  }

  scoreMatrix(m: Matrix, k: number): Promise<Float32Array> {
    const d = this.arch.inputDim;
    if (m.cols !== d) throw new Error(`scoring needs ${d} columns, got ${m.cols}`);
    return scoreRows(this, `${this.id}:${matrixKey(m)}`, m.data, m.rows, k);
  }

  async probeGradients(rows: Int32Array, k: number): Promise<GradientProbe> {
    const n = this.net();
    const { kern, w } = n;
    kern.resetScratch();
    w.refreshTransposes(kern);
    const b = rows.length;
    // Same draw as the TF.js engine's probe: K x B x latent normals from the seeded stream.
    const eps = this.noise(k, b);
    const pass = forward(n, this.gather(rows), b, k, eps, 'eval');
    const logw = kern.f32(pass.logw, k * b).slice();
    const rec = new Map<number, LinearPtrs>();
    // The backward pass adds into the gradient buffer, which every update zeroes before it accumulates.
    backward(n, pass, lossGrad(logw, k, b, new Float32Array(b).fill(1), 1), rec);
    const copy = (r: LinearPtrs) => ({ input: kern.f32(r.input, r.rows * r.inW).slice(), dOut: kern.f32(r.dOut, r.rows * r.outW).slice(), inW: r.inW, outW: r.outW });
    const nEnc = w.enc.length;
    const blocks = Array.from({ length: 2 * nEnc }, (_, i) => copy(rec.get(i)!));
    const encHead = copy(rec.get(2 * nEnc)!);
    const decHead = copy(rec.get(2 * nEnc + 2)!);
    kern.resetScratch();
    const tape = { blocks, encTop: encHead.input, dEncOut: encHead.dOut, decTop: decHead.input, dDecOut: decHead.dOut };
    const dims = { nEnc, d: this.arch.inputDim, latent: this.arch.latent, hLast: w.encHead.rows, hFirst: w.decHead.rows, k };
    return ghostProbeFromTape(iwaeLinearGrads(tape, dims), b);
  }

  async readState(): Promise<EngineState> {
    return this.w.readState(this.kernels());
  }

  /** Parameters then BatchNorm running statistics (EngineState.state): all that scoring needs. */
  readWeights(): Float32Array[] {
    return this.w.readWeights(this.kernels());
  }

  writeState(s: EngineState): void {
    this.w.writeState(this.kernels(), s);
  }

  /** Sets parameters and BatchNorm running statistics (the layout of readWeights), leaving Adam as it is. */
  writeWeights(state: Float32Array[]): void {
    this.w.writeWeights(this.kernels(), state);
  }

  /** Bytes of linear memory in use by this engine's instance. */
  get memoryBytes(): number {
    return this.kernels().bytes;
  }

  dispose(): void {
    if (this.kern) releaseKernels(this.kern);
    this.kern = null;
  }

  /** The network's kernels, shape, settings and weights, for a pass. */
  net(): Net {
    return { kern: this.kernels(), arch: this.arch, mc: this.mc, w: this.w };
  }

  private kernels(): Kernels {
    if (!this.kern) throw new Error('the engine was disposed');
    return this.kern;
  }

  /**
   * Standard-normal noise [K, B, latent] from the seeded stream, drawn inside WASM: the same mulberry32 +
   * Box-Muller as Rng.normal(), bit for bit (a unit test compares millions of draws), 2-3x faster.
   */
  noise(k: number, b: number): number {
    const n = k * b * this.latent;
    const p = this.kernels().alloc(n);
    this.rng.setState(this.kernels().k.fillNormal(p, n, this.rng.getState()));
    return p;
  }

  /** The rows `rows` of the training matrix, copied into scratch (the bits as they are). */
  gather(rows: Int32Array): number {
    const kern = this.kernels();
    const d = this.arch.inputDim;
    const out = kern.alloc(rows.length * d);
    // The view after alloc: growing the memory detaches earlier ones.
    const dst = kern.f32(out, rows.length * d);
    const x = this.x;
    for (let i = 0, o = 0; i < rows.length; i++) {
      const from = rows[i] * d;
      if (from < 0 || from + d > x.length) throw new RangeError(`row ${rows[i]} is outside the ${this.n} training rows`);
      for (let c = 0; c < d; c++) dst[o++] = x[from + c];
    }
    return out;
  }
}
