/**
 * Times the answers' part of a run: the random forest at the sizes the answers peer meets (200 trees on 160 answers x
 * 512 columns; a 600k x 10 table scored by a forest on 160 x 10 answers), and the learning curve's point each round
 * adds (core/answers/curve.ts) at 10k x 21 and 600k x 10, the label-free ranking and a round's mixed questions.
 * Prints; asserts nothing (timings belong to no test).
 * npm run bench:answers
 */
import { Rng } from '../src/core/rng';
import { matrix } from '../src/core/data/matrix';
import { curvePoint } from '../src/core/answers/curve';
import { forestClassifier } from '../src/core/answers/forestClassifier';
import { RandomForest } from '../src/core/peers/randomForest';
import { makeConfig } from '../src/core/config';
import { earlyRequest } from '../src/core/train/imboost/early';
import { SimulatedOracle } from '../src/core/train/oracle';
import { typicalReference } from '../src/worker/deviations';
import { labelFreeKind, labelFreeRanking } from '../src/core/answers/labelFree';
import { propagate, propagationOf, PROPAGATION_ANSWERS } from '../src/core/answers/propagate';
import { rankPercentiles } from '../src/core/answers/ranks';
import { MEAN_ANSWERS } from '../src/core/answers/mean';
import { answersStage, DEFAULT_STAGE } from '../src/core/answers/stack';
import { labelFreeIsCandidate } from '../src/core/train/imboost/prior';
import { mixedSelection, selectQuery } from '../src/core/query/strategies';
import { loadWasmEngine } from './wasm-engine';

/** Outliers shifted by `shift` on every 7th column: 1 overlaps the inliers (deep trees), 4 stands apart. */
function table(n: number, d: number, seed: number, shift = 1): { X: Float32Array; y: Uint8Array } {
  const rng = new Rng(seed);
  const X = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.1 ? 1 : 0;
    for (let j = 0; j < d; j++) X[i * d + j] = rng.normal() + (y[i] && j % 7 === 0 ? shift : 0);
  }
  return { X, y };
}

function timed<T>(label: string, f: () => T): T {
  // CPU time beside wall time: on a shared machine the wall clock also counts other people's work.
  const t0 = performance.now(),
    c0 = process.cpuUsage();
  const out = f();
  const c = process.cpuUsage(c0);
  console.log(
    `${label.padEnd(40)} wall ${((performance.now() - t0) / 1000).toFixed(3)} s  cpu ${((c.user + c.system) / 1e6).toFixed(3)} s`,
  );
  return out;
}

// The app's worker scores with the WebAssembly kernels (the same numbers as the JavaScript walk): timed both ways.
loadWasmEngine();
for (const d of [512, 10]) {
  const tr = table(160, d, d);
  const forest = timed(`fit 200 trees on 160 x ${d}`, () => new RandomForest({ trees: 200, seed: 1 }).fit(tr.X, 160, d, tr.y));
  const n = d === 10 ? 600_000 : 10_000;
  const te = table(n, d, d + 1);
  timed(`predict ${n} x ${d}, JavaScript`, () => forest.predictProba(te.X, n, false));
  timed(`predict ${n} x ${d}, WebAssembly`, () => forest.predictProba(te.X, n));
}

