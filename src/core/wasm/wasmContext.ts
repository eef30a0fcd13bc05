import type { EngineConfig, ModelConfig } from '../config';
import type { Matrix } from '../data/matrix';
import { architectureFor, type Architecture } from '../model/architecture';
import { batchNormWidths, initialParams, paramSpecs } from '../model/init';
import { Rng } from '../rng';
import { yieldToLoop } from '../train/control';
import { ready, sampleRows, type EngineState, type StepOutput, type StepSpec, type TrainContext } from '../train/trainContext';
import type { RowPart } from '../threads/split';
import { scoreSplit, type RowSlices } from '../threads/splitPass';
import { acquireKernels, releaseKernels, type Kernels } from './kernels';
import { cuboGrad, lossGrad, meanOf, negBound, trimmedMask } from './loss';
import { ghostProbeFromTape, iwaeLinearGrads, type GradientProbe } from '../model/iwaeGhost';

/** A linear layer's input and output gradient in the scratch arena, recorded by a probe's backward pass. */
interface LinearPtrs {
  input: number;
  dOut: number;
  rows: number;
  inW: number;
  outW: number;
}


let contexts = 0;
const matrixIds = new WeakMap<Matrix, number>();
let matrices = 0;

/** A linear layer's place in the flat parameter vector, and its transposed copy for the backward pass. */
interface Linear {
  off: number;
  rows: number;
  cols: number;
  transposed: number;
}

/** What one block's forward pass left for the backward pass (pointers into the scratch arena). */
interface BlockTape {
  input: number;
  rows: number;
  normed: number;
  invStd: number;
  /** Groups with batch statistics, or 0: running statistics. */
  groups: number;
  mean: number;
  variance: number;
}

/** One forward pass's buffers: inputs, per-block tapes, heads, and log w [K, B]. */
interface Pass {
  k: number;
  b: number;
  x: number;
  eps: number;
  blocks: BlockTape[];
  encTop: number;
  encOut: number;
  lvq: number;
  sigma: number;
  lvqMask: number;
  z: number;
  latentTerm: number;
  decTop: number;
  muX: number;
  diff: number;
  expNeg: number;
  lvxMask: number;
  logw: number;
}

/**
 * The WebAssembly SIMD engine: weights, Adam moments and BatchNorm running statistics live in the
 * instance's linear memory, and one update is a few dozen kernel calls (TF.js: ~400 kernels) with the
 * hand-written backward pass of iwaeBackward.ts. The noise is drawn from the same seeded stream, in the
 * same order, as the TF.js engine's, so a seed gives the same run on either up to float rounding.
 */
/** Rows scored between two yields to the event loop. */
const YIELD_ROWS = 65_536;
/**
 * Decoder rows (rows x K) of one forward pass when scoring: a scoring chunk's noise is drawn whole (its layout
 * decides the numbers) and its rows go through the network in pieces of this size. Eval mode treats every row
 * alone, so the scores are the same bits; the scratch stays ~2 MB instead of ~13 MB for 8,192 rows at K = 2.
 */
const FORWARD_ROWS = 2048;

export class WasmTrainContext implements TrainContext {
  readonly engine = 'wasm' as const;
  readonly rng: Rng;
  readonly n: number;
  readonly latent: number;
  private readonly arch: Architecture;
  private readonly mc: ModelConfig;
  private readonly cfg: EngineConfig;
  private kern: Kernels | null;
  /**
   * The training rows, row-major: the caller's array, not a copy. Linear memory holds only the rows a pass works
   * on (a batch, a scoring chunk), copied in per call: a 600k x 10 table is 24 MB once instead of twice.
   */
  private readonly x: Float32Array;
  private readonly sizes: number[];
  private readonly total: number;
  private readonly params: number;
  private readonly grads: number;
  private readonly adamM: number;
  private readonly adamV: number;
  private adamStep = 0;
  private readonly enc: Linear[];
  private readonly dec: Linear[];
  private readonly encHead: Linear;
  private readonly decHead: Linear;
  private readonly encBias: number;
  private readonly decBias: number;
  private readonly bn: { mean: number; variance: number; width: number }[];
  private transposesFresh = false;
  /** Names this engine's row slices in helper threads' caches. */
  private readonly id = ++contexts;

