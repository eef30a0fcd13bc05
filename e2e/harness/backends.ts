// Test-only page (served by the Vite dev server in e2e, never built): trains the same tiny IMBoost run
// on a given TF.js backend or compute engine in the real engine worker and exposes the final scores.
import { Comlink, createEngine } from '../../src/worker/client';
import type { ComputeEngine } from '../../src/core/config';
import type { BackendChoice, RunDone } from '../../src/worker/api';
import type { LearnDone, LearnWorkerApi } from '../../src/learn/learnApi';
import { generatePreset, type PresetId } from '../../src/learn/presets';

declare global {
  interface Window {
    threadsAgree(): Promise<{ helpers: number; runs: Record<string, { scores: number[]; helperJobs: number }> }>;
    learnDemo(
      engine: ComputeEngine,
      preset?: string,
    ): Promise<{ engine: string; ms: number; updates: number; scores: number[]; auc: number }>;
    runOn(
      choice: BackendChoice,
      engine?: ComputeEngine,
    ): Promise<{ backend: string; engine: string; scores: number[]; auc: number | null }>;
  }
}

function tinyCsv(): Blob {
  const lines = ['a,b,c,label'];
  let s = 12345;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 64; i++) {
    const out = i % 8 === 0;
    const v = () => (out ? rnd() : 0.5 + 0.05 * (rnd() - 0.5));
    lines.push(`${v()},${v()},${v()},${out ? 1 : 0}`);
  }
  return new Blob([lines.join('\n')], { type: 'text/csv' });
}

window.runOn = async (choice, engine = 'tfjs') => {
  const { api, terminate } = createEngine();
  try {
    const b = await api.init(choice, engine);
    const t = await api.loadFile(tinyCsv(), 'tiny.csv');
    await api.prepare(t.columns, t.proposedLabel);
    let trainedOn: string | null = null;
    const done = new Promise<RunDone>((resolve, reject) => {
      void api.start(
        {
          config: {
            seed: 5,
            imboost: { warmupEpochs: 4, plainEpochs: 2, polarizationEpochs: 2, rounds: 1, updatesPerEpoch: 2, n0: 32, budget: 4 },
          },
          simulatedOracle: true,
        },
        Comlink.proxy({
          onConfig: (c: { engine: string }) => void (trainedOn = c.engine),
          onProgress() {},
          onQuery() {},
          onDone: resolve,
          onError: (m: string) => reject(new Error(m)),
        }),
      );
    });
    const r = await done;
    // The engine the run reported it trained on (the worker resolves 'auto' to the one init chose).
    return { backend: b.name, engine: trainedOn ?? 'none reported', scores: Array.from(r.scores), auc: r.auc };
  } finally {
    terminate();
  }
};
// Learn mode's demo (400 points, IMBoost's 500 updates, every epoch scored) in the real Learn worker at full
// speed: the time from start to done, and the scores, per engine.
window.learnDemo = async (engine, preset = 'a') => {
  const worker = new Worker(new URL('../../src/learn/learn.worker.ts', import.meta.url), { type: 'module', name: 'harness-learn' });
  const api = Comlink.wrap<LearnWorkerApi>(worker);
  try {
    const name = await api.init();
    const data = generatePreset({ preset: preset as PresetId, rows: 400, contamination: 0.1, spread: 1, seed: 1 });
    const t0 = performance.now();
    const done = await new Promise<LearnDone>((resolve, reject) => {
      void api.start(
        { points: data.points, truth: data.truth, rows: data.rows, method: 'imboost', seed: 1, delayMs: 0, stepOnly: false, engine },
        Comlink.proxy({ onProgress() {}, onQuery() {}, onDone: resolve, onError: (m: string) => reject(new Error(m)) }),
      );
    });
    return {
      engine: engine === 'tfjs' ? 'tfjs' : name,
      ms: performance.now() - t0,
      updates: done.updates,
      scores: Array.from(done.scores),
      auc: done.auc,
    };
  } finally {
    worker.terminate();
  }
};
document.getElementById('out')!.textContent = 'ready';

/** A table big enough that the engine splits its scoring passes over helper threads (60,000 rows x 10). */
function wideCsv(rows: number): Blob {
  let s = 777;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,label'];
  for (let i = 0; i < rows; i++) {
    const out = i % 50 === 0;
    const cells = Array.from({ length: 10 }, () => (out ? rnd() : 0.5 + 0.1 * (rnd() - 0.5)).toFixed(5));
    lines.push(`${cells.join(',')},${out ? 1 : 0}`);
  }
  return new Blob([lines.join('\n')], { type: 'text/csv' });
}

// The same short IMBoost and ODIM runs in the real engine worker with helper threads allowed and forbidden.
window.threadsAgree = async () => {
  const { api, terminate } = createEngine();
  try {
    const b = await api.init('wasm', 'wasm');
    const t = await api.loadFile(wideCsv(60_000), 'wide.csv');
    await api.prepare(t.columns, t.proposedLabel);
    const runOnce = (config: Record<string, unknown>) =>
      new Promise<RunDone>((resolve, reject) => {
        void api.start(
          { config, simulatedOracle: true },
          Comlink.proxy({ onConfig() {}, onProgress() {}, onQuery() {}, onDone: resolve, onError: (m: string) => reject(new Error(m)) }),
        );
      });
    const imboost = {
      seed: 9,
      imboost: { warmupEpochs: 4, plainEpochs: 2, polarizationEpochs: 2, rounds: 1, updatesPerEpoch: 2, n0: 64, budget: 4 },
    };
    const odim = { seed: 9, method: 'odim', odim: { models: 3, maxUpdates: 60, patienceUpdates: 20, k: 4, batch: 64 } };
    const out: Record<string, { scores: number[]; helperJobs: number }> = {};
    for (const [name, config] of Object.entries({ imboost, odim })) {
      for (const threads of [0, null]) {
        const r = await runOnce({ ...config, threads });
        out[`${name}-${threads ?? 'auto'}`] = { scores: Array.from(r.scores), helperJobs: r.helperJobs ?? 0 };
      }
    }
    return { helpers: b.engine?.helpers ?? 0, runs: out };
  } finally {
    terminate();
  }
};
