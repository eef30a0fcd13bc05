import { expect, test, type Page } from '@playwright/test';
import { smallCsv } from './reliability-helpers';

/**
 * A file chosen while the demo table is still loading always wins: the demo never replaces it, however
 * late its download finishes. And of two files chosen one right after the other, the last one wins.
 */

const pick = (page: Page, name: string, rows = 120) =>
  page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(smallCsv(rows)) });

async function expectLoaded(page: Page, name: string, rows: number): Promise<void> {
  await expect(page.getByTestId('table-note')).toHaveText(new RegExp(`^${name.replace(/\./g, '\\.')} \\(${rows} rows\\)`), {
    timeout: 30_000,
  });
  await expect(page.getByTestId('feature-summary')).toContainText(`${rows} rows`);
}

test.use({ serviceWorkers: 'block' }); // so page.route sees (and can hold back) the demo download

test('a file picked in the same tick as the page load is the one shown, 20 times out of 20', async ({ page }) => {
  test.setTimeout(300_000);
  for (let i = 0; i < 20; i++) {
    // Even tries hold the demo download back until the file is picked (the demo finishes last);
    // odd ones let it race freely.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.unrouteAll();
    let demoServed = false;
    if (i % 2 === 0) {
      await page.route('**/demo/cardio.csv', async (route) => {
        await held;
        demoServed = true;
        await route.continue();
      });
    }
    await page.goto('/', { waitUntil: 'commit' });
    const name = `mine-${i}.csv`;
    await pick(page, name);
    release();
    await expectLoaded(page, name, 120);
    if (i % 2 === 0) await expect.poll(() => demoServed).toBe(true);
    // Long enough for a late demo load to have landed, had it not been dropped.
    await page.waitForTimeout(300);
    await expect(page.getByTestId('table-note')).toHaveText(/^mine-\d+\.csv \(120 rows\)/);
    await expect(page.getByTestId('table-note')).toContainText(name);
  }
});

test('two files chosen one right after the other: the last one wins and the page names it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv', { timeout: 30_000 });
  await pick(page, 'first.csv', 300);
  await pick(page, 'second.csv', 150);
  await expectLoaded(page, 'second.csv', 150);
  await page.waitForTimeout(300);
  await expect(page.getByTestId('table-note')).toHaveText(/^second\.csv \(150 rows\)/);
});
