import { expect, test, type Page } from '@playwright/test';
import { openApp, upload } from './reliability-helpers';

/**
 * Very wide tables: the page answers within 10 s, a table with its column panel (a page of columns and a sentence
 * on the feature limit) within the reader's column budget, a sentence past it; the panel renders one page of columns, whatever the width
 * (all 50,000 rows of it at once froze the page for ~35 s).
 */

function wideCsv(columns: number, rows: number): string {
  const header = Array.from({ length: columns }, (_, j) => `c${j}`).join(',');
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(Array.from({ length: columns }, (_, j) => ((i * 31 + j * 7) % 97) / 10).join(','));
  return `${lines.join('\n')}\n`;
}

const LONG_TASKS = () => {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

async function longestSince(page: Page, from: number): Promise<number> {
  const tasks = await page.evaluate(
    (t) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((x) => x.start >= t),
    from,
  );
  return Math.max(0, ...tasks.map((x) => x.duration));
}

/** Opens a CSV of `columns` columns; a table or a sentence within 10 s. Returns whether it is a table. */
async function openWide(page: Page, columns: number): Promise<{ table: boolean; from: number; ms: number }> {
  await page.addInitScript(LONG_TASKS);
  await openApp(page);
  const csv = wideCsv(columns, 12);
  const from = await page.evaluate(() => performance.now());
  const t0 = Date.now();
  await upload(page, 'wide.csv', csv);
  const shown = page.getByTestId('column-window');
  const refused = page.getByTestId('intake-error');
  await expect(shown.or(refused)).toBeVisible({ timeout: 10_000 });
  const ms = Date.now() - t0;
  if (await refused.isVisible()) await expect(refused).toContainText('wide.csv');
  return { table: await shown.isVisible(), from, ms };
}

test('a table of 3,000 columns: one page of the column panel at a time, a sentence on the limit, no task over 200 ms', async ({ page }) => {
  const { table, from, ms } = await openWide(page, 3000);
  console.log(`3,000 columns: answered in ${ms} ms; longest main-thread task ${(await longestSince(page, from)).toFixed(0)} ms`);
  // Within the reader's column budget (10,000): a table, its panel paged.
  expect(table).toBe(true);
  const shown = page.getByTestId('column-window');
  const rows = page.getByTestId('data-panel-columns').locator('tbody tr');
  await expect(page.getByTestId('table-note')).toHaveText(/^wide\.csv \(12 rows\)/);
  await expect(shown).toHaveText('Columns 1–100 of 3,000, 100 at a time.');
  await expect(page.getByTestId('column-limit')).toContainText('a model takes at most 2,000 feature columns');
  await expect(rows).toHaveCount(100);
  // Paging and searching render one page: no task over 200 ms.
  await page.waitForTimeout(1000);
  const at = await page.evaluate(() => performance.now());
  await page.getByTestId('column-next').click();
  await expect(shown).toHaveText('Columns 101–200 of 3,000, 100 at a time.');
  await page.getByTestId('column-search').fill('c299');
  await expect(shown).toHaveText('Columns 1–11 of 11 matching (3,000 in all), 100 at a time.');
  await expect(rows).toHaveCount(11);
  await page.getByTestId('column-search').fill('');
  await expect(rows).toHaveCount(100);
  expect(await longestSince(page, at)).toBeLessThan(200);
});

test('a CSV of 50,000 columns (1.5 MB): refused from its header within 10 s, the page alive', async ({ page }) => {
  const { table, from, ms } = await openWide(page, 50_000);
  console.log(`50,000 columns: answered in ${ms} ms; longest main-thread task ${(await longestSince(page, from)).toFixed(0)} ms`);
  // Past the reader's column budget: a sentence, and no column structure is built for it.
  expect(table).toBe(false);
  await expect(page.getByTestId('intake-error')).toContainText('more than 10,000 columns');
  await expect(page.getByRole('heading', { name: 'IMLab', level: 1 })).toBeVisible();
});
