import { expect, test, type Page } from '@playwright/test';
import { openApp, smallCsv } from './reliability-helpers';

/**
 * Start pressed while a newly dropped table is still being read: the run starts on that table, never on the one
 * on screen before it (nor is the click lost). Run with --repeat-each=20.
 */

const ROWS = 12_000;

interface Seen {
  intake: { status: string };
  startQueued: boolean;
  table: { fileName: string } | null;
}
/** The page's state through the test hook (window.__imlab, on with openApp). */
const seen = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __imlab: { state(): Seen } }).__imlab.state();
    return { fileName: s.table?.fileName ?? null };
  });

async function dropAndStart(page: Page, name: string, how: 'same-task' | 'playwright'): Promise<void> {
  await expect(page.getByTestId('start-run')).toBeEnabled({ timeout: 60_000 });
  const csv = smallCsv(ROWS, 11);
  const clicked = await page.evaluate(
    ({ text, name, how }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
      if (how !== 'same-task') return null;
      // The click in the drop's own task: the button is still the previous table's Start on screen.
      (document.querySelector('[data-testid="start-run"]') as HTMLButtonElement).click();
      const s = (window as unknown as { __imlab: { state(): Seen } }).__imlab.state();
      return { reading: s.intake.status === 'loading', queued: s.startQueued };
    },
    { text: csv, name, how },
  );
  if (clicked) expect(clicked).toEqual({ reading: true, queued: true });
  else await page.getByTestId('start-run').click({ timeout: 30_000 });
}

async function expectRunOnNewTable(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('stop-run')).toBeEnabled({ timeout: 60_000 });
  expect((await seen(page)).fileName).toBe(name);
  const rows = ROWS.toLocaleString('en-US');
  await expect(page.getByTestId('table-note')).toHaveText(new RegExp(`^${name.replace(/\./g, '\\.')} \\(${rows} rows\\)`));
  // The worker trains on the new table: the scores it serves have one value per row of it (the demo has 1,831).
  const table = page.getByTestId('score-table');
  await expect(table.getByRole('rowgroup', { name: 'Rows (scroll)' }).getByRole('row').first()).toBeVisible({ timeout: 90_000 });
  await expect(table).toHaveAttribute('data-rows', String(ROWS));
  await page.getByTestId('stop-run').click();
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('Start clicked in the same task as the drop: the run starts on the dropped table', async ({ page }) => {
  await dropAndStart(page, 'dropped.csv', 'same-task');
  await expectRunOnNewTable(page, 'dropped.csv');
});

test('Start clicked right after the drop (as soon as it can be clicked): the run starts on the dropped table', async ({ page }) => {
  await dropAndStart(page, 'dropped.csv', 'playwright');
  await expectRunOnNewTable(page, 'dropped.csv');
});
