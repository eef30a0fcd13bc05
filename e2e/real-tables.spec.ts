import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The files analysts have open, dropped on the page at once after it opens (before the demo is in):
 * each loads with the right rows and features, its notes say what was understood, and a run starts.
 * Fixtures: src/core/data/fixtures/real, made by scripts/make_real_tables.py.
 */

const FIXTURES = path.resolve('src/core/data/fixtures/real');

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw new Error(`uncaught error in the page: ${e.message}`);
  });
});

/** Opens the page and drops the file on it as soon as the app has mounted, as a real drag-and-drop does. */
async function openAndDrop(page: Page, name: string): Promise<void> {
  await page.goto('/', { waitUntil: 'commit' });
  await page.getByTestId('file-input').waitFor({ state: 'attached' });
  const base64 = readFileSync(path.join(FIXTURES, name)).toString('base64');
  await page.evaluate(
    ([fileName, b64]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], fileName));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [name, base64] as const,
  );
}

async function expectTable(page: Page, name: string, rows: number, features: number): Promise<void> {
  await expect(page.getByTestId('table-note')).toHaveText(new RegExp(`^${name.replace(/\./g, '\\.')} \\(${rows} rows\\)`), {
    timeout: 30_000,
  });
  await expect(page.getByTestId('feature-summary')).toContainText(`(${features} features)`);
}

async function notes(page: Page): Promise<string> {
  const details = page.locator('details.notes');
  await details.locator('summary').click();
  return details.innerText();
}

async function kinds(page: Page): Promise<string[]> {
  return page.locator('.column-list tbody tr .tag:not(.tag-label)').allInnerTexts();
}

/** Every column says why it has its kind. */
async function expectEveryColumnExplained(page: Page): Promise<void> {
  const rows = await page.locator('.column-list tbody tr').count();
  await expect(page.locator('.column-list .column-note')).toHaveCount(rows);
}

async function runStarts(page: Page): Promise<void> {
  await expect(page.getByTestId('backend-badge')).toHaveText(/WebGPU|WASM|WebGL|CPU/, { timeout: 60_000 });
  await page.getByTestId('start-run').click();
  // The WASM SIMD engine may finish a run on these small tables before the page polls: done counts as started.
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-status', /starting|running|query|done/, { timeout: 30_000 });
  const stop = page.getByTestId('stop-run');
  if (await stop.isEnabled()) await stop.click();
  await expect(status).toHaveAttribute('data-status', /done|stopped/, { timeout: 30_000 });
}

test("a ';' file with decimal commas", async ({ page }) => {
  await openAndDrop(page, 'decimal_comma.csv');
  await expectTable(page, 'decimal_comma.csv', 60, 3);
  expect(await kinds(page)).toEqual(['numeric', 'numeric', 'numeric']);
  await expect(page.getByTestId('column-note-0')).toContainText('Numbers read with a decimal comma');
  await expect(page.getByTestId('number-format-0')).toHaveValue('comma');
  expect(await notes(page)).toContain("Column 'temp': Numbers read with a decimal comma (1234,5).");
  await expectEveryColumnExplained(page);
  await runStarts(page);
});

test('quoted thousands separators, with the ambiguity said and the reading changeable', async ({ page }) => {
  await openAndDrop(page, 'thousands.csv');
  await expectTable(page, 'thousands.csv', 60, 3);
  expect(await kinds(page)).toEqual(['numeric', 'numeric', 'numeric']);
  await expect(page.getByTestId('column-note-0')).toContainText('Ambiguous number format');
  await expect(page.getByTestId('column-note-0')).toContainText('read as a thousands separator, like the other columns');
  await expect(page.getByTestId('number-format-0')).toHaveValue('comma-dot');
  // The analyst says it was a decimal comma after all: the column is read again that way.
  await page.getByTestId('number-format-0').selectOption('comma');
  await expect(page.getByTestId('number-format-0')).toHaveValue('comma');
  await expect(page.getByTestId('feature-summary')).not.toContainText('updating');
  await expect(page.getByTestId('feature-summary')).toContainText('(3 features)');
  await runStarts(page);
});

test('a UTF-16 tab-separated file (Excel "Unicode Text")', async ({ page }) => {
  await openAndDrop(page, 'unicode_text.txt');
  await expectTable(page, 'unicode_text.txt', 60, 3);
  expect(await page.locator('.column-list .column-name').allInnerTexts()).toEqual(['température', 'débit', 'code']);
  expect(await notes(page)).toContain('Read as UTF-16 (little-endian)');
  await runStarts(page);
});

