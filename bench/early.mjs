// Label while it warms up (issue 24): Start -> the first question card in the production build, in Debian's
// Chromium, on generated tables of 10k x 1000 and 10k x 21 (no label column: a person answers), three runs each.
// The time is the page's own clock, from the Start click to the first card in the DOM (bench/firstCard.mjs).
//
//   npm run build && npm run bench:early -- [--runs 3]
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_LAUNCH } from './chromium.mjs';
import { firstCardSeconds, watchFirstCard } from './firstCard.mjs';

const argv = process.argv.slice(2);
const runs = Number(argv.includes('--runs') ? argv[argv.indexOf('--runs') + 1] : 3);

/** A seeded table of n rows x d numeric columns, 2% of its rows shifted on a few columns; written once to /tmp. */
function table(n, d) {
  const file = `/tmp/imlab-early-${n}x${d}.csv`;
  if (existsSync(file)) return file;
  let s = 12345 + d;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const lines = [Array.from({ length: d }, (_, j) => `c${j}`).join(',')];
  for (let i = 0; i < n; i++) {
    const shifted = next() < 0.02;
    const row = new Array(d);
    for (let j = 0; j < d; j++) row[j] = (next() + next() + next() - 1.5 + (shifted && j % 5 === 0 ? 3 : 0)).toFixed(3);
    lines.push(row.join(','));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const server = await preview({
  preview: { port: 4198, strictPort: false, host: '127.0.0.1' },
  build: { outDir: 'dist' },
  logLevel: 'error',
});
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  for (const [n, d] of [
    [10_000, 1000],
    [10_000, 21],
  ]) {
    const file = table(n, d);
    const times = [];
    for (let r = 0; r < runs; r++) {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await watchFirstCard(page);
      await page.goto(url);
      await page
        .getByTestId('backend-badge')
        .filter({ hasText: /WASM|WebGPU|WebGL|CPU/ })
        .waitFor({ timeout: 60_000 });
      await page.getByTestId('file-input').setInputFiles(file);
      await page
        .getByTestId('table-note')
        .filter({ hasText: `${n.toLocaleString('en-US')} rows` })
        .waitFor({ timeout: 300_000 });
      await page.getByTestId('feature-summary').filter({ hasText: 'rows' }).waitFor({ timeout: 300_000 });
      await page.locator('[data-testid="start-run"]:not([disabled])').waitFor({ timeout: 300_000 });
      await page.getByTestId('start-run').click();
      await page.locator('[data-testid="candidate-card"][data-row-index]:not([data-row-index=""])').waitFor({ timeout: 600_000 });
      const seconds = await firstCardSeconds(page);
      const phase = await page.getByTestId('run-status').innerText();
      times.push(seconds);
      console.log(
        `${n} x ${d} (${(statSync(file).size / 2 ** 20).toFixed(0)} MB csv) run ${r + 1}: Start -> first question ${seconds.toFixed(2)} s (run: ${phase})`,
      );
      await page.getByTestId('stop-run').click();
      await page.context().close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`${n} x ${d}: Start -> first question, median of ${runs}: ${sorted[sorted.length >> 1].toFixed(2)} s`);
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
