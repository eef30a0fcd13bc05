import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { classifierLoss, encode, encoderBackward, initEncoder, zeroGrads, type EncoderParams } from './encoder';

/** A scalar of the encoder's output: sum of z * w (a fixed weighting) plus the shift head's cross-entropy. */
function objective(p: EncoderParams, x: Float32Array, rows: number, weights: Float32Array, targets: Uint8Array): number {
  const { z } = encode(p, x, rows);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += z[i] * weights[i];
  return s + classifierLoss(p, z, targets, new Float32Array(z.length), zeroGrads(p));
}

describe('the contrastive encoder', () => {
  it('backpropagates to every parameter as finite differences say', () => {
    const rng = new Rng(11);
    const shape = { inputDim: 5, hidden: 7, out: 4, classes: 3 };
    const p = initEncoder(shape, rng);
    const rows = 6;
    const x = Float32Array.from({ length: rows * 5 }, () => rng.next());
    const weights = Float32Array.from({ length: rows * 4 }, () => rng.normal());
    const targets = Uint8Array.from({ length: rows }, (_, i) => i % 3);
    const pass = encode(p, x, rows);
    const grads = zeroGrads(p);
    const dz = Float32Array.from(weights);
    classifierLoss(p, pass.z, targets, dz, grads);
    encoderBackward(p, pass, dz, grads);
    const h = 1e-2;
    for (let t = 0; t < p.tensors.length; t++) {
      for (let i = 0; i < p.tensors[t].length; i += 3) {
        const v = p.tensors[t][i];
        p.tensors[t][i] = v + h;
        const up = objective(p, x, rows, weights, targets);
        p.tensors[t][i] = v - h;
        const down = objective(p, x, rows, weights, targets);
        p.tensors[t][i] = v;
        const fd = (up - down) / (2 * h);
        // float32 forward passes: central differences agree to a few 1e-3 (a ReLU kink can cost more; none is this close).
        expect(Math.abs(grads[t][i] - fd)).toBeLessThan(5e-3 + 1e-2 * Math.abs(fd));
      }
    }
  });
});
