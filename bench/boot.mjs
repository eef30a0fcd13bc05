// The page's boot on the production build: the longest main-thread task from navigation until the demo table
// is on screen and Start is enabled (plus a settle), in Debian's Chromium, fresh profiles (nothing cached).
// `npm run build` first; `npm run bench:boot [runs]` prints each run's longest task and every task over 50 ms,
// each with its thread CPU time and what it was (bench/bootTrace.mjs), so a result taken under load still says
// which work is long.
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { BOOT_TRACE_CATEGORIES, longTasksFromTrace } from './bootTrace.mjs';
import { CHROMIUM_LAUNCH } from './chromium.mjs';

const runs = Number(process.argv[2] ?? 3);
/** Another build to measure (e.g. an older one, for a before/after): BOOT_DIST=/path/to/dist. */
const outDir = process.env.BOOT_DIST ?? 'dist';
/** Tasks after the page is ready still count for a moment (a late render of the demo's columns). */
const SETTLE_MS = 2000;
const LONG_MS = 50;
/** BOOT_TRACE=0: the observer alone, without the trace's own cost (no CPU times then). */
const trace = process.env.BOOT_TRACE !== '0';

/**
 * Registered before the page's scripts: the long-task observer, and the readiness check (the demo's note shown,
 * Start enabled) polled from inside the page. The benchmark waits through a bare DevTools call, not Playwright's
 * locators: those inject Playwright's own script into the page, a long task of its own that is not the app's.
 */
function observeBoot() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__bootReady = new Promise((resolve) => {
    const poll = setInterval(() => {
      const note = document.querySelector('[data-testid="table-note"]');
      if (note?.textContent?.includes('Demo data') && document.querySelector('[data-testid="start-run"]:enabled')) {
        clearInterval(poll);
        resolve(performance.now());
      }
    }, 50);
  });
}

async function evaluate(cdp, expression) {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value;
}

const server = await preview({ preview: { port: 0, strictPort: false, host: '127.0.0.1' }, build: { outDir }, logLevel: 'error' });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch(CHROMIUM_LAUNCH);
const longest = [];
const longestCpu = [];
try {
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(observeBoot);
    const cdp = await context.newCDPSession(page);
    if (trace) await browser.startTracing(page, { categories: BOOT_TRACE_CATEGORIES });
    await page.goto(url);
    const ready = await Promise.race([
      evaluate(cdp, 'window.__bootReady'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the demo was not ready within 60 s')), 60_000)),
    ]);
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    const { tasks, fcp } = await evaluate(
      cdp,
      `({ tasks: window.__longTasks, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null })`,
    );
    const traced = trace ? longTasksFromTrace((await browser.stopTracing()).toString(), LONG_MS) : [];
    const max = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const maxCpu = traced.reduce((m, t) => Math.max(m, t.cpu), 0);
    longest.push(max);
    longestCpu.push(maxCpu);
    console.log(
      `run ${r + 1}: longest task ${max.toFixed(0)} ms${trace ? ` (longest CPU time of a task ${maxCpu.toFixed(0)} ms)` : ''}; first paint ${fcp?.toFixed(0) ?? '?'} ms, ready ${ready.toFixed(0)} ms`,
    );
    console.log(
      `  tasks over ${LONG_MS} ms (observer): ${tasks.map((t) => `${t.duration.toFixed(0)} ms at ${t.start.toFixed(0)}`).join(', ') || 'none'}`,
    );
    for (const t of traced) {
      const steps = t.steps
        .slice(0, 3)
        .map((s) => `${s.what} ${s.ms.toFixed(0)}`)
        .join('; ');
      console.log(`  traced ${t.wall.toFixed(0)} ms (CPU ${t.cpu.toFixed(0)}) at ${t.start.toFixed(0)}: ${steps || 'no step over 5 ms'}`);
    }
    await context.close();
  }
  const list = (xs) => xs.map((m) => `${m.toFixed(0)} ms`).join(', ');
  console.log(`\nlongest main-thread task of the boot, ${runs} runs: ${list(longest)}`);
  if (trace) console.log(`longest CPU time of one task (the work, whatever the load): ${list(longestCpu)}`);
} finally {
  await browser.close();
  await new Promise((done) => server.httpServer.close(done));
}
