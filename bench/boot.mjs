// The page's boot on the production build: the longest main-thread task from navigation until the demo table
// is on screen and the compute backend is ready, in Debian's Chromium, three fresh profiles (nothing cached).
// `npm run build` first; `npm run bench:boot` prints each run's longest task and every task over 50 ms.
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_LAUNCH } from './chromium.mjs';

const runs = Number(process.argv[2] ?? 3);
/** Another build to measure (e.g. an older one, for a before/after): BOOT_DIST=/path/to/dist. */
const outDir = process.env.BOOT_DIST ?? 'dist';
/** Tasks after the page is ready still count for a moment (a late render of the demo's columns). */
const SETTLE_MS = 2000;

const server = await preview({ preview: { port: 0, strictPort: false, host: '127.0.0.1' }, build: { outDir }, logLevel: 'error' });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch(CHROMIUM_LAUNCH);
const longest = [];
try {
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    await page.getByTestId('table-note').filter({ hasText: 'Demo data' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('start-run').and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
    const ready = await page.evaluate(() => performance.now());
    await page.waitForTimeout(SETTLE_MS);
    const { tasks, fcp } = await page.evaluate(() => ({
      tasks: window.__longTasks,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
    const max = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    longest.push(max);
    const list = tasks.map((t) => `${t.duration.toFixed(0)} ms at ${t.start.toFixed(0)}`).join(', ') || 'none';
    console.log(
      `run ${r + 1}: longest task ${max.toFixed(0)} ms; first paint ${fcp?.toFixed(0) ?? '?'} ms, ready ${ready.toFixed(0)} ms; tasks over 50 ms: ${list}`,
    );
    await context.close();
  }
  console.log(`\nlongest main-thread task of the boot, ${runs} runs: ${longest.map((m) => `${m.toFixed(0)} ms`).join(', ')}`);
} finally {
  await browser.close();
  await new Promise((done) => server.httpServer.close(done));
}
