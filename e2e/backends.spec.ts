import { expect, test } from '@playwright/test';

// Same seed, same noise stream (drawn in JS): every backend must give the same scores within float32
// tolerance. WebGPU here is the software adapter, slow, so the run is tiny.
test('WebGPU, WebGL and CPU agree with WASM on a tiny training run', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`${process.env.E2E_HARNESS_URL}e2e/harness/backends.html`);
  await expect(page.locator('#out')).toHaveText('ready');
  const wasm = await page.evaluate(() => window.runOn('wasm'));
  expect(wasm.backend).toBe('wasm');
  expect(wasm.scores).toHaveLength(64);
  for (const choice of ['webgpu', 'webgl', 'cpu'] as const) {
    const other = await page.evaluate((c) => window.runOn(c), choice);
    expect(other.backend).toBe(choice);
    const maxDiff = Math.max(...other.scores.map((s, i) => Math.abs(s - wasm.scores[i]) / (1 + Math.abs(wasm.scores[i]))));
    expect(maxDiff, `${choice} vs wasm`).toBeLessThan(2e-2);
  }
});

// The WebAssembly SIMD engine in the real worker (fetched, compiled, run as the app does) against TF.js
// on its WASM backend: same seed, same noise stream, same tiny run.
test('the WASM SIMD engine and TF.js give the same scores in the real worker', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${process.env.E2E_HARNESS_URL}e2e/harness/backends.html`);
  await expect(page.locator('#out')).toHaveText('ready');
  const tfjs = await page.evaluate(() => window.runOn('wasm', 'tfjs'));
  const simd = await page.evaluate(() => window.runOn('wasm', 'wasm'));
  expect(tfjs.engine).toBe('tfjs');
  expect(simd.engine).toBe('wasm');
  expect(simd.scores).toHaveLength(64);
  const maxDiff = Math.max(...simd.scores.map((s, i) => Math.abs(s - tfjs.scores[i]) / (1 + Math.abs(tfjs.scores[i]))));
  expect(maxDiff).toBeLessThan(1e-3);
  // and they are not trivially equal (an untrained model scores differently)
  expect(new Set(simd.scores.map((s) => s.toFixed(3))).size).toBeGreaterThan(10);
});

// Learn mode's 400-point demo in the real Learn worker on both engines: the same run (scores agree), and the
// time of its 500 updates printed for the record (speed lives in npm run bench:browser, not in a timed test).
test('Learn demo: the WASM SIMD engine and TF.js agree in the Learn worker', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(`${process.env.E2E_HARNESS_URL}e2e/harness/backends.html`);
  await expect(page.locator('#out')).toHaveText('ready');
  const simd = await page.evaluate(() => window.learnDemo('wasm'));
  const tfjs = await page.evaluate(() => window.learnDemo('tfjs'));
  expect(simd.engine).toBe('WASM SIMD engine');
  expect(simd.updates).toBe(500);
  expect(tfjs.updates).toBe(500);
  expect(simd.auc).toBeGreaterThan(0.9);
  // Same seed, same noise: equal until float rounding moves a trimming decision; the rankings stay alike.
  expect(Math.abs(simd.auc - tfjs.auc)).toBeLessThan(0.05);
  console.log(`Learn demo, 500 updates: WASM SIMD ${simd.ms.toFixed(0)} ms, TF.js ${tfjs.ms.toFixed(0)} ms`);
});

// Helper threads (a Web Worker per spare core) score parts of big passes and train ODIM's members: the scores
// must be bit-identical to the engine worker alone, and the helpers must really have run.
test('helper threads change no score: IMBoost on 60,000 rows and ODIM, with and without them', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(`${process.env.E2E_HARNESS_URL}e2e/harness/backends.html`);
  await expect(page.locator('#out')).toHaveText('ready');
  const r = await page.evaluate(() => window.threadsAgree());
  expect(r.helpers).toBeGreaterThan(0);
  for (const m of ['imboost', 'odim']) {
    const alone = r.runs[`${m}-0`];
    const helped = r.runs[`${m}-auto`];
    expect(alone.helperJobs, m).toBe(0);
    expect(helped.helperJobs, m).toBeGreaterThan(0);
    expect(helped.scores, m).toEqual(alone.scores);
  }
});
