import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApp, upload } from './reliability-helpers';

/**
 * Every bad file gets a clear, visible message through the real file input, never a crash or a
 * silent wrong result; files that are unusual but fine (BOM, quoted newlines, unicode, other
 * delimiters) load correctly and say what was done. After each, the page still works.
 */

const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

async function intakeError(page: Page): Promise<string> {
  const alert = page.getByTestId('intake-error');
  await expect(alert).toBeVisible();
  return alert.innerText();
}

async function prepareError(page: Page, timeout = 5000): Promise<string> {
  const alert = page.getByTestId('prepare-error');
  await expect(alert).toBeVisible({ timeout });
  return alert.innerText();
}

/** Opens the "notes about the columns" and returns their text. */
async function notes(page: Page): Promise<string> {
  const details = page.locator('details.notes');
  await details.locator('summary').click();
  await expect(details.locator('li').first()).toBeVisible();
  return details.innerText();
}

async function columnNames(page: Page): Promise<string[]> {
  return page.locator('.column-list .column-name').allInnerTexts();
}

/** The page is alive: the heading renders and a table is shown. */
async function stillAlive(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'IMLab', level: 1 })).toBeVisible();
  await expect(page.getByTestId('table-note')).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw new Error(`uncaught error in the page: ${e.message}`);
  });
  await openApp(page);
});

test('empty file', async ({ page }) => {
  await upload(page, 'empty.csv', '');
  expect(await intakeError(page)).toContain('empty.csv could not be read. The file is empty.');
  // The previous table stays.
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv');
  await stillAlive(page);
});

test('header only', async ({ page }) => {
  await upload(page, 'header.csv', 'a,b,c\n');
  expect(await intakeError(page)).toContain('The file has a header line but no data rows.');
  await stillAlive(page);
});

test('a single row', async ({ page }) => {
  await upload(page, 'one.csv', 'a,b,c\n1,2,3\n');
  await expect(page.getByTestId('table-note')).toHaveText(/^one\.csv \(1 rows\)/);
  expect(await prepareError(page)).toContain('IMLab needs at least 10 rows; this table has 1.');
  await expect(page.getByTestId('start-run')).toBeDisabled();
  await stillAlive(page);
});

test('fewer rows than the model needs', async ({ page }) => {
  await upload(page, 'few.csv', `a,b,c\n${rows(5, (i) => `${(i * 3) % 7},${i * 2},${i % 3}`)}\n`);
  expect(await prepareError(page)).toContain('IMLab needs at least 10 rows; this table has 5.');
  await expect(page.getByTestId('start-run')).toBeDisabled();
});

