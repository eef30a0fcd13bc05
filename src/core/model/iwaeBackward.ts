import * as tf from '../tf';
import type { BatchStats, ForwardTape, Iwae, Mode } from './iwae';

/**
 * The IWAE's log importance weights (Iwae.logWeights, which records a tape) with a hand-written
 * backward pass, for training steps. TF.js's autodiff records several bookkeeping kernels per op
 * (Identity, Reshape, Cast); on this small network kernel dispatch, not arithmetic, bounds a step,
 * and one custom gradient halves the kernels of forward + backward. The unit test checks the
 * gradients against autodiff in train and eval mode, with pooled and per-sample decoder BatchNorm.
 */
export function logWeightsWithGradient(model: Iwae, x: tf.Tensor2D, eps: tf.Tensor3D, mode: Mode, stats?: BatchStats): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const tape: ForwardTape = { blocks: [] };
    const value = model.logWeights(x, eps, mode, stats, tape);
    const groups = tape.blocks.map((blk) => blk.groups);
    save(pack(tape));
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => backward(model, dy as tf.Tensor2D, unpack(saved, groups), x, eps),
    };
  });
  return op(x, eps, ...model.params) as tf.Tensor2D;
}

const HEAD_KEYS = ['encTop', 'lvQMask', 'sigmaQ', 'z', 'decTop', 'muX', 'diff', 'expNegLvX', 'lvXMask'] as const;

/** The tape as the flat tensor list customGrad saves: per block (input, normed, invStd), then the heads. */
function pack(tape: ForwardTape): tf.Tensor[] {
  return [...tape.blocks.flatMap((blk) => [blk.input, blk.normed, blk.invStd]), ...HEAD_KEYS.map((key) => tape[key]!)];
}

function unpack(saved: tf.Tensor[], groups: number[]): Required<ForwardTape> {
  const blocks = groups.map((g, i) => ({
    input: saved[3 * i] as tf.Tensor2D,
    normed: saved[3 * i + 1] as tf.Tensor2D,
    invStd: saved[3 * i + 2],
    groups: g,
  }));
  const heads = Object.fromEntries(HEAD_KEYS.map((key, i) => [key, saved[3 * groups.length + i]]));
  return { blocks, ...heads } as Required<ForwardTape>;
}

/** Per linear layer (paramSpecs index of its weight) the input and the gradient at its output, when asked for. */
export type LinearRecord = Map<number, { input: tf.Tensor; dOut: tf.Tensor }>;

