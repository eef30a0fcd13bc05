// Big tables in the real browser: the production build in Debian's Chromium with a generated table
// (scripts/make-big-table.mjs). Prints load time, Start -> first query card, main-thread long tasks
// (PerformanceObserver), the browser's memory over the idle app (summed RSS of its processes), and the
// time of labeling, undo, the score table's sort/filter/scroll, export and reload-then-resume.
//
//   npm run build && npm run bench:big -- [--rows 600000] [--format csv|parquet] [--reuse]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from './chromium.mjs';
import { firstCardSeconds, watchFirstCard } from './firstCard.mjs';
import { preview } from 'vite';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const rows = Number(opt('rows', 600_000));
const format = opt('format', 'csv');
const file = `/tmp/imlab-big-${rows}.${format}`;
if (!existsSync(file)) {
  const csv = `/tmp/imlab-big-${rows}.csv`;
  const extra = format === 'parquet' ? ['--parquet', file] : [];
  execFileSync('node', ['scripts/make-big-table.mjs', '--rows', String(rows), '--out', csv, ...extra], { stdio: 'inherit' });
}

/** The functions with the most self time in a CDP CPU profile. */
function printProfile(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log('page main thread, self time (ms), Start -> first card:');
  for (const [k, ms] of top) console.log(`  ${ms.toFixed(0).padStart(7)}  ${k}`);
}

