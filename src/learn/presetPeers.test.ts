import { describe, expect, it } from 'vitest';
import { rocAuc } from '../core/metrics';
import { PEERS, scorePeer } from '../core/peers/peers';
import { generatePreset, type PresetId } from './presets';

/** Mean AUC of a label-free peer over five seeds of a preset at 1,000 rows. */
function peerAuc(preset: PresetId, contamination: number, peer: (typeof PEERS)[number]['id']): number {
  let sum = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const d = generatePreset({ preset, rows: 1000, contamination, spread: 1, seed });
    const s = scorePeer(peer, { data: d.points, rows: d.rows, cols: 2 }, null, seed);
    sum += rocAuc(Array.from(s.train), Array.from(d.truth));
  }
  return sum / 5;
}

// Presets (b) and (c) are where a few answers repair what no unsupervised detector can: every label-free peer
// (IsolationForest, kNN, cosine kNN) ranks their outliers as the most normal rows. Preset (a) is the control.
describe('the label-free peers on the Learn presets', () => {
  for (const [preset, contamination] of [
    ['b', 0.2],
    ['c', 0.15],
  ] as const) {
    it(`(${preset}): every unsupervised peer ranks the outliers as inliers`, () => {
      for (const p of PEERS) expect(peerAuc(preset, contamination, p.id), p.id).toBeLessThan(0.2);
    });
  }

  it('(a): the same peers rank scattered outliers on top', () => {
    expect(peerAuc('a', 0.05, 'iforest')).toBeGreaterThan(0.95);
    expect(peerAuc('a', 0.05, 'knn')).toBeGreaterThan(0.95);
  });
});
