// In-browser speed: Learn mode's 400-point demo (IMBoost, 500 updates, every epoch scored) in the real
// Learn worker in Debian's Chromium, both engines, alternating. `npm run bench:browser` prints median ms.
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from './chromium.mjs';
import { createServer } from 'vite';

const reps = Number(process.argv[2] ?? 3);
const server = await createServer({ server: { port: 5199, strictPort: false, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  const page = await browser.newPage();
  await page.goto(`${url}e2e/harness/backends.html`);
  await page.waitForFunction(() => document.getElementById('out')?.textContent === 'ready', null, { timeout: 120_000 });
  const times = { wasm: [], tfjs: [] };
  for (let r = 0; r < reps; r++) {
    for (const engine of ['wasm', 'tfjs']) {
      const out = await page.evaluate((e) => window.learnDemo(e), engine);
      times[engine].push(out.ms);
      console.log(
        `run ${r + 1}  ${engine.padEnd(4)}  ${out.ms.toFixed(0).padStart(6)} ms  ${out.updates} updates  AUC ${out.auc.toFixed(4)}`,
      );
    }
  }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  console.log(
    `\nLearn demo (400 points, 500 updates), median of ${reps}: WASM SIMD engine ${median(times.wasm).toFixed(0)} ms, TF.js ${median(times.tfjs).toFixed(0)} ms (${(median(times.tfjs) / median(times.wasm)).toFixed(1)}x)`,
  );
} finally {
  await browser.close();
  await server.close();
}