  constructor(X: Matrix, cfg: EngineConfig, seed: number) {
    this.cfg = cfg;
    this.mc = cfg.model;
    this.rng = new Rng(seed);
    this.arch = architectureFor(X.cols, cfg.model.hidden, cfg.model.latent);
    this.latent = this.arch.latent;
    this.n = X.rows;
    const kern = (this.kern = acquireKernels());
    const specs = paramSpecs(this.arch);
    this.sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    this.x = X.data.subarray(0, X.rows * X.cols);
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
    const nEnc = this.arch.hidden.length;
    this.enc = specs.slice(0, nEnc).map((_, i) => linear(i));
    this.dec = specs.slice(nEnc, 2 * nEnc).map((_, i) => linear(nEnc + i));
    this.encHead = linear(2 * nEnc);
    this.encBias = offsets[2 * nEnc + 1];
    this.decHead = linear(2 * nEnc + 2);
    this.decBias = offsets[2 * nEnc + 3];
    this.bn = batchNormWidths(this.arch).map((width) => ({ mean: kern.alloc(width), variance: kern.alloc(width), width }));
    kern.sealPersistent();
    // Same draws, same order as the TF.js engine's Iwae.
    const init = initialParams(this.arch, this.rng);
    init.forEach((v, i) => kern.f32(offsets[i], v.length).set(v));
    for (const s of this.bn) {
      kern.f32(s.mean, s.width).fill(0);
      kern.f32(s.variance, s.width).fill(1);
    }
    kern.f32(this.adamM, this.total).fill(0);
    kern.f32(this.adamV, this.total).fill(0);
  }

  sample(pool: Int32Array, size: number): Int32Array {
    return sampleRows(this.rng, pool, size);
  }

  step(spec: StepSpec): StepOutput {
    const { loss, losses, main } = this.accumulateGradients(spec);
    this.applyAdam();
    this.updateRunningStats(main);
    return { loss: ready(loss), losses: spec.keepLosses ? ready(losses) : null };
  }

  /**
   * The loss of one update and its gradient, one array per parameter, without applying it (tests compare
   * them with TF.js autodiff). Draws the update's noise, like step().
   */
  lossAndGradients(spec: StepSpec): { loss: number; grads: Float32Array[] } {
    const { loss } = this.accumulateGradients(spec);
    let at = this.grads;
    const grads = this.sizes.map((n) => {
      const v = this.kernels().f32(at, n).slice();
      at += n * 4;
      return v;
    });
    return { loss, grads };
  }