// A round's learning-curve point: answers so far (32 a round up to 160) against a prior, judged on a sample.
for (const [n, d] of [
  [10_000, 21],
  [600_000, 10],
] as const) {
  const t = table(n, d, n + d);
  const prior = Float64Array.from({ length: n }, (_, i) => t.y[i] + new Rng(i).normal());
  for (const answers of [32, 160]) {
    const labels = new Int8Array(n).fill(-1);
    for (let i = 0; i < answers; i++) labels[(i * 7919) % n] = t.y[(i * 7919) % n];
    timed(`curve point, ${answers} answers, ${n} x ${d}`, () =>
      curvePoint(matrix(n, d, t.X), { train: prior }, labels, forestClassifier(1), 1),
    );
    // The run's last ranking on every row: the forest, and the label propagation at its weight for that many answers.
    const X = matrix(n, d, t.X);
    const p = timed(`propagation's width, ${answers} answers, ${n} x ${d}`, () => propagationOf(X, labels)!);
    timed(`propagation (weight ${p.weight.toFixed(2)}), every row, ${n} x ${d}`, () => propagate(p, X, rankPercentiles(prior), true));
    for (const propagationAnswers of [0, PROPAGATION_ANSWERS])
      timed(`final stage, ${answers} answers, ${propagationAnswers ? 'with' : 'no'} propagation, ${n} x ${d}`, () =>
        answersStage(X, null, { train: prior, test: null }, labels, forestClassifier(1), { ...DEFAULT_STAGE, propagationAnswers }),
      );
    // The mean of the rankings mixed in (answers/mean.ts) against the pick alone, alternately: what the mean costs.
    for (let k = 0; k < 2; k++)
      for (const meanAnswers of [MEAN_ANSWERS, 0])
        timed(`final stage, ${answers} answers, ${meanAnswers ? 'with the mean' : 'the pick alone'}, ${n} x ${d}`, () =>
          answersStage(X, null, { train: prior, test: null }, labels, forestClassifier(1), { ...DEFAULT_STAGE, meanAnswers }),
        );
    // With the label-free ranking a candidate where the run makes it one (imboost/prior.ts: here at 10k rows, ranked
    // at Start, so its time is not the end's; not at 600k).
    if (labelFreeIsCandidate(n, d)) {
      const labelFree = labelFreeRanking(X, null, 1);
      timed(`final stage with the label-free candidate, ${answers} answers, ${n} x ${d}`, () =>
        answersStage(X, null, { train: prior, test: null, labelFree }, labels, forestClassifier(1)),
      );
    }
  }
}

// Outliers that stand apart: the forest's leaves are pure, so most rows share one probability (a tie of ~500k rows,
// which the ranks once scanned row by row: 20 s on a real 572k-row table, docs/benchmarks.md).
{
  const [n, d] = [600_000, 10];
  const t = table(n, d, 5, 4);
  const prior = Float64Array.from({ length: n }, (_, i) => t.y[i] + new Rng(i).normal());
  const labels = new Int8Array(n).fill(-1);
  for (let i = 0; i < 160; i++) labels[(i * 7919) % n] = t.y[(i * 7919) % n];
  timed(`final stage, 160 answers, outliers apart (ties), ${n} x ${d}`, () =>
    answersStage(matrix(n, d, t.X), null, { train: prior, test: null }, labels, forestClassifier(1), DEFAULT_STAGE),
  );
}

// Label while it warms up: the worker's part of Start -> first question (IsolationForest's early questions, then the
// reference the cards' deviations are measured against); the browser's whole time is npm run bench:early.
for (const [n, d] of [
  [10_000, 1000],
  [10_000, 21],
  [600_000, 10],
] as const) {
  const t = table(n, d, 7 * d);
  const X = matrix(n, d, t.X);
  const opts = { X, config: makeConfig({}), oracle: new SimulatedOracle(t.y) };
  timed(`early questions' prior, ${n} x ${d}`, () => earlyRequest(opts, new Int8Array(n).fill(-1)));
  timed(`cards' typical reference, ${n} x ${d}`, () => typicalReference(X, new Float32Array(n)));
}

// The ranking that stands while no outlier is answered (answers/labelFree.ts): at Start where it is cheap, else at
// the end of a run whose answers hold no outlier; and a round's mixed questions (MM, top and random shares).
for (const [n, d] of [
  [10_000, 21],
  [200, 512],
  [3_700, 512],
  [600_000, 10],
] as const) {
  const X = matrix(n, d, table(n, d, 11 * d).X);
  timed(`label-free ranking (${labelFreeKind(d)}), ${n} x ${d}`, () => labelFreeRanking(X, null, 1));
}
{
  const n = 600_000;
  const scores = Float64Array.from({ length: n }, (_, i) => new Rng(i).normal());
  const unlabeled = Int32Array.from({ length: n }, (_, i) => i);
  const sel = selectQuery('MM', scores, unlabeled, 32, 0.4, new Rng(1));
  timed(`round of 32: MM, top 8, random 8, ${n} rows`, () => mixedSelection(sel, scores, unlabeled, { top: 8, random: 8 }, new Rng(2)));
}
