/**
 * Trains the contrastive encoder (CSI's objective, the paper's eq. 4, on the clean rows and, in the paper's role, the
 * generator's samples: eq. 5). Each step draws `batch` clean rows (and synthetic rows), makes each a shifted instance
 * per shift (eq. 2: every S(x) is an instance of its own), takes two augmented views of each, and minimises NT-Xent
 * plus the shift head's cross-entropy (eq. 3). Deterministic by the seeded stream.
 */
import { Rng } from '../rng';
import { Adam, classifierLoss, encode, encoderBackward, initEncoder, zeroGrads, type EncoderParams } from './encoder';
import { ntXent } from './ntxent';
import { applyShift, augment, type Augment, type Shifts } from './views';

/**
 * What the generator's samples are: 'inliers' (the paper: more training instances, eq. 5), or 'shifted' (the other
 * reading, tested too: one more shifted class, contrasted as instances and classified apart from the real rows).
 */
export type SyntheticRole = 'inliers' | 'shifted';

export interface ContrastTrainSpec {
  hidden: number;
  out: number;
  tau: number;
  steps: number;
  /** Clean rows per step (before shifts and views). */
  batch: number;
  lr: number;
  augment: Augment;
  shifts: Shifts;
  /** Synthetic rows per step, as a share of `batch`. */
  syntheticShare: number;
  syntheticRole: SyntheticRole;
}

export interface ContrastTrainResult {
  encoder: EncoderParams;
  /** Mean loss of each step (NT-Xent + shift cross-entropy). */
  losses: Float32Array;
}

/**
 * Trains on `clean` [cleanRows, d] (the reference for masking too) and optional `synthetic` [synthRows, d].
 * `onStep` is told each step's loss (progress).
 */
export function trainContrast(
  clean: Float32Array,
  cleanRows: number,
  d: number,
  synthetic: { data: Float32Array; rows: number } | null,
  spec: ContrastTrainSpec,
  seed: number,
  onStep?: (step: number, loss: number) => void,
): ContrastTrainResult {
  const rng = new Rng(seed);
  const k = spec.shifts.names.length;
  const synth = synthetic && synthetic.rows > 0 && spec.syntheticShare > 0 ? synthetic : null;
  const synthClass = synth && spec.syntheticRole === 'shifted';
  const classes = 1 + k + (synthClass ? 1 : 0);
  const enc = initEncoder({ inputDim: d, hidden: spec.hidden, out: spec.out, classes }, rng);
  const adam = new Adam(enc.tensors, spec.lr);
  const losses = new Float32Array(spec.steps);
  const nReal = Math.min(spec.batch, cleanRows);
  const nSynth = synth ? Math.max(1, Math.round(spec.syntheticShare * spec.batch)) : 0;
  // Instances: every real row under each shift; synthetic rows under each shift (inliers) or once, as their own class.
  const m = nReal * (1 + k) + (synthClass ? nSynth : nSynth * (1 + k));
  const views = new Float32Array(2 * m * d);
  const targets = new Uint8Array(2 * m);
  const tmp = new Float32Array(d);
  const rowOf = (src: Float32Array, r: number) => src.subarray(r * d, (r + 1) * d);
  for (let step = 0; step < spec.steps; step++) {
    let i = 0;
    const add = (x: Float32Array, shift: number, cls: number) => {
      for (let v = 0; v < 2; v++) {
        const at = v * m + i;
        augment(x, d, clean, cleanRows, spec.augment, rng, tmp);
        applyShift(spec.shifts, shift, tmp, views, at * d);
        targets[at] = cls;
      }
      i++;
    };
    for (let r = 0; r < nReal; r++) {
      const x = rowOf(clean, rng.int(cleanRows));
      for (let s = 0; s <= k; s++) add(x, s, s);
    }
    for (let r = 0; r < nSynth && synth; r++) {
      const x = rowOf(synth.data, rng.int(synth.rows));
      if (synthClass) add(x, 0, classes - 1);
      else for (let s = 0; s <= k; s++) add(x, s, s);
    }
    const pass = encode(enc, views, 2 * m);
    const { loss, grad } = ntXent(pass.z, 2 * m, spec.out, spec.tau);
    const grads = zeroGrads(enc);
    const cls = classes > 1 ? classifierLoss(enc, pass.z, targets, grad, grads) : 0;
    encoderBackward(enc, pass, grad, grads);
    adam.step(enc.tensors, grads);
    losses[step] = loss + cls;
    onStep?.(step, losses[step]);
  }
  return { encoder: enc, losses };
}
