import { describe, expect, it } from 'vitest';
import { buildScorer, scoreRows } from './score';
import type { EncoderParams } from './encoder';
import type { Shifts } from './views';

// F(x) = ReLU(x) on two features: identity weights, zero biases (and a one-class head, unused).
const identity: EncoderParams = {
  shape: { inputDim: 2, hidden: 2, out: 2, classes: 1 },
  tensors: [
    Float32Array.from([1, 0, 0, 1]),
    new Float32Array(2),
    Float32Array.from([1, 0, 0, 1]),
    new Float32Array(2),
    new Float32Array(2),
    new Float32Array(1),
  ],
};
const flip: Shifts = { names: ['flip'], perm: Int32Array.from([1, 0]) };
const train = { data: Float32Array.from([1, 0, 0, 1]), rows: 2, cols: 2 };
const bank = Int32Array.from([0, 1]);

describe('eq. (11)', () => {
  it('scores a new row by its nearest clean row, cosine times feature norm, summed over the shifted views', () => {
    const s = buildScorer(identity, flip, 2, train, bank);
    const rows = { data: Float32Array.from([0.6, 0.8, 1.2, 1.6]), rows: 2, cols: 2 };
    // Row [0.6, 0.8]: |F| = 1; m against [1,0] is 0.6, against [0,1] 0.8: the neighbour is row 1. Flipped: F([0.4, 0.2])
    // against the unit F([1, 0]) gives 0.4. M = 0.8 + 0.4 = 1.2.
    // Row [1.2, 1.6]: |F| = 2, m = 1.2 and 1.6: row 1 again. Flipped: ReLU([-0.2, -0.6]) = 0, so 0. M = 1.6.
    const scores = scoreRows(s, rows);
    expect(scores[0]).toBeCloseTo(-1.2, 6);
    expect(scores[1]).toBeCloseTo(-1.6, 6);
  });

  it('never takes a clean training row as its own neighbour', () => {
    const s = buildScorer(identity, flip, 2, train, bank);
    // Row 0 = [1, 0] against row 1 only: m = 0; flipped [0, 1] against unit [1, 0]: 0. Without the exclusion it is 2.
    expect(Array.from(scoreRows(s, train, s.bankSource))).toEqual([-0, -0]);
    expect(Array.from(scoreRows(s, train))).toEqual([-2, -2]);
  });

  it('without an encoder is the clean-set cosine kNN on the raw rows', () => {
    const s = buildScorer(null, { names: [], perm: Int32Array.from([0, 1]) }, 1, train, bank);
    const rows = { data: Float32Array.from([0.6, 0.8, 1.2, 1.6]), rows: 2, cols: 2 };
    const scores = scoreRows(s, rows);
    // Cosine with [0, 1] is 0.8 for both: the norm plays no part.
    expect(scores[0]).toBeCloseTo(-0.8, 6);
    expect(scores[1]).toBeCloseTo(-0.8, 6);
  });

  it('drops the norm factor when asked (cosine of the embeddings alone)', () => {
    const s = buildScorer(identity, flip, 2, train, bank, 'off');
    const rows = { data: Float32Array.from([1.2, 1.6]), rows: 1, cols: 2 };
    // Unit F = [0.6, 0.8]: 0.8 against row 1; the flipped view is the zero vector: 0.
    expect(scoreRows(s, rows)[0]).toBeCloseTo(-0.8, 6);
  });

  it("weighs the cosine by how typical the row's norm is (featureNorm 'typical')", () => {
    // Clean rows [1, 0] and [0, 1]: both norms 1, so the median is 1.
    const s = buildScorer(identity, flip, 2, train, bank, 'typical');
    const rows = { data: Float32Array.from([0.6, 0.8, 1.2, 1.6]), rows: 2, cols: 2 };
    // Row [0.6, 0.8]: |F| = 1, factor 1; cosines 0.8 (row 1) and, flipped, F([0.4, 0.2]) / |.| . [1, 0] = 0.894.
    // Row [1.2, 1.6]: |F| = 2, factor 1 / 2; cosine 0.8, flipped view zero: M = 0.8 / 2 = 0.4.
    const scores = scoreRows(s, rows);
    expect(scores[0]).toBeCloseTo(-(0.8 + 0.4 / Math.hypot(0.4, 0.2)), 6);
    expect(scores[1]).toBeCloseTo(-0.4, 6);
  });
});