/** Summed RSS (MB) of a process and all its descendants. */
function treeRssMb(rootPid) {
  const children = new Map();
  const rss = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${d}/status`, 'utf8'));
      rss.set(Number(d), m ? Number(m[1]) / 1024 : 0);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop();
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** RSS (MB) of a process and its descendants by Chromium process type (browser, renderer, gpu-process, utility). */
function rssByType(rootPid) {
  const out = {};
  const walk = (p) => {
    let type = 'browser';
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      const m = /--type=([a-z-]+)/.exec(cmd);
      if (m) type = m[1];
      const util = /--utility-sub-type=([a-zA-Z.]+)/.exec(cmd);
      if (util) type += `:${util[1].split('.').pop()}`;
      const r = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      out[type] = (out[type] ?? 0) + (r ? Number(r[1]) / 1024 : 0);
      for (const t of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean)) walk(Number(c));
      }
    } catch {
      // gone
    }
  };
  walk(rootPid);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v)]));
}

// IMLAB_DIST: serve another build (e.g. an unminified one, for readable profiles).
const server = await preview({
  preview: { port: 4199, strictPort: false, host: '127.0.0.1' },
  build: { outDir: process.env.IMLAB_DIST ?? 'dist' },
  logLevel: 'error',
});
const url = server.resolvedUrls.local[0];
// --memory: where the memory is at each step (RSS by process type; the page's and worker's JS heaps).
const memory = argv.includes('--memory');
const browserServer = await chromium.launchServer(
  memory ? { ...CHROMIUM_LAUNCH, args: [...CHROMIUM_LAUNCH.args, '--enable-blink-features=ForceEagerMeasureMemory'] } : CHROMIUM_LAUNCH,
);
const pid = browserServer.process().pid;
const browser = await chromium.connect(browserServer.wsEndpoint());
const results = [];
const note = (what, value) => {
  results.push([what, value]);
  console.log(`${what.padEnd(44)} ${value}`);
};
let peak = 0;
let peakTypes = {};
/** The step under way (for where the peak fell). */
let stepNow = 'idle';
let peakStep = stepNow;
const sampler = setInterval(() => {
  const now = treeRssMb(pid);
  if (now > peak) {
    peakTypes = rssByType(pid);
    peakStep = stepNow;
  }
  peak = Math.max(peak, now);
}, 250);

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await watchFirstCard(page);
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.getByTestId('table-note').filter({ hasText: 'cardio.csv' }).waitFor({ timeout: 60_000 });
  await page
    .getByTestId('backend-badge')
    .filter({ hasText: /WASM|WebGPU|WebGL|CPU/ })
    .waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  const idle = treeRssMb(pid);
  peak = idle;
  const since = await page.evaluate(() => performance.now());
  const memoryAt = async (what) => {
    const ua = !memory
      ? null
      : await page.evaluate(async () => {
          if (!performance.measureUserAgentSpecificMemory) return null;
          const m = await performance.measureUserAgentSpecificMemory();
          const by = {};
          for (const b of m.breakdown) {
            const key = b.attribution.map((a) => a.scope).join('+') || b.types.join('+') || 'other';
            by[key] = (by[key] ?? 0) + b.bytes;
          }
          return { total: m.bytes, by };
        });
    const mb = (b) => Math.round(b / 2 ** 20);
    const types = Object.entries(rssByType(pid))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const js = ua
      ? Object.entries(ua.by)
          .map(([k, v]) => `${k} ${mb(v)}`)
          .join(', ')
      : 'n/a';
    console.log(`    memory at ${what}: RSS ${types} MB; JS+DOM (measureUserAgentSpecificMemory) ${js} MB`);
  };
  await memoryAt('idle');
  const longTasks = async () =>
    page.evaluate((t0) => window.__longTasks.filter((l) => l.start >= t0).map((l) => Math.round(l.duration)), since);
  // Long tasks of one phase: those that started after the previous mark.
  let mark = since;
  const phaseTasks = async (what) => {
    const now = await page.evaluate(() => performance.now());
    const tasks = await page.evaluate((t0) => window.__longTasks.filter((l) => l.start >= t0).map((l) => Math.round(l.duration)), mark);
    mark = now;
    if (tasks.length) console.log(`${''.padEnd(4)}long tasks in ${what}: ${tasks.join(', ')} ms`);
  };

  let t = Date.now();
  stepNow = 'load';
  await page.getByTestId('file-input').setInputFiles(file);
  await page
    .getByTestId('table-note')
    .filter({ hasText: `${rows.toLocaleString('en-US')} rows` })
    .or(page.getByTestId('table-note').filter({ hasText: `(${rows} rows` }))
    .first()
    .waitFor({ timeout: 300_000 });
  await page.getByTestId('feature-summary').filter({ hasText: 'rows' }).waitFor({ timeout: 300_000 });
  await page.locator('[data-testid="start-run"]:not([disabled])').waitFor({ timeout: 300_000 });
  await phaseTasks('load');
  await memoryAt('load');
  note(
    `load ${(statSync(file).size / 2 ** 20).toFixed(1)} MB ${format} (file -> Start enabled)`,
    `${((Date.now() - t) / 1000).toFixed(1)} s`,
  );

  // --profile: the page's main-thread CPU profile from Start to the first query card, top self times.
  const cdp = argv.includes('--profile') ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  // --trace <file>: a Chromium trace (devtools.timeline) from Start to the first card, for the long tasks' insides.
  const trace = opt('trace', null);
  if (trace)
    await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'] });
  // --threads N: the run form's "Helper threads" (blank = one per spare core, 0 = none), to compare the two.
  const threads = opt('threads', null);
  if (threads != null) {
    await page.getByText('More hyperparameters').first().click();
    await page.getByTestId('param-threads').fill(String(threads));
    note('helper threads (run form)', String(threads));
  }
  // Round 1's card, as this bench has always timed (the early questions' card: npm run bench:early).
  await page.getByTestId('param-imboost-earlyQuestions').fill('0');
  t = Date.now();
  stepNow = 'the run to the first card';
  await page.getByTestId('start-run').click();
  const card = page.getByTestId('candidate-card');
  await page.locator('[data-testid="candidate-card"][data-row-index]:not([data-row-index=""])').waitFor({ timeout: 600_000 });
  await phaseTasks('the run to the first card');
  if (trace) await browser.stopTracing();
  note('Start -> first query card', `${((Date.now() - t) / 1000).toFixed(1)} s`);
  note('Start -> first query card (page clock)', `${(await firstCardSeconds(page)).toFixed(2)} s`);
  if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
  await memoryAt('first card');

  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  t = Date.now();
  stepNow = 'labeling';
  for (const key of ['i', 'o', 'i', 'u', 'o']) {
    const row = await card.getAttribute('data-row-index');
    await page.keyboard.press(key);
    await page.locator(`[data-testid="candidate-card"]:not([data-row-index="${row}"])`).waitFor();
  }
  await phaseTasks('labeling');
  note('4 answers + 1 undo by keyboard', `${Date.now() - t} ms`);

  const table = page.getByTestId('score-table');
  t = Date.now();
  stepNow = 'the score table';
  await table.getByRole('button', { name: /Score/ }).click();
  await table.getByRole('button', { name: /Row/ }).click();
  await page.getByTestId('score-filter').selectOption('unlabeled');
  await page.getByTestId('score-filter').selectOption('all');
  await table.locator('.st-body').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await page.waitForTimeout(300);
  await table.locator('.st-body').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await page.waitForTimeout(300);
  await phaseTasks('the score table');
  await memoryAt('score table');
  note('score table: 2 sorts, 2 filters, 2 scrolls', `${Date.now() - t} ms`);

  t = Date.now();
  stepNow = 'export';
  const download = page.waitForEvent('download', { timeout: 300_000 });
  await page.getByTestId('export-csv').click();
  const saved = `/tmp/imlab-big-export-${rows}.csv`;
  await (await download).saveAs(saved);
  await phaseTasks('export');
  await memoryAt('export');
  console.log(`    RSS by process type at the peak (during ${peakStep}): ${JSON.stringify(peakTypes)}`);
  if (memory) {
    const opfs = await page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('imlab-exports').catch(() => null);
      const out = [];
      if (dir) for await (const [name, h] of dir.entries()) out.push(`${name} ${(await h.getFile()).size}`);
      return out;
    });
    console.log(`    export files in the origin's private file system: ${opfs.join('; ') || 'none'}`);
  }
  note(`export CSV (${(statSync(saved).size / 2 ** 20).toFixed(1)} MB)`, `${((Date.now() - t) / 1000).toFixed(1)} s`);

  const tasks = await longTasks();
  note('main-thread tasks > 50 ms (count, longest)', `${tasks.length}, ${Math.max(0, ...tasks)} ms`);
  note('main-thread tasks > 200 ms', `${tasks.filter((d) => d > 200).length}`);
  note('browser memory: idle app', `${idle.toFixed(0)} MB`);
  note('browser memory: peak added over idle', `${(peak - idle).toFixed(0)} MB`);

  t = Date.now();
  await page.getByTestId('save-status').and(page.locator('[data-status="saved"]')).waitFor({ timeout: 120_000 });
  note('then until the session is saved', `${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  await page.reload();
  await page.getByTestId('resume-session').click({ timeout: 120_000 });
  await page.locator('[data-testid="candidate-card"][data-row-index]:not([data-row-index=""])').waitFor({ timeout: 300_000 });
  const labels = await page.getByTestId('label-history-item').count();
  note(`reload -> resumed round (labels in history)`, `${((Date.now() - t) / 1000).toFixed(1)} s (${labels})`);
} finally {
  clearInterval(sampler);
  await browser.close();
  await browserServer.close();
  await new Promise((r) => server.httpServer.close(r));
}