test('a Windows-1252 file', async ({ page }) => {
  await openAndDrop(page, 'legacy_1252.csv');
  await expectTable(page, 'legacy_1252.csv', 60, 4);
  expect(await page.locator('.column-list .column-name').allInnerTexts()).toEqual(['ville', 'température', 'pression']);
  expect(await notes(page)).toContain('it was read as Windows-1252');
});

test('a .csv.gz and a .zip holding one table', async ({ page }) => {
  await openAndDrop(page, 'table.csv.gz');
  await expectTable(page, 'table.csv.gz', 60, 3);
  expect(await notes(page)).toContain('Decompressed table.csv.gz (gzip).');
  await runStarts(page);
  await openAndDrop(page, 'table.zip');
  await expectTable(page, 'table.zip', 60, 3);
  expect(await notes(page)).toContain('Read table.csv from table.zip.');
});

test('a real .xlsx: first sheet typed as the sheet types it, a sheet picker for the others', async ({ page }) => {
  await openAndDrop(page, 'workbook.xlsx');
  await expectTable(page, 'workbook.xlsx', 60, 10);
  expect(await kinds(page)).toEqual(['categorical', 'date', 'numeric', 'numeric', 'numeric', 'categorical']);
  await expect(page.getByTestId('column-note-1')).toContainText('ISO dates');
  await expect(page.getByTestId('sheet-select')).toHaveValue('0');
  expect(await notes(page)).toContain("Read the sheet 'Measurements' (1 of 2)");
  await runStarts(page);
  await page.getByTestId('sheet-select').selectOption({ label: 'Notes' });
  await expectTable(page, 'workbook.xlsx', 12, 2);
});

test('ISO dates, uuid ids and a normal/anomaly label', async ({ page }) => {
  await openAndDrop(page, 'dates_uuid_label.csv');
  await expectTable(page, 'dates_uuid_label.csv', 60, 4);
  expect(await kinds(page)).toEqual(['identifier', 'date', 'date', 'numeric', 'numeric', 'categorical']);
  await expect(page.getByTestId('column-note-0')).toContainText('A different text in every row');
  await expect(page.getByTestId('label-column-select')).toHaveValue('5');
  await expect(page.getByTestId('label-proposal')).toHaveText(
    'Proposed outlier value: anomaly (5 rows), the usual outlier value of the pair.',
  );
  await expect(page.getByTestId('feature-summary')).toContainText("Label 'status': 5 outlier(s) ('anomaly', 8.3%) in 60 rows.");
  // Weekday and hour of the date-time column, on request.
  await page.getByTestId('date-weekday-2').check();
  await page.getByTestId('date-hour-2').check();
  await expect(page.getByTestId('feature-summary')).toContainText('(6 features)');
  await expectEveryColumnExplained(page);
  const axe = await new AxeBuilder({ page }).include('.columns').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  mkdirSync('docs/screenshots', { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.mouse.move(1270, 890); // no hover tooltip in the picture
  await page.locator('.column-list').evaluate((el) => el.scrollTo(0, 0));
  await page.getByTestId('data-panel-columns').screenshot({ path: 'docs/screenshots/06-column-notes.png' });
  await runStarts(page);
});

test('CRLF line ends with trailing blank lines', async ({ page }) => {
  await openAndDrop(page, 'crlf_blank_tail.csv');
  await expectTable(page, 'crlf_blank_tail.csv', 60, 3);
  await expect(page.locator('details.notes')).toHaveCount(0);
  await expect(page.getByTestId('label-column-select')).toHaveValue('3');
  await runStarts(page);
});

test('old .xls and password-protected workbooks get a clear message', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv', { timeout: 30_000 });
  const ole = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
  await page.getByTestId('file-input').setInputFiles({ name: 'old.xls', mimeType: 'application/vnd.ms-excel', buffer: ole });
  await expect(page.getByTestId('intake-error')).toContainText('old.xls is an old Excel workbook (.xls');
  await page.getByTestId('file-input').setInputFiles({ name: 'secret.xlsx', mimeType: 'application/octet-stream', buffer: ole });
  await expect(page.getByTestId('intake-error')).toContainText('secret.xlsx is password-protected');
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv');
});
