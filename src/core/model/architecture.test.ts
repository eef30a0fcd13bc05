import { describe, expect, it } from 'vitest';
import { architectureFor } from './architecture';

// The reference's per-dataset table (its ADBench rows, as protocol.md lists them), with the two rows the
// rule deliberately does not follow: latent 6 for glass / ionosphere / yeast, and speech's [256,128] / 64.
const REFERENCE_TABLE: [name: string, d: number, hidden: number[], latent: number][] = [
  ['skin', 3, [32, 16], 2],
  ['smtp', 3, [32, 16], 2],
  ['annthyroid', 6, [32, 16], 4],
  ['thyroid', 6, [32, 16], 4],
  ['mammography', 6, [32, 16], 4],
  ['pima', 8, [32, 16], 8],
  ['breastw', 9, [32, 16], 8],
  ['shuttle', 9, [32, 16], 8],
  ['pageblocks', 10, [32, 16], 8],
  ['cover', 10, [32, 16], 8],
  ['vowels', 12, [32, 16], 8],
  ['wine', 13, [32, 16], 8],
  ['pendigits', 16, [32, 16], 8],
  ['cardio', 21, [32, 16], 8],
  ['aloi', 27, [32, 16], 8],
  ['satimage-2', 36, [32, 16], 8],
  ['celeba', 39, [32, 16], 8],
  ['campaign', 62, [32, 16], 8],
  ['the 100-feature set of the reference run', 100, [32, 16], 8],
  ['musk', 166, [128, 64], 32],
  ['resnet18 embeddings', 512, [128, 64], 32],
];

describe('architectureFor: the reference table as a rule', () => {
  it.each(REFERENCE_TABLE)('%s (d = %i)', (_name, d, hidden, latent) => {
    const a = architectureFor(d);
    expect(a).toEqual({ inputDim: d, hidden, latent });
  });

  it('puts the band edges where the table does: 3|4, 6|7, 100|101, 699|700', () => {
    const key = (d: number) => `${architectureFor(d).hidden.join(',')}/${architectureFor(d).latent}`;
    expect([1, 3, 4, 6, 7, 100, 101, 699, 700, 2048].map(key)).toEqual([
      '32,16/2',
      '32,16/2',
      '32,16/4',
      '32,16/4',
      '32,16/8',
      '32,16/8',
      '128,64/32',
      '128,64/32',
      '512,256/128',
      '512,256/128',
    ]);
  });

  it('keeps explicit widths and latent, and never shares the band arrays', () => {
    expect(architectureFor(100, [64, 32], 6)).toEqual({ inputDim: 100, hidden: [64, 32], latent: 6 });
    const a = architectureFor(10);
    a.hidden.push(1);
    expect(architectureFor(10).hidden).toEqual([32, 16]);
  });
});
