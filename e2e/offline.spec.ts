import { expect, test, type Page, type Request } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { card, finishRound, historyRows, openApp, startShortRunAndAnswerOne } from './reliability-helpers';

/**
 * The production build is a PWA: after one online visit its service worker has every file (the app,
 * the engine worker, the TF.js .wasm files, the demo table), so the app reloads and runs a whole
 * IMBoost session with the network off. A new version waits for the analyst's reload.
 */

test.use({ viewport: { width: 1280, height: 900 } });

/** Waits until the service worker is activated, i.e. its precache is complete. */
async function serviceWorkerActivated(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const sw = (await navigator.serviceWorker.ready).active!;
    if (sw.state !== 'activated')
      await new Promise<void>((resolve) => sw.addEventListener('statechange', () => sw.state === 'activated' && resolve()));
    return sw.state;
  });
}

test('after one online visit, a whole session runs offline', async ({ page, context }) => {
  await openApp(page);
  expect(await serviceWorkerActivated(page)).toBe('activated');
  const manifest = await page.evaluate(async () =>
    (await fetch(document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href)).json(),
  );
  expect(manifest).toMatchObject({ short_name: 'IMLab', display: 'standalone' });
  expect((manifest as { icons: { sizes: string }[] }).icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

  await context.setOffline(true);
  const failed: string[] = [];
  const fromNetwork: string[] = [];
  page.on('requestfailed', (r: Request) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (!r.fromServiceWorker() && /^https?:/.test(r.url())) fromNetwork.push(r.url());
  });
  await page.reload();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  expect(await page.evaluate(() => navigator.serviceWorker.controller != null)).toBe(true);
  await expect(page.getByTestId('table-note')).toContainText('Demo data: cardio.csv (1,831 rows)', { timeout: 30_000 });
  await expect(page.getByTestId('backend-badge')).toHaveText(/WASM|WebGL|CPU/, { timeout: 60_000 });

  // A whole session: a file, a short IMBoost run, a round answered by keyboard, the rest by the truth.
  const answers = await startShortRunAndAnswerOne(page, 'offline.csv');
  await finishRound(page, answers);
  await page.getByTestId('simulated-oracle-toggle').check();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const history = await historyRows(page);
  for (const [row, label] of answers) expect(history.get(row)).toBe(label);
  await expect(page.getByTestId('score-table')).toHaveAttribute('data-rows', '300');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toBe('offline-imlab.csv');

  expect(failed).toEqual([]);
  expect(fromNetwork).toEqual([]);
  await expect(card(page)).toHaveCount(0);
  await context.setOffline(false);
});

test('a new version waits: the page offers a reload', async ({ page }) => {
  await openApp(page);
  await serviceWorkerActivated(page);
  await page.reload();
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv', { timeout: 30_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller != null)).toBe(true);
  await expect(page.getByTestId('update-available')).toHaveCount(0);

  // Publish a "new version": the preview server reads dist/ from disk on every request.
  const swPath = path.resolve('dist/sw.js');
  const original = readFileSync(swPath, 'utf8');
  try {
    writeFileSync(swPath, original.replace(/const VERSION = "([0-9a-f]+)"/, 'const VERSION = "$1-next"'));
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });
    await expect(page.getByTestId('update-available')).toContainText('A new version of IMLab is ready.', { timeout: 30_000 });
    // Listening before the click: the reload can finish within the click itself (the new version is already cached).
    await Promise.all([page.waitForEvent('load'), page.getByTestId('apply-update').click()]);
    await expect(page.getByTestId('table-note')).toContainText('cardio.csv', { timeout: 30_000 });
    const version = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('imlab-')));
    expect(version).toHaveLength(1);
    expect(version[0]).toMatch(/-next$/);
    await expect(page.getByTestId('update-available')).toHaveCount(0);
  } finally {
    writeFileSync(swPath, original);
  }
});

test('the development server registers no service worker', async ({ page }) => {
  await page.goto(process.env.E2E_HARNESS_URL!);
  await expect(page.getByRole('heading', { name: 'IMLab', level: 1 })).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
});
