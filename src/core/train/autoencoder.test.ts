import { describe, expect, it } from 'vitest';
import { makeConfig, type Method } from '../config';
import { matrix } from '../data/matrix';
import { rocAuc } from '../metrics';
import { Rng } from '../rng';
import type { Checkpoint } from './checkpoint';
import type { ProgressEvent } from './progress';
import { runMethod } from './runMethod';

// 300 rows: a correlated Gaussian cloud, 15 rows off its plane.
function table() {
  const rng = new Rng(11);
  const n = 300;
  const d = 6;
  const data = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const t = rng.normal();
    const u = rng.normal();
    const out = r % 20 === 0;
    y[r] = out ? 1 : 0;
    for (let c = 0; c < d; c++) data[r * d + c] = (c % 2 ? t : u) * (1 + c / 3) + 0.1 * rng.normal() + (out ? 3 * rng.normal() : 0);
  }
  return { X: matrix(n, d, data), y };
}

const config = (method: Method) => makeConfig({ method, seed: 3, ae: { epochs: 30 }, gradstop: { window: 8 } });

describe('the autoencoder methods', () => {
  const { X, y } = table();

  it.each(['ae', 'gradstop', 'rejection'] as const)('%s: same seed, same scores; they rank the outliers', async (method) => {
    const a = await runMethod({ X, config: config(method) });
    const b = await runMethod({ X, config: config(method) });
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    expect(a.scores.length).toBe(X.rows);
    expect(rocAuc(a.scores, y)).toBeGreaterThan(0.8);
  });

  it.each(['ae', 'gradstop', 'rejection'] as const)(
    '%s: a run resumed from a mid-run checkpoint ends with the same scores',
    async (method) => {
      const cps: Checkpoint[] = [];
      const full = await runMethod({ X, config: config(method), onCheckpoint: (c) => cps.push(c) });
      const mid = cps[Math.floor(cps.length / 2)];
      const resumed = await runMethod({ X, config: config(method), resume: mid });
      expect(Array.from(resumed.scores)).toEqual(Array.from(full.scores));
    },
  );

  it('gradstop reports cohesion, divergence and the kept epoch, and stops a window after it', async () => {
    const events: ProgressEvent[] = [];
    const cfg = makeConfig({ method: 'gradstop', seed: 3, ae: { epochs: 100 }, gradstop: { window: 8, tD: null } });
    await runMethod({ X, config: cfg, truth: y, onProgress: (e) => events.push(e) });
    const last = events[events.length - 1].gradstop!;
    expect(events.every((e) => e.gradstop && Number.isFinite(e.gradstop.cohesionDiff) && e.gradstop.divergence >= 0)).toBe(true);
    if (last.stopped) expect(events.length - 1).toBe(last.bestEpoch + 8);
    expect(last.initialReturned).toBe(false);
  });

  it('rejection modes differ, and none is not plain ae', async () => {
    const cfg = (mode: 'soft' | 'hard' | 'none') => makeConfig({ method: 'rejection', seed: 3, ae: { epochs: 10 }, rejection: { mode } });
    const [soft, hard, none] = await Promise.all([
      runMethod({ X, config: cfg('soft') }),
      runMethod({ X, config: cfg('hard') }),
      runMethod({ X, config: cfg('none') }),
    ]);
    const ae = await runMethod({ X, config: makeConfig({ method: 'ae', seed: 3, ae: { epochs: 10 } }) });
    expect(Array.from(soft.scores)).not.toEqual(Array.from(hard.scores));
    expect(Array.from(none.scores)).not.toEqual(Array.from(ae.scores));
  });

  it('samples large tables to ae.maxRows for training and scores every row', async () => {
    const cfg = makeConfig({ method: 'ae', seed: 3, ae: { epochs: 3, maxRows: 100 } });
    const events: ProgressEvent[] = [];
    const r = await runMethod({ X, config: cfg, onProgress: (e) => events.push(e) });
    expect(events[0].batchSize).toBe(100);
    expect(r.scores.length).toBe(300);
  });
});
