import { describe, expect, it } from 'vitest';
import { blobWithOutliers } from '../../../tests/synthetic';
import { CONTRAST_DEFAULTS } from '../params/contrast';
import { rocAuc } from '../metrics';
import { contrastStage } from './stage';

const { X, y } = blobWithOutliers(200, 4, 0.1, 3);
const c = { ...CONTRAST_DEFAULTS, steps: 25, batch: 16 };
// A prior that knows the outliers roughly: the clean set is cut from it.
const prior = Float32Array.from(y, (l, i) => l + 0.3 * Math.sin(i * 12.9898));

function labelsWith(row: number, label: number): Int8Array {
  const labels = new Int8Array(X.rows).fill(-1);
  [0, 1, 2, 3, 4, 5].forEach((r) => (labels[r] = y[r]));
  labels[row] = label;
  return labels;
}

describe('the contrast stage', () => {
  it('held out: an answered row scores the same whatever its answer (encoder on unanswered rows, itself left out)', () => {
    const inlier = y.findIndex((l, i) => i > 5 && l === 0);
    const asInlier = contrastStage({ X, scores: prior, labels: labelsWith(inlier, 0), c, seed: 4, heldOut: true });
    const asOutlier = contrastStage({ X, scores: prior, labels: labelsWith(inlier, 1), c, seed: 4, heldOut: true });
    expect(asInlier.train[inlier]).toBe(asOutlier.train[inlier]);
    // The confirmed inlier is a neighbour of the others: their scores may move with it.
    expect(asInlier.clean).toBe(asOutlier.clean + 1);
    // Not its own neighbour: a clean row's cosine with itself is 1 in every view (score -views).
    expect(asInlier.train[inlier]).toBeGreaterThan(-asInlier.scorer.views + 1e-5);
  });

  it('ranks the blob above its outliers, test rows alike, and the encoder trains on answers only when not held out', () => {
    const labels = labelsWith(6, y[6]);
    const test = blobWithOutliers(120, 4, 0.1, 9);
    const out = contrastStage({ X, Xtest: test.X, scores: prior, labels, c, seed: 4 });
    expect(rocAuc(out.train, y)).toBeGreaterThan(0.9);
    expect(rocAuc(out.test!, test.y)).toBeGreaterThan(0.9);
    const held = contrastStage({ X, scores: prior, labels, c, seed: 4, heldOut: true });
    expect(Array.from(held.train)).not.toEqual(Array.from(out.train));
  });
});