test('non-numeric and mixed columns', async ({ page }) => {
  const text = `name,city,amount,code\n${rows(40, (i) => `n${i},c${i % 4},${i === 9 ? 'oops' : (i * 7) % 13},${i % 2 ? 'x' : i % 5}`)}\n`;
  await upload(page, 'mixed.csv', text);
  await expect(page.getByTestId('feature-summary')).toContainText('40 rows');
  const n = await notes(page);
  expect(n).toContain("Column 'name' looks like a row identifier and is excluded.");
  expect(n).toContain("Column 'amount': 1 non-numeric value(s) (e.g. 'oops') counted as missing.");
  expect(n).toMatch(/Column 'code' mixes numbers and text \(e\.g\. 'x'\), so it is treated as categorical\./);
  const kinds = await page
    .locator('.column-list tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[2].querySelector('.tag')?.textContent));
  expect(kinds).toEqual(['identifier', 'categorical', 'numeric', 'categorical']);
  await expect(page.getByTestId('feature-summary')).toContainText('1 missing cells (1 filled with the median)');
});

test('all-constant columns', async ({ page }) => {
  await upload(page, 'constant.csv', `a,b,c\n${rows(40, () => '1,2,3')}\n`);
  expect(await prepareError(page)).toContain('IMLab needs at least 2 feature columns; none is usable.');
  expect(await notes(page)).toContain("Column 'a' has a single value and is excluded.");
  await expect(page.getByTestId('start-run')).toBeDisabled();
});

test('NaN, Infinity and empty cells are counted and shown', async ({ page }) => {
  const text = `a,b,c\n${rows(40, (i) => `${i % 7 === 0 ? 'NaN' : i},${i % 9 === 0 ? 'Infinity' : i * 2},${i % 5 === 0 ? '' : i % 4}`)}\n`;
  await upload(page, 'missing.csv', text);
  const summary = page.getByTestId('feature-summary');
  await expect(summary).toContainText('19 missing cells (19 filled with the median)');
  await expect(summary).toContainText("Filled 19 missing cell(s) with the column median: 'a' (6), 'b' (5), 'c' (8).");
  expect(await notes(page)).toContain("Column 'b': 5 infinite or too-large value(s) counted as missing.");
  const missing = await page.locator('.column-list tbody tr td.num').allInnerTexts();
  expect(missing).toEqual(['6', '5', '8']);
  await expect(page.getByTestId('start-run')).toBeEnabled();
});

test('ragged rows', async ({ page }) => {
  await upload(page, 'ragged.csv', `a,b,c\n${rows(40, (i) => (i === 7 ? '1,2' : `${i},${i * 2},${i % 3}`))}\n`);
  expect(await intakeError(page)).toContain("Line 9 has 2 fields but the header has 3 columns (delimiter ','). A value may be missing");
});

test('an unusual delimiter is detected; an unknown one is reported', async ({ page }) => {
  await upload(page, 'semicolons.csv', `a;b;c\n${rows(40, (i) => `${(i * 7) % 11};${(i * 3) % 5};${i % 3}`)}\n`);
  await expect(page.getByTestId('table-note')).toHaveText(/^semicolons\.csv \(40 rows\)/);
  expect(await columnNames(page)).toEqual(['a', 'b', 'c']);
  await expect(page.getByTestId('feature-summary')).toContainText('3 of 3 columns used');

  await upload(page, 'spaces.csv', `a b c\n${rows(40, (i) => `${(i * 7) % 11} ${(i * 3) % 5} ${i % 3}`)}\n`);
  await expect(page.getByTestId('table-note')).toHaveText(/^spaces\.csv \(40 rows\)/);
  expect(await notes(page)).toContain('No delimiter found (tried , ; tab |): the file is read as a single column.');
  expect(await prepareError(page)).toContain('IMLab needs at least 2 feature columns');
});

test('a UTF-8 byte-order mark is dropped from the first column name', async ({ page }) => {
  const bom = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(`a,b,c\n${rows(40, (i) => `${(i * 7) % 11},${(i * 3) % 5},${i % 3}`)}\n`),
  ]);
  await upload(page, 'bom.csv', bom);
  await expect(page.getByTestId('table-note')).toHaveText(/^bom\.csv \(40 rows\)/);
  expect(await columnNames(page)).toEqual(['a', 'b', 'c']);
  await expect(page.getByTestId('label-column-select').locator('option').nth(1)).toHaveText('a');
});

test('quoted fields with newlines stay one cell', async ({ page }) => {
  await upload(page, 'quoted.csv', `a,note,c\n${rows(40, (i) => `${(i * 7) % 11},"line one\nline two ${i % 3}",${i % 3}`)}\n`);
  await expect(page.getByTestId('table-note')).toHaveText(/^quoted\.csv \(40 rows\)/);
  expect(await columnNames(page)).toEqual(['a', 'note', 'c']);
  await expect(page.locator('.column-list tbody tr').nth(1)).toContainText('categorical');
  await expect(page.getByTestId('feature-summary')).toContainText('3 of 3 columns used (5 features)');
});

test('duplicate column names are renamed, and the page says so', async ({ page }) => {
  await upload(page, 'dup.csv', `a,a,b\n${rows(40, (i) => `${(i * 7) % 11},${(i * 3) % 5},${i % 3}`)}\n`);
  await expect(page.getByTestId('table-note')).toHaveText(/^dup\.csv \(40 rows\)/);
  expect(await columnNames(page)).toEqual(['a', 'a_2', 'b']);
  expect(await notes(page)).toContain("Duplicate column names were renamed: 'a' → 'a_2'.");
});

test('unicode headers are kept as they are', async ({ page }) => {
  await upload(page, 'unicode.csv', `température,数量,ŝ😀\n${rows(40, (i) => `${(i * 7) % 11},${(i * 3) % 5},${i % 3}`)}\n`);
  await expect(page.getByTestId('table-note')).toHaveText(/^unicode\.csv \(40 rows\)/);
  expect(await columnNames(page)).toEqual(['température', '数量', 'ŝ😀']);
  await expect(page.getByTestId('feature-summary')).toContainText('3 of 3 columns used');
});

