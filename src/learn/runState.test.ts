import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../core/train/progress';
import type { LearnQuery } from './learnApi';
import { INITIAL_RUN, runReducer, warmupMeans, type RunMessage } from './runState';

function progress(epoch: number, phase: ProgressEvent['phase'], inlier: number, outlier: number): RunMessage {
  return {
    type: 'progress',
    event: {
      method: 'imboost',
      phase,
      epoch,
      totalEpochs: 100,
      update: (epoch + 1) * 5,
      totalUpdates: 500,
      batchSize: 128,
      loss: 0,
      round: 0,
      rounds: 5,
      labeledInliers: 0,
      labeledOutliers: 0,
      risks: { estInlier: null, estOutlier: null, trueInlier: inlier, trueOutlier: outlier },
      auc: 0.9,
      ap: 0.5,
      elapsedMs: 0,
      scores: new Float32Array([inlier, outlier]),
    },
  };
}

const query: LearnQuery = {
  round: 1,
  rounds: 5,
  epoch: 49,
  candidates: [1],
  candidateScores: [0],
  candidatePosteriors: [0.4],
  budget: 1,
  update: 250,
  answers: [1],
};

describe('runReducer', () => {
  it('averages the warm-up risks and marks the phase changes and rounds', () => {
    let s = runReducer(INITIAL_RUN, { type: 'started', rows: 2, stepOnly: false });
    s = runReducer(s, {
      type: 'batch',
      messages: [
        progress(0, 'plain', -1, 1),
        progress(10, 'trimmed', -3, 3),
        { type: 'query', query },
        progress(50, 'polarization', -5, 50),
      ],
    });
    expect(warmupMeans(s)).toEqual({ inlier: -2, outlier: 2 });
    expect(s.markers.map((m) => m.kind)).toEqual(['trimming', 'round', 'polarization']);
    expect(s.queriedRound && Array.from(s.queriedRound)).toEqual([0, 1]);
    expect(s.trace).toHaveLength(3);
    expect(s.status).toBe('running');
  });

  it('pauses again after a single step', () => {
    let s = runReducer(INITIAL_RUN, { type: 'started', rows: 2, stepOnly: true });
    expect(s.status).toBe('stepping');
    s = runReducer(s, { type: 'batch', messages: [progress(0, 'plain', -1, 1)] });
    expect(s.status).toBe('paused');
    s = runReducer(s, { type: 'resumed' });
    expect(s.status).toBe('running');
  });

  it('keeps the final scores and AUC when done', () => {
    const scores = new Float32Array([0, 1]);
    const s = runReducer(INITIAL_RUN, {
      type: 'batch',
      messages: [{ type: 'done', done: { scores, auc: 1, ap: 1, seconds: 1, updates: 500 } }],
    });
    expect(s.status).toBe('done');
    expect(s.scores).toBe(scores);
    expect(s.done?.auc).toBe(1);
  });
});

describe("contrast's stages in Learn", () => {
  it('marks where the generator and the contrast stage start, once each', () => {
    const events = [
      progress(48, 'trimmed', 1, 2),
      progress(49, 'trimmed', 1, 2),
      progress(0, 'generator', 1, 2),
      progress(1, 'generator', 1, 2),
      progress(7, 'contrast', 1, 2),
      progress(15, 'contrast', 1, 2),
    ];
    const s = runReducer({ ...INITIAL_RUN, status: 'running' }, { type: 'batch', messages: events });
    const stages = s.markers.filter((m) => m.kind === 'stage');
    expect(stages.map((m) => m.label)).toEqual(['generator', 'contrast']);
    expect(stages[1].text).toMatch(/^Contrast stage/);
  });
});