  /** Forward passes, the loss of StepSpec and its gradient into the gradient buffer. */
  private accumulateGradients(spec: StepSpec): { loss: number; losses: Float32Array; main: Pass } {
    const kern = this.kernels();
    kern.resetScratch();
    this.refreshTransposes();
    const b = spec.batch.length;
    const k = spec.k;
    // Noise in the TF.js engine's order: the batch's, then the labeled inliers', then the labeled outliers'.
    const eps = this.noise(k, b);
    const nIn = spec.inliers?.length ?? 0;
    const nOut = spec.outliers?.length ?? 0;
    const epsI = nIn ? this.noise(k, nIn) : 0;
    const epsO = nOut ? this.noise(k, nOut) : 0;
    const main = this.forward(this.gather(spec.batch), b, k, eps, 'train');
    const mainLogw = kern.f32(main.logw, k * b).slice();
    const l = negBound(mainLogw, k, b);
    // Labeled terms use the running BatchNorm statistics (the reference's eval mode), with gradients.
    const needInlier = nIn > 0 && (spec.trim !== null || spec.lambda1 !== 0);
    const inlierPass = needInlier ? this.forward(this.gather(spec.inliers!), nIn, k, epsI, 'eval') : null;
    const inlierLogw = inlierPass ? kern.f32(inlierPass.logw, k * nIn).slice() : null;
    const inlierLoss = inlierLogw ? meanOf(negBound(inlierLogw, k, nIn)) : 0;
    const mask = spec.trim ? trimmedMask(l, spec.trim.rho, spec.trim.scale, Math.fround(inlierLoss * spec.trim.xi)) : null;
    let loss = mask ? trimmedMean(l, mask) : meanOf(l);
    const mainWeights = mask ? scaled(mask, 1 / Math.max(1, sum(mask))) : new Float32Array(b).fill(1 / b);
    this.zeroGrads();
    this.backward(main, lossGrad(mainLogw, k, b, mainWeights, 1));
    if (inlierPass && inlierLogw && spec.lambda1 !== 0) {
      loss += spec.lambda1 * inlierLoss;
      this.backward(inlierPass, lossGrad(inlierLogw, k, nIn, new Float32Array(nIn).fill(1 / nIn), spec.lambda1));
    }
    if (nOut && spec.lambda2 !== 0) {
      const outPass = this.forward(this.gather(spec.outliers!), nOut, k, epsO, 'eval');
      const { value, grad } = cuboGrad(kern.f32(outPass.logw, k * nOut).slice(), k, nOut, spec.cuboU, spec.lambda2);
      loss += spec.lambda2 * value;
      this.backward(outPass, grad);
    }
    return { loss: Math.fround(loss), losses: l, main };
  }

  scoreTrain(k: number): Promise<Float32Array> {
    return this.scoreRows(`${this.id}:train`, this.x, this.n, k);
  }

  scoreMatrix(m: Matrix, k: number): Promise<Float32Array> {
    const d = this.arch.inputDim;
    if (m.cols !== d) throw new Error(`scoring needs ${d} columns, got ${m.cols}`);
    let mid = matrixIds.get(m);
    if (mid === undefined) matrixIds.set(m, (mid = ++matrices));
    return this.scoreRows(`${this.id}:m${mid}`, m.data, m.rows, k);
  }

  async probeGradients(rows: Int32Array, k: number): Promise<GradientProbe> {
    const kern = this.kernels();
    kern.resetScratch();
    this.refreshTransposes();
    const b = rows.length;
    // Same draw as the TF.js engine's probe: K x B x latent normals from the seeded stream.
    const eps = this.noise(k, b);
    const pass = this.forward(this.gather(rows), b, k, eps, 'eval');
    const logw = kern.f32(pass.logw, k * b).slice();
    const rec = new Map<number, LinearPtrs>();
    // The backward pass adds into the gradient buffer, which every update zeroes before it accumulates.
    this.backward(pass, lossGrad(logw, k, b, new Float32Array(b).fill(1), 1), rec);
    const copy = (r: LinearPtrs) => ({ input: kern.f32(r.input, r.rows * r.inW).slice(), dOut: kern.f32(r.dOut, r.rows * r.outW).slice(), inW: r.inW, outW: r.outW });
    const nEnc = this.enc.length;
    const blocks = Array.from({ length: 2 * nEnc }, (_, i) => copy(rec.get(i)!));
    const encHead = copy(rec.get(2 * nEnc)!);
    const decHead = copy(rec.get(2 * nEnc + 2)!);
    kern.resetScratch();
    const tape = { blocks, encTop: encHead.input, dEncOut: encHead.dOut, decTop: decHead.input, dDecOut: decHead.dOut };
    const dims = { nEnc, d: this.arch.inputDim, latent: this.arch.latent, hLast: this.encHead.rows, hFirst: this.decHead.rows, k };
    return ghostProbeFromTape(iwaeLinearGrads(tape, dims), b);
  }