test('a label column that is not two-valued', async ({ page }) => {
  await upload(page, 'labels3.csv', `a,b,label\n${rows(40, (i) => `${(i * 7) % 11},${(i * 3) % 5},${i % 3}`)}\n`);
  expect(await notes(page)).toContain("Column 'label' is named like a label but has 3 values, so it is not proposed as the label.");
  await page.getByTestId('label-column-select').selectOption({ label: 'label' });
  expect(await prepareError(page)).toContain("The label column 'label' has 3 different values ('0', '1', '2'); a label needs exactly two");
  await expect(page.getByTestId('start-run')).toBeDisabled();

  await upload(page, 'labels1.csv', `a,b,label\n${rows(40, (i) => `${(i * 7) % 11},${(i * 3) % 5},0`)}\n`);
  // The label is chosen on the new table (the old one's session is saved and closed before it shows).
  await expect(page.getByTestId('table-note')).toHaveText(/^labels1\.csv /);
  await page.getByTestId('label-column-select').selectOption({ label: 'label' });
  expect(await prepareError(page)).toContain("The label column 'label' has only one value ('0'), so it cannot tell outliers from inliers.");
  // Choosing no label makes the table usable again.
  await page.getByTestId('label-column-select').selectOption('none');
  await expect(page.getByTestId('prepare-error')).toHaveCount(0);
  await expect(page.getByTestId('feature-summary')).toContainText('40 rows');
});

test('more than 2,000 columns', async ({ page }) => {
  const width = 2001;
  const header = Array.from({ length: width }, (_, j) => `c${j}`).join(',');
  const body = rows(12, (r) => Array.from({ length: width }, (_, j) => ((r * 31 + j * 17) % 97) / 10).join(','));
  await upload(page, 'wide.csv', `${header}\n${body}\n`);
  // (Playwright's own locator polling is slow on 2,001 column rows, not the page: hence the timeout.)
  expect(await prepareError(page, 60_000)).toContain(
    'The table would give 2001 feature columns (after one-hot encoding categories), more than the limit of 2000.',
  );
  await expect(page.getByTestId('start-run')).toBeDisabled();
});

test('a binary file renamed .csv', async ({ page }) => {
  await upload(page, 'picture.csv', readFileSync(path.resolve('public/icons/icon-192.png')));
  expect(await intakeError(page)).toContain('This does not look like a text table (it contains binary data).');
});

test('an .npz without X', async ({ page }) => {
  await page.getByTestId('file-input').setInputFiles(path.resolve('src/core/data/fixtures/no_x.npz'));
  expect(await intakeError(page)).toContain("The .npz has no array named 'X'");
});

test('a file over the size limit is refused before it is read', async ({ page }) => {
  // 600 MB without allocating it: a Blob made of one 1 MB part repeated (Chromium shares the bytes),
  // put in the real file input and announced with a change event, as a picked file would be.
  await page.evaluate(() => {
    const mb = new Blob([new Uint8Array(2 ** 20)]);
    const huge = new File(
      Array.from({ length: 600 }, () => mb),
      'huge.csv',
      { type: 'text/csv' },
    );
    const input = document.querySelector<HTMLInputElement>('[data-testid="file-input"]')!;
    const dt = new DataTransfer();
    dt.items.add(huge);
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  expect(await intakeError(page)).toContain(
    'huge.csv is 600 MB; IMLab reads files up to 512 MB in the browser. Sample or split the table first.',
  );
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv');
  await stillAlive(page);
});

test('cells and headers holding <script> or HTML are shown as text, never run', async ({ page }) => {
  const evil = ['<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=2">', '<b>bold</b>'];
  const text = `a,b,"<i onmouseover=""window.__xss=3"">note</i>"\n${rows(40, (i) => `${(i * 7) % 11},${(i * 3) % 5},"${evil[i % 3].replace(/"/g, '""')}"`)}\n`;
  await upload(page, 'html.csv', text);
  await expect(page.getByTestId('table-note')).toHaveText(/^html\.csv \(40 rows\)/);
  const header = '<i onmouseover="window.__xss=3">note</i>';
  expect(await columnNames(page)).toEqual(['a', 'b', header]);
  const sample = page.locator('.column-list tbody tr').nth(2).locator('.sample');
  await expect(sample).toContainText('<script>window.__xss=1</script>');
  await expect(sample).toContainText('<img src=x onerror="window.__xss=2">');
  // The score table shows the raw cells as text too.
  await page.getByLabel('Extra column').selectOption({ label: header });
  await expect(page.getByTestId('score-table').locator('.raw').first()).toHaveText(evil[0]);
  await page.locator('.column-list .column-name').nth(2).hover();
  expect(await page.evaluate(() => (window as Window & { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('main img, main script, main b, main i').count()).toBe(0);
});
