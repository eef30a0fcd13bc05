import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { finishRound, openApp, startShortRunAndAnswerOne, waitSaved } from './reliability-helpers';

/**
 * Nothing leaves the machine: every request of a whole session (page, engine worker, service worker)
 * stays on the app's origin, and the production build's Content-Security-Policy holds (no inline
 * script, no eval, no other origin) without blocking anything the app itself does.
 */

test.use({ viewport: { width: 1280, height: 900 } });

declare global {
  interface Window {
    __cspViolations: string[];
  }
}

test('a whole session sends no request beyond the origin, under a strict CSP', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const consoleCsp: string[] = [];
  const watch = (text: string) => {
    if (/Content Security Policy|Refused to/i.test(text)) consoleCsp.push(text);
  };
  page.on('console', (m) => watch(m.text()));
  page.on('worker', (w) => w.on('console', (m) => watch(m.text())));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  // ---- a whole session: demo, a file, a run with a round answered by keyboard, exports, reload and resume
  await openApp(page);
  const answers = await startShortRunAndAnswerOne(page, 'private.csv');
  await finishRound(page, answers);
  await page.getByTestId('simulated-oracle-toggle').check();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  await waitSaved(page);
  await page.reload();
  await page.getByTestId('resume-session').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });

  // ---- the request log: the app's files only, all on this origin
  const outside = requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
  expect(outside).toEqual([]);
  // The log is complete: the engine worker's requests (its bundle, the .wasm it loads) and the service
  // worker's precache (icons the page itself never asks for) are in it.
  expect(requests.some((u) => /engine\.worker-[\w-]+\.js$/.test(u))).toBe(true);
  expect(requests.some((u) => /\.wasm$/.test(u))).toBe(true);
  expect(requests.some((u) => u.endsWith('/icons/icon-maskable-512.png'))).toBe(true);
  // The service worker's precache list is this origin's files only.
  const sw = readFileSync(path.resolve('dist/sw.js'), 'utf8');
  const precache = JSON.parse(/const PRECACHE = (\[[\s\S]*?\]);/.exec(sw)![1]) as string[];
  expect(precache.filter((u) => /^[a-z]+:|^\/\//i.test(u))).toEqual([]);

  // ---- the CSP: present, strict, and the app ran under it without a single violation
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("worker-src 'self'");
  expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(consoleCsp).toEqual([]);

  // ...and it blocks what it should: an inline script, eval, and a request to another origin.
  const blocked = await page.evaluate(async () => {
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true;';
    document.body.append(inline);
    const evalResult = await new Promise<string>((resolve) =>
      setTimeout(() => {
        try {
          eval('1 + 1');
          resolve('ran');
        } catch {
          resolve('blocked');
        }
      }),
    );
    const fetchResult = await fetch('https://example.com/collect').then(
      () => 'sent',
      () => 'blocked',
    );
    await new Promise((r) => setTimeout(r, 100));
    return {
      inline: (window as Window & { __inlineRan?: boolean }).__inlineRan ?? false,
      evalResult,
      fetchResult,
      violations: window.__cspViolations,
    };
  });
  expect(blocked.inline).toBe(false);
  expect(blocked.evalResult).toBe('blocked');
  expect(blocked.fetchResult).toBe('blocked');
  expect(blocked.violations.join(' ')).toMatch(/script-src/);
  expect(blocked.violations.join(' ')).toMatch(/connect-src/);
  expect(requests.filter((u) => u.includes('example.com'))).toEqual([]);

  // No third-party fonts or stylesheets: every stylesheet and font is the app's own.
  const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href ?? 'inline'));
  for (const href of sheets) expect(href.startsWith(`${origin}/`)).toBe(true);
});

test('the Learn page runs under the same CSP without a violation or a foreign request', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('worker', (w) => w.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && problems.push(m.text())));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto('/#/learn?preset=a&rows=400&seed=1&speed=fastest&method=imboost');
  await page.getByTestId('learn-play').click();
  await expect(page.getByTestId('learn-page')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(problems).toEqual([]);
  expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u))).toEqual([]);
});