function backward(
  model: Iwae,
  dLogw: tf.Tensor2D,
  t: Required<ForwardTape>,
  x: tf.Tensor2D,
  eps: tf.Tensor3D,
  rec?: LinearRecord,
): tf.Tensor[] {
  const w = model.weights();
  const [k, b, l] = eps.shape;
  const d = model.arch.inputDim;
  const g3 = tf.reshape(dLogw, [k, b, 1]);
  // d/d lvX of -lvX - diff^2 e^{-lvX} / 2, and d/d muX of -diff^2 e^{-lvX} / 2.
  const dLvX = tf.mul(tf.reshape(tf.mul(g3, tf.sub(tf.mul(tf.square(t.diff), tf.mul(t.expNegLvX, 0.5)), 1)), [k * b, d]), t.lvXMask);
  const dMuX = tf.reshape(tf.mul(g3, tf.neg(tf.mul(t.diff, t.expNegLvX))), [k * b, d]);
  const dPre = tf.mul(dMuX, tf.mul(t.muX, tf.sub(1, t.muX)));
  const dDecOut = tf.concat([dPre, dLvX], 1);
  const gradDecHead = tf.matMul(tf.transpose(t.decTop), dDecOut);
  rec?.set(2 * w.enc.length + 2, { input: t.decTop, dOut: dDecOut });
  const gradDecBias = tf.sum(dLvX, 0);
  let dG = tf.matMul(dDecOut, tf.transpose(w.decHead)) as tf.Tensor2D;

  const nEnc = w.enc.length;
  const blockGrads: tf.Tensor[] = new Array(nEnc + w.dec.length);
  // LeakyReLU -> BatchNorm (batch or running statistics) -> Linear, backwards; the input's gradient
  // is skipped for the first block (x needs none).
  const blockBack = (dOut: tf.Tensor2D, index: number, weight: tf.Variable, needInput: boolean): tf.Tensor2D | null => {
    const blk = t.blocks[index];
    const dN = tf.where(tf.greater(blk.normed, 0), dOut, tf.mul(dOut, model.cfg.leakySlope)) as tf.Tensor2D;
    const dA = blk.groups > 0 ? batchNormBack(dN, blk.normed, blk.invStd, blk.groups) : tf.mul(dN, blk.invStd);
    blockGrads[index] = tf.matMul(tf.transpose(blk.input), dA);
    rec?.set(index, { input: blk.input, dOut: dA });
    return needInput ? (tf.matMul(dA, tf.transpose(weight)) as tf.Tensor2D) : null;
  };
  for (let j = w.dec.length - 1; j >= 0; j--) dG = blockBack(dG, nEnc + j, w.dec[j], true)!;

  const dZ = tf.sub(tf.reshape(dG, [k, b, l]), tf.mul(g3, t.z));
  const dMuQ = tf.sum(dZ, 0);
  // z = mu + eps * exp(lvQ / 2); and -log q contributes +lvQ / 2 per sample.
  const dLvQ = tf.mul(tf.add(tf.mul(tf.sum(tf.mul(dZ, eps), 0), tf.mul(t.sigmaQ, 0.5)), tf.mul(tf.sum(g3, 0), 0.5)), t.lvQMask);
  const dEncOut = tf.concat([dMuQ, dLvQ], 1);
  const gradEncHead = tf.matMul(tf.transpose(t.encTop), dEncOut);
  rec?.set(2 * nEnc, { input: t.encTop, dOut: dEncOut });
  const gradEncBias = tf.sum(dLvQ, 0);
  let dH = tf.matMul(dEncOut, tf.transpose(w.encHead)) as tf.Tensor2D;
  for (let j = nEnc - 1; j >= 0; j--) dH = blockBack(dH, j, w.enc[j], j > 0)!;

  // Gradients in the order of logWeightsWithGradient's inputs: x, eps, then model.params
  // (enc, dec, encHead, encLogvarBias, decHead, decLogvarBias).
  return [tf.zerosLike(x), tf.zerosLike(eps), ...blockGrads, gradEncHead, gradEncBias, gradDecHead, gradDecBias];
}

/**
 * The per-row gradient probe's pass (iwaeGhost.ts): an eval-mode forward pass (running BatchNorm statistics, so every
 * row's loss depends on that row alone) and the backward pass of the summed per-row negative bounds, recording each
 * linear layer's input and output gradient. Returns them by parameter index; call inside tf.tidy and keep what is read.
 */
export function probePass(model: Iwae, x: tf.Tensor2D, eps: tf.Tensor3D): LinearRecord {
  const tape: ForwardTape = { blocks: [] };
  const logw = model.logWeights(x, eps, 'eval', undefined, tape);
  // d/d log w of sum_j -(logsumexp_k log w[:, j] - log K): minus the softmax over the K samples of each row.
  const dLogw = tf.neg(tf.transpose(tf.softmax(tf.transpose(logw)))) as tf.Tensor2D;
  const rec: LinearRecord = new Map();
  backward(model, dLogw, tape as Required<ForwardTape>, x, eps, rec);
  return rec;
}

/**
 * Gradient through BatchNorm with batch statistics, per group of consecutive rows:
 * invStd * (dN - mean(dN) - normed * mean(dN * normed)), means over each group's rows.
 */
function batchNormBack(dN: tf.Tensor2D, normed: tf.Tensor2D, invStd: tf.Tensor, groups: number): tf.Tensor2D {
  const [rows, width] = dN.shape;
  const shape = [groups, rows / groups, width];
  const dN3 = tf.reshape(dN, shape);
  const n3 = tf.reshape(normed, shape);
  const centred = tf.sub(tf.sub(dN3, tf.mean(dN3, 1, true)), tf.mul(n3, tf.mean(tf.mul(dN3, n3), 1, true)));
  return tf.reshape(tf.mul(invStd, centred), [rows, width]);
}
