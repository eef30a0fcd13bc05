import * as tf from '../tf';
import type { BatchStats, Iwae, Mode } from './iwae';

/**
 * The IWAE's log importance weights with a hand-written backward pass, for training steps.
 *
 * Same forward values as Iwae.logWeights (pooled decoder BatchNorm). TF.js's autodiff records several
 * bookkeeping kernels per op (Identity, Reshape, Cast); on this small network kernel dispatch, not
 * arithmetic, bounds a step, and one custom gradient replaces ~450 backward kernels with ~80.
 * The unit test checks the gradients against autodiff in train and eval mode.
 */
export function logWeightsWithGradient(model: Iwae, x: tf.Tensor2D, eps: tf.Tensor3D, mode: Mode, stats?: BatchStats): tf.Tensor2D {
  const w = model.weights();
  const inputs = [x, eps, ...model.params];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const { value, saved, layout } = forward(model, w, x, eps, mode, stats);
    save(saved);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], kept: tf.Tensor[]) => backward(model, w, dy as tf.Tensor2D, kept, layout, x, eps),
    };
  });
  return op(...inputs) as tf.Tensor2D;
}

type Weights = ReturnType<Iwae['weights']>;

/** Where each block's saved tensors sit in the saved list, and whether it used batch statistics. */
interface Layout {
  blocks: { input: number; normed: number; invStd: number; batchStats: boolean }[];
  encTop: number;
  lvQMask: number;
  sigmaQ: number;
  z: number;
  decTop: number;
  muX: number;
  diff: number;
  expNegLvX: number;
  lvXMask: number;
}

function forward(model: Iwae, w: Weights, x: tf.Tensor2D, eps: tf.Tensor3D, mode: Mode, stats?: BatchStats) {
  const cfg = model.cfg;
  const [k, b, l] = eps.shape;
  const d = model.arch.inputDim;
  const saved: tf.Tensor[] = [];
  const keep = (t: tf.Tensor) => saved.push(t) - 1;
  const blocks: Layout['blocks'] = [];
  let bnIndex = 0;
  const block = (h: tf.Tensor2D, weight: tf.Variable): tf.Tensor2D => {
    const a = tf.matMul(h, weight as tf.Tensor2D);
    const rows = a.shape[0];
    const batchStats = mode === 'train' && rows >= 2;
    let normed: tf.Tensor2D;
    let invStd: tf.Tensor;
    if (batchStats) {
      const { mean, variance } = tf.moments(a, 0);
      if (stats) stats.moments[bnIndex] = { mean: tf.keep(tf.reshape(mean, [1, -1])), variance: tf.keep(tf.reshape(variance, [1, -1])), count: rows };
      invStd = tf.rsqrt(tf.add(variance, cfg.bnEps));
      normed = tf.mul(tf.sub(a, mean), invStd);
    } else {
      const s = model.bn[bnIndex];
      invStd = tf.rsqrt(tf.add(s.variance, cfg.bnEps));
      normed = tf.mul(tf.sub(a, s.mean), invStd);
    }
    blocks.push({ input: keep(h), normed: keep(normed), invStd: keep(invStd), batchStats });
    bnIndex++;
    return tf.leakyRelu(normed, cfg.leakySlope);
  };

  let h: tf.Tensor2D = x;
  for (const weight of w.enc) h = block(h, weight);
  const encTop = keep(h);
  const encOut = tf.matMul(h, w.encHead as tf.Tensor2D);
  const muQ = tf.slice(encOut, [0, 0], [b, l]);
  const lvQRaw = tf.add(tf.slice(encOut, [0, l], [b, l]), w.encLogvarBias);
  const lvQ = tf.clipByValue(lvQRaw, cfg.logvarMin, cfg.logvarMax);
  const lvQMask = keep(tf.cast(tf.equal(lvQ, lvQRaw), 'float32'));
  const sigmaQ = tf.exp(tf.mul(lvQ, 0.5));
  const sigmaQIndex = keep(sigmaQ);
  const z = tf.add(muQ, tf.mul(eps, sigmaQ)) as tf.Tensor3D;
  const zIndex = keep(z);
  let g: tf.Tensor2D = tf.reshape(z, [k * b, l]);
  for (const weight of w.dec) g = block(g, weight);
  const decTop = keep(g);
  const decOut = tf.matMul(g, w.decHead as tf.Tensor2D);
  const muX = tf.sigmoid(tf.slice(decOut, [0, 0], [k * b, d]));
  const lvXRaw = tf.add(tf.slice(decOut, [0, d], [k * b, d]), w.decLogvarBias);
  const lvX = tf.clipByValue(lvXRaw, cfg.logvarMin, cfg.logvarMax);
  const lvXMask = keep(tf.cast(tf.equal(lvX, lvXRaw), 'float32'));
  const diff = tf.sub(tf.reshape(muX, [k, b, d]), x);
  const expNegLvX = tf.exp(tf.neg(lvX));
  const lvX3 = tf.reshape(lvX, [k, b, d]);
  const e3 = tf.reshape(expNegLvX, [k, b, d]);
  // Same terms as Iwae.logWeights: log p(x|z) + log p(z) - log q(z|x).
  const logPx = tf.sum(tf.neg(tf.add(lvX3, tf.mul(tf.square(diff), tf.mul(e3, 0.5)))), 2);
  const logPz = tf.mul(tf.sum(tf.square(z), 2), -0.5);
  const logQz = tf.sub(tf.mul(tf.sum(lvQ, 1), -0.5), tf.mul(tf.sum(tf.square(eps), 2), 0.5));
  const value = tf.sub(tf.add(logPx, logPz), logQz) as tf.Tensor2D;
  const layout: Layout = {
    blocks,
    encTop,
    lvQMask,
    sigmaQ: sigmaQIndex,
    z: zIndex,
    decTop,
    muX: keep(muX),
    diff: keep(diff),
    expNegLvX: keep(e3),
    lvXMask,
  };
  return { value, saved, layout };
}

