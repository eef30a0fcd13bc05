// Issue 27's hostile files (scripts/hostile-files.ts) dropped on the production build in Debian's Chromium, one
// fresh page each: the time to the page's answer (a table or a sentence), the answer, and the browser's peak added
// memory (the summed RSS of all its processes, from /proc, sampled every 50 ms, over the idle app with the demo
// table loaded).
//
//   npm run build && npm run bench:hostile [-- --port 4591] [--only NAME]
// (a port another server already holds would measure that server's build: the script says so and stops)
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from './chromium.mjs';
import { makeHostile } from '../scripts/hostile-files';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const port = Number(opt('--port', '4591'));
const only = opt('--only', '');

/** RSS in MB of the process tree under `root`, read from /proc. */
function treeRss(root: number): number {
  const kids = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      // the process ended while we looked
    }
  }
  let kb = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // gone
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return kb / 1024;
}

async function main() {
  const cases = makeHostile(path.join(os.tmpdir(), 'imlab-hostile')).filter((c) => !only || c.file.includes(only));
  const url = `http://127.0.0.1:${port}/`;
  if (
    await fetch(url).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is taken: choose another with --port`);
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (i > 150) throw new Error('vite preview did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  // The browser's processes are children of the launcher Playwright spawned: this script's children but the server.
  const browserRoots = () =>
    execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number)
      .filter((p) => p && p !== server.pid);
  const rss = () => browserRoots().reduce((s, p) => s + treeRss(p), 0);
  const rows: string[] = [];
  try {
    for (const c of cases) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      let crashed = false;
      page.on('crash', () => (crashed = true));
      await page.goto(url);
      await page.getByTestId('table-note').getByText('cardio.csv').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(1500);
      const idle = rss();
      let peak = idle;
      const poll = setInterval(() => (peak = Math.max(peak, rss())), 50);
      const started = Date.now();
      await page.getByTestId('file-input').setInputFiles(c.path);
      const error = page.getByTestId('intake-error');
      const note = page.getByTestId('table-note').getByText(c.file);
      let answer = 'no answer in 60 s';
      try {
        await Promise.race([error.waitFor({ timeout: 60_000 }), note.waitFor({ timeout: 60_000 })]);
        answer = (await error.isVisible())
          ? `refused: ${await error.innerText()}`
          : `table: ${await page.getByTestId('table-note').innerText()}`;
      } catch {
        // no answer: said in the row
      }
      const ms = Date.now() - started;
      await page.waitForTimeout(500); // memory still settling after the answer counts too
      clearInterval(poll);
      const alive = !crashed && (await page.evaluate(() => 1 + 1).catch(() => 0)) === 2;
      rows.push(
        `| ${c.what} | ${ms} | ${(peak - idle).toFixed(0)} | ${alive ? 'yes' : 'NO'} | ${answer.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 140)} |`,
      );
      console.log(rows[rows.length - 1]);
      await context.close();
    }
  } finally {
    await browser.close();
    try {
      process.kill(-(server.pid as number));
    } catch {
      // the server already ended
    }
  }
  console.log('\n| file | answer ms | peak added MB | tab alive | answer |\n|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

void main();
