import { makeConfig } from '../src/core/config';
import { matrix } from '../src/core/data/matrix';
import { applyMinMax, fitMinMax } from '../src/core/data/scale';
import { SimulatedOracle } from '../src/core/train/oracle';
import { runMethod } from '../src/core/train/runMethod';
import { rocAuc } from '../src/core/metrics';
import { initNodeBackend } from './node-backend';
import { loadWasmEngine } from './wasm-engine';

/** Inliers: one direction, magnitudes from 0.1 to 1 (the spread an autoencoder learns); outliers: typical magnitude, another direction. */
function wide(n: number, d: number, seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const K = 12;
  const dirs = Array.from({ length: K }, () => Float64Array.from({ length: d }, () => rnd()));
  const X = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const out = i % 20 === 7;
    y[i] = out ? 1 : 0;
    const ka = Math.floor(rnd() * K);
    const a = dirs[ka];
    const b = dirs[(ka + 1 + Math.floor(rnd() * (K - 1))) % K];
    const scale = 0.3 + 0.7 * rnd();
    for (let j = 0; j < d; j++) X[i * d + j] = scale * ((out ? 0.5 * (a[j] + b[j]) : a[j]) + 0.03 * rnd());
  }
  return { X: matrix(n, d, X), y };
}

void (async () => {
  await initNodeBackend();
  loadWasmEngine();
  for (const seed of [1, 2, 3]) {
    const { X, y } = wide(400, 256, seed);
    const mm = fitMinMax(X);
    const config = makeConfig({ method: 'imboost', seed: 1234, imboost: { warmupEpochs: 30, plainEpochs: 2, polarizationEpochs: 6, rounds: 2, budget: 20, earlyQuestions: 0, answersStage: 'forest' } });
    const r = await runMethod({ X: applyMinMax(X, mm), scale: mm, config, oracle: new SimulatedOracle(y) });
    const res = r as unknown as { ranking?: { choice: string; reason: string }; scores: Float32Array; labels: Int8Array };
    console.log(seed, res.ranking?.choice, rocAuc(Array.from(res.scores), Array.from(y)).toFixed(3), res.ranking?.reason);
  }
})();