function backward(model: Iwae, w: Weights, dLogw: tf.Tensor2D, s: tf.Tensor[], layout: Layout, x: tf.Tensor2D, eps: tf.Tensor3D): tf.Tensor[] {
  const cfg = model.cfg;
  const [k, b, l] = eps.shape;
  const d = model.arch.inputDim;
  const g3 = tf.reshape(dLogw, [k, b, 1]);
  const diff = s[layout.diff];
  const e3 = s[layout.expNegLvX];
  const muX = s[layout.muX];
  // d/d lvX of -lvX - diff^2 e^{-lvX} / 2, and d/d muX of -diff^2 e^{-lvX} / 2.
  const dLvX = tf.mul(tf.reshape(tf.mul(g3, tf.sub(tf.mul(tf.square(diff), tf.mul(e3, 0.5)), 1)), [k * b, d]), s[layout.lvXMask]);
  const dMuX = tf.reshape(tf.mul(g3, tf.neg(tf.mul(diff, e3))), [k * b, d]);
  const dPre = tf.mul(dMuX, tf.mul(muX, tf.sub(1, muX)));
  const dDecOut = tf.concat([dPre, dLvX], 1);
  const gradDecHead = tf.matMul(tf.transpose(s[layout.decTop]), dDecOut);
  const gradDecBias = tf.sum(dLvX, 0);
  let dG = tf.matMul(dDecOut, tf.transpose(w.decHead)) as tf.Tensor2D;

  const nEnc = w.enc.length;
  const blockGrads: tf.Tensor[] = new Array(nEnc + w.dec.length);
  // LeakyReLU -> BatchNorm (batch or running statistics) -> Linear, backwards; the input's gradient
  // is skipped for the first block (x needs none).
  const blockBack = (dOut: tf.Tensor2D, index: number, weight: tf.Variable, needInput: boolean): tf.Tensor2D | null => {
    const info = layout.blocks[index];
    const normed = s[info.normed];
    const dN = tf.where(tf.greater(normed, 0), dOut, tf.mul(dOut, cfg.leakySlope));
    const dA = info.batchStats
      ? tf.mul(s[info.invStd], tf.sub(tf.sub(dN, tf.mean(dN, 0)), tf.mul(normed, tf.mean(tf.mul(dN, normed), 0))))
      : tf.mul(dN, s[info.invStd]);
    blockGrads[index] = tf.matMul(tf.transpose(s[info.input]), dA);
    return needInput ? (tf.matMul(dA, tf.transpose(weight)) as tf.Tensor2D) : null;
  };
  for (let j = w.dec.length - 1; j >= 0; j--) dG = blockBack(dG, nEnc + j, w.dec[j], true)!;

  const z = s[layout.z];
  const dZ = tf.sub(tf.reshape(dG, [k, b, l]), tf.mul(g3, z));
  const dMuQ = tf.sum(dZ, 0);
  // z = mu + eps * exp(lvQ / 2); and -log q contributes +lvQ / 2 per sample.
  const dLvQ = tf.mul(
    tf.add(tf.mul(tf.sum(tf.mul(dZ, eps), 0), tf.mul(s[layout.sigmaQ], 0.5)), tf.mul(tf.sum(g3, 0), 0.5)),
    s[layout.lvQMask],
  );
  const dEncOut = tf.concat([dMuQ, dLvQ], 1);
  const gradEncHead = tf.matMul(tf.transpose(s[layout.encTop]), dEncOut);
  const gradEncBias = tf.sum(dLvQ, 0);
  let dH = tf.matMul(dEncOut, tf.transpose(w.encHead)) as tf.Tensor2D;
  for (let j = nEnc - 1; j >= 0; j--) dH = blockBack(dH, j, w.enc[j], j > 0)!;

  // Gradients in the order of model.params (enc, dec, encHead, encLogvarBias, decHead, decLogvarBias).
  return [tf.zerosLike(x), tf.zerosLike(eps), ...blockGrads, gradEncHead, gradEncBias, gradDecHead, gradDecBias];
}
