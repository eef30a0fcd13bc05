/** The WASM engine's update: the loss of a StepSpec and its gradient, Adam, and the BatchNorm running statistics. */
import type { OptimConfig } from '../config';
import type { StepSpec } from '../train/trainContext';
import { cuboGrad, lossGrad, meanOf, negBound, trimmedMask } from './loss';
import { backward, forward, type Net, type Pass } from './network';

/** The engine's parts an update draws on: the network, the seeded noise and the training rows (in scratch). */
export interface UpdateSource {
  net(): Net;
  /** Standard-normal noise [K, B, latent] from the seeded stream. */
  noise(k: number, b: number): number;
  /** The given training rows, copied into scratch. */
  gather(rows: Int32Array): number;
}

/** Forward passes, the loss of StepSpec and its gradient into the gradient buffer. */
export function accumulateGradients(src: UpdateSource, spec: StepSpec): { loss: number; losses: Float32Array; main: Pass } {
  const n = src.net();
  const { kern, w } = n;
  kern.resetScratch();
  w.refreshTransposes(kern);
  const b = spec.batch.length;
  const k = spec.k;
  // Noise in the TF.js engine's order: the batch's, then the labeled inliers', then the labeled outliers'.
  const eps = src.noise(k, b);
  const nIn = spec.inliers?.length ?? 0;
  const nOut = spec.outliers?.length ?? 0;
  const epsI = nIn ? src.noise(k, nIn) : 0;
  const epsO = nOut ? src.noise(k, nOut) : 0;
  const main = forward(n, src.gather(spec.batch), b, k, eps, 'train');
  const mainLogw = kern.f32(main.logw, k * b).slice();
  const l = negBound(mainLogw, k, b);
  // Labeled terms use the running BatchNorm statistics (the reference's eval mode), with gradients.
  const needInlier = nIn > 0 && (spec.trim !== null || spec.lambda1 !== 0);
  const inlierPass = needInlier ? forward(n, src.gather(spec.inliers!), nIn, k, epsI, 'eval') : null;
  const inlierLogw = inlierPass ? kern.f32(inlierPass.logw, k * nIn).slice() : null;
  const inlierLoss = inlierLogw ? meanOf(negBound(inlierLogw, k, nIn)) : 0;
  const mask = spec.trim ? trimmedMask(l, spec.trim.rho, spec.trim.scale, Math.fround(inlierLoss * spec.trim.xi)) : null;
  let loss = mask ? trimmedMean(l, mask) : meanOf(l);
  const mainWeights = mask ? scaled(mask, 1 / Math.max(1, sum(mask))) : new Float32Array(b).fill(1 / b);
  w.zeroGrads(kern);
  backward(n, main, lossGrad(mainLogw, k, b, mainWeights, 1));
  if (inlierPass && inlierLogw && spec.lambda1 !== 0) {
    loss += spec.lambda1 * inlierLoss;
    backward(n, inlierPass, lossGrad(inlierLogw, k, nIn, new Float32Array(nIn).fill(1 / nIn), spec.lambda1));
  }
  if (nOut && spec.lambda2 !== 0) {
    const outPass = forward(n, src.gather(spec.outliers!), nOut, k, epsO, 'eval');
    const { value, grad } = cuboGrad(kern.f32(outPass.logw, k * nOut).slice(), k, nOut, spec.cuboU, spec.lambda2);
    loss += spec.lambda2 * value;
    backward(n, outPass, grad);
  }
  return { loss: Math.fround(loss), losses: l, main };
}

/** One Adam step (coupled L2 weight decay) on the gradient buffer. */
export function applyAdam(n: Net, o: OptimConfig): void {
  const { w } = n;
  const { lr, beta1, beta2, eps, weightDecay } = o;
  w.adamStep++;
  const c1 = 1 - beta1 ** w.adamStep;
  const c2 = 1 - beta2 ** w.adamStep;
  n.kern.k.adam(w.params, w.grads, w.adamM, w.adamV, w.total, beta1, 1 - beta1, beta2, 1 - beta2, weightDecay, Math.sqrt(c2), eps, lr / c1);
  w.transposesFresh = false;
}

/** Folds the main pass's batch statistics into the running ones (PyTorch: unbiased variance). */
export function updateRunningStats(n: Net, p: Pass): void {
  const { kern } = n;
  const m = n.mc.bnMomentum;
  p.blocks.forEach((t, i) => {
    if (!t.groups) return;
    const count = t.rows / t.groups;
    const weights = kern.alloc(t.groups);
    kern.f32(weights, t.groups).set(Array.from({ length: t.groups }, (_, g) => m * (1 - m) ** (t.groups - 1 - g)));
    const s = n.w.bn[i];
    kern.k.bnRunningUpdate(s.mean, s.variance, t.mean, t.variance, s.width, t.groups, weights, (1 - m) ** t.groups, count / Math.max(1, count - 1));
  });
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
