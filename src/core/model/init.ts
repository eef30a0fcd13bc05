import type { Rng } from '../rng';
import type { Architecture } from './architecture';

/** One trainable tensor's shape and how it is initialised. */
export interface ParamSpec {
  shape: number[];
  /** PyTorch's default Linear initialisation: U(-bound, bound), bound = 1/sqrt(fan_in). */
  bound: number;
}

/**
 * The IWAE's trainable tensors in their stable order (checkpoints and both engines rely on it):
 * encoder weights, decoder weights, encoder head [hLast, 2L], its log-variance bias [L],
 * decoder head [hFirst, 2D], its log-variance bias [D]. Weights are [in, out].
 */
export function paramSpecs(arch: Architecture): ParamSpec[] {
  const { inputDim: d, hidden, latent: l } = arch;
  const encWidths = [d, ...hidden];
  const decWidths = [l, ...[...hidden].reverse()];
  const hLast = hidden[hidden.length - 1];
  const hFirst = hidden[0];
  const linear = (i: number, o: number): ParamSpec => ({ shape: [i, o], bound: 1 / Math.sqrt(i) });
  return [
    ...hidden.map((h, i) => linear(encWidths[i], h)),
    ...decWidths.slice(1).map((h, i) => linear(decWidths[i], h)),
    { shape: [hLast, 2 * l], bound: 1 / Math.sqrt(hLast) },
    { shape: [l], bound: 1 / Math.sqrt(hLast) },
    { shape: [hFirst, 2 * d], bound: 1 / Math.sqrt(hFirst) },
    { shape: [d], bound: 1 / Math.sqrt(hFirst) },
  ];
}

/** BatchNorm widths in layer order: the encoder's hidden widths, then the decoder's (mirrored). */
export function batchNormWidths(arch: Architecture): number[] {
  return [...arch.hidden, ...[...arch.hidden].reverse()];
}

/** Initial values of every parameter, drawn from the seeded stream in order (same on every engine). */
export function initialParams(arch: Architecture, rng: Rng): Float32Array[] {
  return paramSpecs(arch).map(({ shape, bound }) => {
    const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < v.length; i++) v[i] = (2 * rng.next() - 1) * bound;
    return v;
  });
}
