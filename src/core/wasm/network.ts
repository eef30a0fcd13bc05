/** The WASM engine's forward and backward passes of the IWAE, as kernel calls on pointers into the scratch arena. */
import type { ModelConfig } from '../config';
import type { Architecture } from '../model/architecture';
import type { Kernels } from './kernels';
import type { Linear, WasmWeights } from './weights';

/** What a pass needs: the kernels, the network's shape and settings, and its weights. */
export interface Net {
  kern: Kernels;
  arch: Architecture;
  mc: ModelConfig;
  w: WasmWeights;
}

/** A linear layer's input and output gradient in the scratch arena, recorded by a probe's backward pass. */
export interface LinearPtrs {
  input: number;
  dOut: number;
  rows: number;
  inW: number;
  outW: number;
}

/** What one block's forward pass left for the backward pass (pointers into the scratch arena). */
export interface BlockTape {
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
export interface Pass {
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

/** log w [K, B] of rows x [B, D] (pointer) for noise eps [K, B, L], recording the tape. */
export function forward(n: Net, x: number, b: number, k: number, eps: number, mode: 'train' | 'eval'): Pass {
  const { kern, w } = n;
  const K = kern.k;
  const { inputDim: d, latent: l } = n.arch;
  const { logvarMin, logvarMax } = n.mc;
  const blocks: BlockTape[] = [];
  let h = x;
  let width = d;
  let bnIndex = 0;
  for (const lin of w.enc) {
    h = block(n, h, b, width, lin, bnIndex++, mode, 1, blocks);
    width = lin.cols;
  }
  const encTop = h;
  const encOut = kern.alloc(b * 2 * l);
  K.gemm(h, width, 1, w.encHead.off, encOut, b, width, 2 * l, 0);
  const lvq = kern.alloc(b * l);
  const sigma = kern.alloc(b * l);
  const lvqMask = kern.alloc(b * l);
  const z = kern.alloc(k * b * l);
  const latentTerm = kern.alloc(k * b);
  K.encHeadForward(encOut, w.encBias, eps, k, b, l, logvarMin, logvarMax, lvq, sigma, lvqMask, z, latentTerm);
  const groups = n.mc.decoderBn === 'per-sample' ? k : 1;
  let g = z;
  width = l;
  for (const lin of w.dec) {
    g = block(n, g, k * b, width, lin, bnIndex++, mode, groups, blocks);
    width = lin.cols;
  }
  const decTop = g;
  const rows = k * b;
  const decOut = kern.alloc(rows * 2 * d);
  K.gemm(g, width, 1, w.decHead.off, decOut, rows, width, 2 * d, 0);
  const muX = kern.alloc(rows * d);
  const diff = kern.alloc(rows * d);
  const expNeg = kern.alloc(rows * d);
  const lvxMask = kern.alloc(rows * d);
  const logw = kern.alloc(rows);
  K.decHeadForward(decOut, w.decBias, x, k, b, d, logvarMin, logvarMax, muX, diff, expNeg, lvxMask, latentTerm, logw);
  return { k, b, x, eps, blocks, encTop, encOut, lvq, sigma, lvqMask, z, latentTerm, decTop, muX, diff, expNeg, lvxMask, logw };
}

/** Linear -> BatchNorm -> LeakyReLU over `rows` rows; batch statistics need >= 2 rows per group. */
function block(n: Net, h: number, rows: number, inW: number, w: Linear, bnIndex: number, mode: 'train' | 'eval', groups: number, tape: BlockTape[]): number {
  const { kern } = n;
  const width = w.cols;
  const a = kern.alloc(rows * width);
  kern.k.gemm(h, inW, 1, w.off, a, rows, inW, width, 0);
  const out = kern.alloc(rows * width);
  const batchStats = mode === 'train' && rows / groups >= 2;
  const { bnEps, leakySlope } = n.mc;
  if (batchStats) {
    const mean = kern.alloc(groups * width);
    const variance = kern.alloc(groups * width);
    const invStd = kern.alloc(groups * width);
    // normed is written over the pre-activation (each element is read before it is written).
    kern.k.bnTrainForward(a, a, out, rows, width, groups, bnEps, leakySlope, mean, variance, invStd);
    tape.push({ input: h, rows, normed: a, invStd, groups, mean, variance });
  } else {
    const s = n.w.bn[bnIndex];
    const invStd = kern.alloc(width);
    kern.k.bnEvalForward(a, a, out, rows, width, bnEps, leakySlope, s.mean, s.variance, invStd);
    tape.push({ input: h, rows, normed: a, invStd, groups: 0, mean: 0, variance: 0 });
  }
  return out;
}

/** Adds the gradient of sum(dLogw * log w) over the pass to the gradient buffer. */
export function backward(n: Net, p: Pass, dLogw: Float32Array, rec?: Map<number, LinearPtrs>): void {
  const { kern, w } = n;
  const K = kern.k;
  const { inputDim: d, latent: l } = n.arch;
  const g = kern.alloc(dLogw.length);
  kern.f32(g, dLogw.length).set(dLogw);
  const rows = p.k * p.b;
  const hFirst = w.decHead.rows;
  const dDecOut = kern.alloc(rows * 2 * d);
  K.decHeadBackward(g, p.muX, p.diff, p.expNeg, p.lvxMask, rows, d, dDecOut, w.gradOf(w.decBias));
  K.gemm(p.decTop, 1, hFirst, dDecOut, w.gradOf(w.decHead.off), hFirst, rows, 2 * d, 1);
  rec?.set(2 * w.enc.length + 2, { input: p.decTop, dOut: dDecOut, rows, inW: hFirst, outW: 2 * d });
  let dG = kern.alloc(rows * hFirst);
  K.gemm(dDecOut, 2 * d, 1, w.decHead.transposed, dG, rows, 2 * d, hFirst, 0);
  const nEnc = w.enc.length;
  for (let j = w.dec.length - 1; j >= 0; j--) dG = blockBackward(n, dG, p.blocks[nEnc + j], w.dec[j], true, rec, nEnc + j);
  const dEncOut = kern.alloc(p.b * 2 * l);
  K.encHeadBackward(dG, g, p.z, p.eps, p.sigma, p.lvqMask, p.k, p.b, l, dEncOut, w.gradOf(w.encBias));
  const hLast = w.encHead.rows;
  K.gemm(p.encTop, 1, hLast, dEncOut, w.gradOf(w.encHead.off), hLast, p.b, 2 * l, 1);
  rec?.set(2 * nEnc, { input: p.encTop, dOut: dEncOut, rows: p.b, inW: hLast, outW: 2 * l });
  let dH = kern.alloc(p.b * hLast);
  K.gemm(dEncOut, 2 * l, 1, w.encHead.transposed, dH, p.b, 2 * l, hLast, 0);
  for (let j = nEnc - 1; j >= 0; j--) dH = blockBackward(n, dH, p.blocks[j], w.enc[j], j > 0, rec, j);
}

/** LeakyReLU -> BatchNorm -> Linear, backwards; returns the input's gradient (0 when not needed). */
function blockBackward(n: Net, dOut: number, t: BlockTape, w: Linear, needInput: boolean, rec?: Map<number, LinearPtrs>, index = -1): number {
  const { kern } = n;
  const K = kern.k;
  const scratch = kern.alloc(2 * w.cols);
  K.bnBackward(dOut, t.normed, t.invStd, t.rows, w.cols, t.groups, n.mc.leakySlope, dOut, scratch);
  // dOut now holds the gradient at the linear output (written in place); later steps allocate new buffers.
  rec?.set(index, { input: t.input, dOut, rows: t.rows, inW: w.rows, outW: w.cols });
  K.gemm(t.input, 1, w.rows, dOut, n.w.gradOf(w.off), w.rows, t.rows, w.cols, 1);
  if (!needInput) return 0;
  const dIn = kern.alloc(t.rows * w.rows);
  K.gemm(dOut, w.cols, 1, w.transposed, dIn, t.rows, w.cols, w.rows, 0);
  return dIn;
}