  async readState(): Promise<EngineState> {
    return { state: this.readWeights(), adamM: this.split(this.adamM), adamV: this.split(this.adamV), adamStep: this.adamStep };
  }

  /** Parameters then BatchNorm running statistics (EngineState.state): all that scoring needs. */
  readWeights(): Float32Array[] {
    const kern = this.kernels();
    const bn = this.bn.flatMap((s) => [kern.f32(s.mean, s.width).slice(), kern.f32(s.variance, s.width).slice()]);
    return [...this.split(this.params), ...bn];
  }

  private split(base: number): Float32Array[] {
    let at = base;
    return this.sizes.map((n) => {
      const v = this.kernels().f32(at, n).slice();
      at += n * 4;
      return v;
    });
  }

  writeState(s: EngineState): void {
    if (!fits(s.adamM, this.sizes) || !fits(s.adamV, this.sizes)) throw new Error('checkpoint does not match the model');
    this.writeWeights(s.state);
    this.join(this.adamM, s.adamM);
    this.join(this.adamV, s.adamV);
    this.adamStep = s.adamStep;
  }

  /** Sets parameters and BatchNorm running statistics (the layout of readWeights), leaving Adam as it is. */
  writeWeights(state: Float32Array[]): void {
    const kern = this.kernels();
    const expected = [...this.sizes, ...this.bn.flatMap((b) => [b.width, b.width])];
    if (!fits(state, expected)) throw new Error('checkpoint does not match the model');
    this.join(this.params, state.slice(0, this.sizes.length));
    this.bn.forEach((b, i) => {
      kern.f32(b.mean, b.width).set(state[this.sizes.length + 2 * i]);
      kern.f32(b.variance, b.width).set(state[this.sizes.length + 2 * i + 1]);
    });
    this.transposesFresh = false;
  }

  private join(base: number, arrays: Float32Array[]): void {
    let at = base;
    for (const a of arrays) {
      this.kernels().f32(at, a.length).set(a);
      at += a.length * 4;
    }
  }

  /** Bytes of linear memory in use by this engine's instance. */
  get memoryBytes(): number {
    return this.kernels().bytes;
  }

  dispose(): void {
    if (this.kern) releaseKernels(this.kern);
    this.kern = null;
  }

  // -------------------------------------------------------------------------------------------

  private kernels(): Kernels {
    if (!this.kern) throw new Error('the engine was disposed');
    return this.kern;
  }

  /**
   * Standard-normal noise [K, B, latent] from the seeded stream, drawn inside WASM: the same mulberry32 +
   * Box-Muller as Rng.normal(), bit for bit (a unit test compares millions of draws), 2-3x faster.
   */
  private noise(k: number, b: number): number {
    const n = k * b * this.latent;
    const p = this.kernels().alloc(n);
    this.rng.setState(this.kernels().k.fillNormal(p, n, this.rng.getState()));
    return p;
  }

  /** Rows [at, at + count) of noise [K, rows, latent], copied to a new [K, count, latent] buffer. */
  private noiseRows(eps: number, k: number, rows: number, at: number, count: number): number {
    const kern = this.kernels();
    const l = this.latent;
    const out = kern.alloc(k * count * l);
    const f = new Float32Array(kern.k.memory.buffer);
    for (let s = 0; s < k; s++) f.copyWithin(out / 4 + s * count * l, eps / 4 + (s * rows + at) * l, eps / 4 + (s * rows + at + count) * l);
    return out;
  }

