import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../core/train/checkpoint';
import { BIG_CHECKPOINT_EVERY_MS, CheckpointThrottle, SMALL_CHECKPOINT_BYTES } from './checkpointThrottle';

function checkpoint(epoch: number, historyFloats: number, openRound = false): Checkpoint {
  return {
    version: 1,
    method: 'imboost',
    nextEpoch: epoch,
    round: 0,
    state: [new Float32Array(10)],
    adamM: [new Float32Array(10)],
    adamV: [new Float32Array(10)],
    adamStep: 0,
    rngState: 1,
    labels: new Int8Array(4),
    history: [new Float32Array(historyFloats)],
    openRound: openRound ? { round: 1, rounds: 2, epoch, candidates: [1], candidateScores: [0], budget: 1 } : null,
  };
}

describe('CheckpointThrottle', () => {
  it('sends every small checkpoint at once', () => {
    const sent: number[] = [];
    const t = new CheckpointThrottle(
      (c) => sent.push(c.nextEpoch),
      () => 0,
    );
    for (let e = 1; e <= 3; e++) t.push(checkpoint(e, 100));
    expect(sent).toEqual([1, 2, 3]);
  });

  it('holds big ones back to one per interval, never an opening round, and flushes the latest held', () => {
    const big = SMALL_CHECKPOINT_BYTES / 4 + 1;
    let now = 0;
    const sent: number[] = [];
    const t = new CheckpointThrottle(
      (c) => sent.push(c.nextEpoch),
      () => now,
    );
    t.push(checkpoint(1, big)); // the first goes
    now = 1000;
    t.push(checkpoint(2, big));
    t.push(checkpoint(3, big));
    expect(sent).toEqual([1]);
    t.push(checkpoint(4, big, true)); // a round opens: at once
    expect(sent).toEqual([1, 4]);
    now = 2000;
    t.push(checkpoint(5, big));
    now = 2000 + BIG_CHECKPOINT_EVERY_MS;
    t.push(checkpoint(6, big));
    expect(sent).toEqual([1, 4, 6]);
    now += 10;
    t.push(checkpoint(7, big));
    t.flush();
    t.flush(); // nothing more held
    expect(sent).toEqual([1, 4, 6, 7]);
  });
});
