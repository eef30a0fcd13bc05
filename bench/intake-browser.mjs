// A big table opened in the production build in Debian's Chromium, through the real file input: the time from
// choosing the file to the table shown and to Start enabled (read, typed, features built), and the browser's
// memory added (summed RSS of all its processes: before, at the peak while loading, and after), each file in a
// fresh page, alternating formats:
//
//   node scripts/make-big-table.mjs --rows 600000 --out /tmp/big.csv --parquet /tmp/big.parquet
//   npm run build && node bench/intake-browser.mjs /tmp/big.csv /tmp/big.parquet [--repeat 2] [--port 4590]
import { execFileSync, spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const repeat = Number(opt('--repeat', 2));
const port = Number(opt('--port', 4590));
const files = args;
if (files.length === 0) throw new Error('usage: intake-browser.mjs FILE... [--repeat N] [--port P]');

const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {
    if (i > 100) throw new Error('vite preview did not start');
  }
  await new Promise((r) => setTimeout(r, 200));
}

/** Summed RSS (MB) of every process this script started (the browser's), but itself and the server. */
function browserRss() {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const procs = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const below = (root) => {
    const tree = new Set([root]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, ppid] of procs) {
        if (tree.has(ppid) && !tree.has(pid)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    return tree;
  };
  const mine = below(process.pid);
  const serverTree = below(server.pid);
  const counted = procs.filter(([pid]) => mine.has(pid) && !serverTree.has(pid) && pid !== process.pid);
  return counted.reduce((s, [, , rss]) => s + rss, 0) / 1024;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = new Map(files.map((f) => [f, []]));
try {
  for (let r = 0; r < repeat; r++) {
    for (const path of files) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      await page.goto(url);
      await page.getByTestId('table-note').getByText('cardio.csv').waitFor({ timeout: 60_000 });
      await page.getByTestId('start-run').and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
      await page.waitForTimeout(1000);
      const idle = browserRss();
      let peak = idle;
      const poll = setInterval(() => (peak = Math.max(peak, browserRss())), 100);
      const name = path.split('/').pop();
      const t0 = Date.now();
      await page.getByTestId('file-input').setInputFiles(path);
      await page
        .getByTestId('table-note')
        .getByText(new RegExp(`^${name.replace(/\./g, '\\.')} \\(`))
        .waitFor({ timeout: 300_000 });
      const shown = Date.now() - t0;
      const note = await page.getByTestId('table-note').innerText();
      const rowText = /\(([\d,]+) rows\)/.exec(note)?.[1] ?? '?';
      await page.getByTestId('feature-summary').getByText(`${rowText} rows`).waitFor({ timeout: 300_000 });
      await page.getByTestId('start-run').and(page.locator(':enabled')).waitFor({ timeout: 300_000 });
      const ready = Date.now() - t0;
      await page.waitForTimeout(1000);
      clearInterval(poll);
      const after = browserRss();
      results.get(path).push({ shown, ready, peak: peak - idle, after: after - idle });
      console.log(
        `${name}: ${note.split('\n')[0]}, shown ${(shown / 1000).toFixed(1)} s, Start enabled ${(ready / 1000).toFixed(1)} s, memory added: peak ${(peak - idle).toFixed(0)} MB, after ${(after - idle).toFixed(0)} MB`,
      );
      await context.close();
    }
  }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  console.log(`\nfile | table shown s | Start enabled s | memory added at peak MB | memory added after MB (median of ${repeat})`);
  for (const [path, rs] of results) {
    const m = (k) => median(rs.map((x) => x[k]));
    console.log(
      `${path.split('/').pop()} | ${(m('shown') / 1000).toFixed(1)} | ${(m('ready') / 1000).toFixed(1)} | ${m('peak').toFixed(0)} | ${m('after').toFixed(0)}`,
    );
  }
} finally {
  await browser.close();
  try {
    process.kill(-server.pid);
  } catch {
    // already gone
  }
}