  /** The rows `rows` of the training matrix, copied into scratch (the bits as they are). */
  private gather(rows: Int32Array): number {
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

  /** Rows [start, start + size) of `x` (row-major, this engine's width), copied into scratch. */
  private rowsIn(x: Float32Array, start: number, size: number): number {
    const d = this.arch.inputDim;
    const p = this.kernels().alloc(size * d);
    this.kernels()
      .f32(p, size * d)
      .set(x.subarray(start * d, (start + size) * d));
    return p;
  }

  /**
   * Scores the rows of `x` chunk by chunk; a big pass is split over idle helper threads (core/threads/splitPass.ts),
   * which are sent their slice of `x` once, named `key`.
   */
  private scoreRows(key: string, x: Float32Array, rows: number, k: number): Promise<Float32Array> {
    const d = this.arch.inputDim;
    const src: RowSlices = { key, copy: (start, size) => x.slice(start * d, (start + size) * d) };
    const chunk = Math.max(1, Math.floor(this.cfg.scoreChunk / Math.max(1, k / 2)));
    const host = {
      rng: this.rng,
      latent: this.latent,
      cols: this.arch.inputDim,
      paramCount: this.total,
      config: this.cfg,
      readWeights: () => this.readWeights(),
      scoreRange: (part: RowPart, out: Float32Array) => this.scoreRange(x, part, k, chunk, out),
    };
    return scoreSplit(host, src, rows, k, chunk);
  }

  /** Rows [part.start, part.start + part.count) from the stream's current state, into `out`. */
  private async scoreRange(x: Float32Array, part: RowPart, k: number, chunk: number, out: Float32Array): Promise<void> {
    const kern = this.kernels();
    const end = part.start + part.count;
    let sinceYield = 0;
    for (let start = part.start; start < end; start += chunk) {
      const size = Math.min(chunk, end - start);
      kern.resetScratch();
      const eps = this.noise(k, size);
      const piece = Math.max(1, Math.floor(FORWARD_ROWS / k));
      const scratch = kern.position();
      for (let at = 0; at < size; at += piece) {
        const count = Math.min(piece, size - at);
        kern.rewind(scratch);
        const rows = this.rowsIn(x, start + at, count);
        const pass = this.forward(rows, count, k, count === size ? eps : this.noiseRows(eps, k, size, at, count), 'eval');
        out.set(negBound(kern.f32(pass.logw, k * count), k, count), start + at);
      }
      // A big table's pass takes a while: let the worker answer the page (labels, table windows) meanwhile.
      sinceYield += size;
      if (sinceYield >= YIELD_ROWS && start + size < end) {
        sinceYield = 0;
        kern.resetScratch();
        await yieldToLoop();
      }
    }
    kern.resetScratch();
  }

  /** log w [K, B] of rows x [B, D] (pointer) for noise eps [K, B, L], recording the tape. */
  private forward(x: number, b: number, k: number, eps: number, mode: 'train' | 'eval'): Pass {
    const kern = this.kernels();
    const K = kern.k;
    const { inputDim: d, latent: l } = this.arch;
    const { logvarMin, logvarMax } = this.mc;
    const blocks: BlockTape[] = [];
    let h = x;
    let width = d;
    let bnIndex = 0;
    for (const w of this.enc) {
      h = this.block(h, b, width, w, bnIndex++, mode, 1, blocks);
      width = w.cols;
    }
    const encTop = h;
    const encOut = kern.alloc(b * 2 * l);
    K.gemm(h, width, 1, this.encHead.off, encOut, b, width, 2 * l, 0);
    const lvq = kern.alloc(b * l);
    const sigma = kern.alloc(b * l);
    const lvqMask = kern.alloc(b * l);
    const z = kern.alloc(k * b * l);
    const latentTerm = kern.alloc(k * b);
    K.encHeadForward(encOut, this.encBias, eps, k, b, l, logvarMin, logvarMax, lvq, sigma, lvqMask, z, latentTerm);
    const groups = this.mc.decoderBn === 'per-sample' ? k : 1;
    let g = z;
    width = l;
    for (const w of this.dec) {
      g = this.block(g, k * b, width, w, bnIndex++, mode, groups, blocks);
      width = w.cols;
    }
    const decTop = g;
    const rows = k * b;
    const decOut = kern.alloc(rows * 2 * d);
    K.gemm(g, width, 1, this.decHead.off, decOut, rows, width, 2 * d, 0);
    const muX = kern.alloc(rows * d);
    const diff = kern.alloc(rows * d);
    const expNeg = kern.alloc(rows * d);
    const lvxMask = kern.alloc(rows * d);
    const logw = kern.alloc(rows);
    K.decHeadForward(decOut, this.decBias, x, k, b, d, logvarMin, logvarMax, muX, diff, expNeg, lvxMask, latentTerm, logw);
    return { k, b, x, eps, blocks, encTop, encOut, lvq, sigma, lvqMask, z, latentTerm, decTop, muX, diff, expNeg, lvxMask, logw };
  }

  /** Linear -> BatchNorm -> LeakyReLU over `rows` rows; batch statistics need >= 2 rows per group. */
  private block(h: number, rows: number, inW: number, w: Linear, bnIndex: number, mode: 'train' | 'eval', groups: number, tape: BlockTape[]): number {
    const kern = this.kernels();
    const width = w.cols;
    const a = kern.alloc(rows * width);
    kern.k.gemm(h, inW, 1, w.off, a, rows, inW, width, 0);
    const out = kern.alloc(rows * width);
    const batchStats = mode === 'train' && rows / groups >= 2;
    const { bnEps, leakySlope } = this.mc;
    if (batchStats) {
      const mean = kern.alloc(groups * width);
      const variance = kern.alloc(groups * width);
      const invStd = kern.alloc(groups * width);
      // normed is written over the pre-activation (each element is read before it is written).
      kern.k.bnTrainForward(a, a, out, rows, width, groups, bnEps, leakySlope, mean, variance, invStd);
      tape.push({ input: h, rows, normed: a, invStd, groups, mean, variance });
    } else {
      const s = this.bn[bnIndex];
      const invStd = kern.alloc(width);
      kern.k.bnEvalForward(a, a, out, rows, width, bnEps, leakySlope, s.mean, s.variance, invStd);
      tape.push({ input: h, rows, normed: a, invStd, groups: 0, mean: 0, variance: 0 });
    }
    return out;
  }

  /** Adds the gradient of sum(dLogw * log w) over the pass to the gradient buffer. */
  private backward(p: Pass, dLogw: Float32Array, rec?: Map<number, LinearPtrs>): void {
    const kern = this.kernels();
    const K = kern.k;
    const { inputDim: d, latent: l } = this.arch;
    const g = kern.alloc(dLogw.length);
    kern.f32(g, dLogw.length).set(dLogw);
    const rows = p.k * p.b;
    const hFirst = this.decHead.rows;
    const dDecOut = kern.alloc(rows * 2 * d);
    K.decHeadBackward(g, p.muX, p.diff, p.expNeg, p.lvxMask, rows, d, dDecOut, this.gradOf(this.decBias));
    K.gemm(p.decTop, 1, hFirst, dDecOut, this.gradOf(this.decHead.off), hFirst, rows, 2 * d, 1);
    rec?.set(2 * this.enc.length + 2, { input: p.decTop, dOut: dDecOut, rows, inW: hFirst, outW: 2 * d });
    let dG = kern.alloc(rows * hFirst);
    K.gemm(dDecOut, 2 * d, 1, this.decHead.transposed, dG, rows, 2 * d, hFirst, 0);
    const nEnc = this.enc.length;
    for (let j = this.dec.length - 1; j >= 0; j--) dG = this.blockBackward(dG, p.blocks[nEnc + j], this.dec[j], true, rec, nEnc + j);
    const dEncOut = kern.alloc(p.b * 2 * l);
    K.encHeadBackward(dG, g, p.z, p.eps, p.sigma, p.lvqMask, p.k, p.b, l, dEncOut, this.gradOf(this.encBias));
    const hLast = this.encHead.rows;
    K.gemm(p.encTop, 1, hLast, dEncOut, this.gradOf(this.encHead.off), hLast, p.b, 2 * l, 1);
    rec?.set(2 * nEnc, { input: p.encTop, dOut: dEncOut, rows: p.b, inW: hLast, outW: 2 * l });
    let dH = kern.alloc(p.b * hLast);
    K.gemm(dEncOut, 2 * l, 1, this.encHead.transposed, dH, p.b, 2 * l, hLast, 0);
    for (let j = nEnc - 1; j >= 0; j--) dH = this.blockBackward(dH, p.blocks[j], this.enc[j], j > 0, rec, j);
  }

  /** LeakyReLU -> BatchNorm -> Linear, backwards; returns the input's gradient (0 when not needed). */
  private blockBackward(dOut: number, t: BlockTape, w: Linear, needInput: boolean, rec?: Map<number, LinearPtrs>, index = -1): number {
    const kern = this.kernels();
    const K = kern.k;
    const scratch = kern.alloc(2 * w.cols);
    K.bnBackward(dOut, t.normed, t.invStd, t.rows, w.cols, t.groups, this.mc.leakySlope, dOut, scratch);
    // dOut now holds the gradient at the linear output (written in place); later steps allocate new buffers.
    rec?.set(index, { input: t.input, dOut, rows: t.rows, inW: w.rows, outW: w.cols });
    K.gemm(t.input, 1, w.rows, dOut, this.gradOf(w.off), w.rows, t.rows, w.cols, 1);
    if (!needInput) return 0;
    const dIn = kern.alloc(t.rows * w.rows);
    K.gemm(dOut, w.cols, 1, w.transposed, dIn, t.rows, w.cols, w.rows, 0);
    return dIn;
  }

  private gradOf(paramPtr: number): number {
    return this.grads + (paramPtr - this.params);
  }

  private zeroGrads(): void {
    this.kernels().f32(this.grads, this.total).fill(0);
  }

  private refreshTransposes(): void {
    if (this.transposesFresh) return;
    const K = this.kernels().k;
    for (const w of [...this.enc, ...this.dec, this.encHead, this.decHead]) K.transpose(w.off, w.transposed, w.rows, w.cols);
    this.transposesFresh = true;
  }

  private applyAdam(): void {
    const { lr, beta1, beta2, eps, weightDecay } = this.cfg.optim;
    this.adamStep++;
    const c1 = 1 - beta1 ** this.adamStep;
    const c2 = 1 - beta2 ** this.adamStep;
    this.kernels().k.adam(this.params, this.grads, this.adamM, this.adamV, this.total, beta1, 1 - beta1, beta2, 1 - beta2, weightDecay, Math.sqrt(c2), eps, lr / c1);
    this.transposesFresh = false;
  }

  /** Folds the main pass's batch statistics into the running ones (PyTorch: unbiased variance). */
  private updateRunningStats(p: Pass): void {
    const kern = this.kernels();
    const m = this.mc.bnMomentum;
    p.blocks.forEach((t, i) => {
      if (!t.groups) return;
      const count = t.rows / t.groups;
      const weights = kern.alloc(t.groups);
      kern.f32(weights, t.groups).set(Array.from({ length: t.groups }, (_, g) => m * (1 - m) ** (t.groups - 1 - g)));
      const s = this.bn[i];
      kern.k.bnRunningUpdate(s.mean, s.variance, t.mean, t.variance, s.width, t.groups, weights, (1 - m) ** t.groups, count / Math.max(1, count - 1));
    });
  }
}

function sum(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

function scaled(v: Float32Array, by: number): Float32Array {
  return Float32Array.from(v, (x) => x * by);
}

function trimmedMean(l: Float32Array, mask: Float32Array): number {
  let s = 0;
  for (let i = 0; i < l.length; i++) s += l[i] * mask[i];
  return s / Math.max(1, sum(mask));
}

function fits(arrays: Float32Array[], sizes: number[]): boolean {
  return arrays.length === sizes.length && arrays.every((a, i) => a.length === sizes[i]);
}
