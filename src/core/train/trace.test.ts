import { beforeAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../config';
import { matrix } from '../data/matrix';
import { rocAuc } from '../metrics';
import { Rng } from '../rng';
import { createTrainContext } from './context';
import { summarize } from './progress';
import { LiveTrace } from './trace';
import { useWasmKernels } from '../../../tests/wasm-setup';

beforeAll(() => useWasmKernels());

function table(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  const data = new Float32Array(n * d);
  const truth = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    truth[i] = i % 20 === 3 ? 1 : 0;
    for (let j = 0; j < d; j++) data[i * d + j] = truth[i] ? rng.next() : 0.45 + 0.1 * rng.next();
  }
  return { X: matrix(n, d, data), truth };
}

describe('LiveTrace', () => {
  const cfg = makeConfig({ engine: 'wasm', 'model.hidden': [8, 4], 'model.latent': 2 } as never);

  it('scores every row of a table at or below the limit, exactly as scoreTrain', async () => {
    const { X, truth } = table(300, 4, 1);
    const a = createTrainContext(X, cfg, 7);
    const b = createTrainContext(X, cfg, 7);
    const labels = new Int8Array(300).fill(-1);
    labels[3] = 1;
    labels[4] = 0;
    const traced = await new LiveTrace(X, truth, 1, 300).score(a, 2, labels);
    const direct = await b.scoreTrain(2);
    expect(traced.scores).toEqual(direct);
    expect(traced.summary).toEqual(summarize(direct, labels, truth));
    a.dispose();
    b.dispose();
  });

  it('on a bigger table scores a fixed sample plus the labeled rows; labeled risks are the labeled rows own', async () => {
    const { X, truth } = table(5000, 4, 2);
    const ctx = createTrainContext(X, cfg, 7);
    const labels = new Int8Array(5000).fill(-1);
    const labeled = [3, 23, 43, 10, 11, 12];
    for (const r of labeled) labels[r] = truth[r];
    const trace = new LiveTrace(X, truth, 1, 1000);
    expect(trace.rows).toBe(1000);
    expect(new LiveTrace(X, truth, 1, 1000).sample).toEqual(trace.sample); // fixed by seed
    const out = await trace.score(ctx, 2, labels);
    expect(out.scores).toBeNull();
    // The same numbers scored independently: the full vector, then the means over the labeled rows.
    const full = await createTrainContext(X, cfg, 7).scoreTrain(2);
    const mean = (rows: number[]) => rows.reduce((s, r) => s + full[r], 0) / rows.length;
    // Scoring noise differs between the two passes: the estimates agree loosely, the sample's AUC closely.
    expect(out.summary.risks.estOutlier).toBeCloseTo(mean([3, 23, 43]), 0);
    expect(out.summary.risks.estInlier).toBeCloseTo(mean([10, 11, 12]), 0);
    const sampleAuc = rocAuc(
      Float32Array.from(trace.sample!, (r) => full[r]),
      Uint8Array.from(trace.sample!, (r) => truth[r]),
    );
    expect(Math.abs(out.summary.auc! - sampleAuc)).toBeLessThan(0.05);
    ctx.dispose();
  });
});

describe('LiveTrace.summarizeAll', () => {
  it('takes the truth metrics of a big table from its sample and the labeled risks from every labeled row', () => {
    const { X, truth } = table(3000, 3, 3);
    const scores = Float32Array.from({ length: 3000 }, (_, i) => (truth[i] ? 2 : 0) + ((i * 7919) % 1000) / 1000);
    const labels = new Int8Array(3000).fill(-1);
    labels[3] = 1;
    labels[5] = 0;
    const trace = new LiveTrace(X, truth, 4, 500);
    const s = trace.summarizeAll(scores, labels);
    const sample = trace.sample!;
    const sub = Float32Array.from(sample, (r) => scores[r]);
    expect(s.auc).toBe(
      rocAuc(
        sub,
        Uint8Array.from(sample, (r) => truth[r]),
      ),
    );
    expect(s.risks.estOutlier).toBeCloseTo(scores[3], 6);
    expect(s.risks.estInlier).toBeCloseTo(scores[5], 6);
    // A small table: the plain summary of every row.
    expect(new LiveTrace(X, truth, 4, 5000).summarizeAll(scores, labels)).toEqual(summarize(scores, labels, truth));
  });
});
