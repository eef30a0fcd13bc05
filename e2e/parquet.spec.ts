import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import {
  answerSome,
  card,
  finishRound,
  finishShortRun,
  historyRows,
  openApp,
  setShortConfig,
  smallCsv,
  upload,
  uploadSmall,
  waitForRound,
  waitSaved,
} from './reliability-helpers';

/**
 * A Parquet table through the real file input: the column panel shows its columns with their kinds and
 * missing cells, a short IMBoost run reaches its query rounds, the export holds every row, and a reload
 * mid-round resumes from the saved file with every answer. A cut-off or unreadable Parquet file gets its
 * message, the previous table stays, and a CSV loads afterwards.
 */

const ROWS = 300;
const DAY = 86_400_000;

/** The reliability specs' small table (5 features, ~6% outliers, a 0/1 label), plus text, a date and nulls. */
function smallParquet(): Buffer {
  const lines = smallCsv(ROWS).trim().split('\n').slice(1);
  const cells = lines.map((l) => l.split(',').map(Number));
  const feature = (j: number) => Float64Array.from(cells, (r) => r[j]);
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'f1', data: feature(0), type: 'DOUBLE' },
      // A few nulls: missing cells, imputed like a CSV's empty ones.
      { name: 'f2', data: cells.map((r, i) => (i % 50 === 3 ? null : r[1])), type: 'DOUBLE' },
      { name: 'f3', data: feature(2), type: 'DOUBLE' },
      { name: 'f4', data: Float32Array.from(cells, (r) => r[3]), type: 'FLOAT' },
      { name: 'f5', data: feature(4), type: 'DOUBLE' },
      { name: 'site', data: cells.map((_, i) => ['north', 'south', 'east'][i % 3]), type: 'STRING' },
      { name: 'seen', data: cells.map((_, i) => new Date(Date.UTC(2024, 0, 1) + (i % 90) * DAY)), type: 'TIMESTAMP' },
      { name: 'label', data: Int32Array.from(cells, (r) => r[5]), type: 'INT32' },
    ],
  });
  return Buffer.from(buffer);
}

const fixture = (name: string) => readFileSync(new URL(`../src/core/data/fixtures/parquet/${name}`, import.meta.url));

async function intakeError(page: Page): Promise<string> {
  const alert = page.getByTestId('intake-error');
  await expect(alert).toBeVisible();
  return alert.innerText();
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw new Error(`uncaught error in the page: ${e.message}`);
  });
  await openApp(page);
});

test('a Parquet table: column panel, a short run to its query rounds, export', async ({ page }) => {
  await upload(page, 'small.parquet', smallParquet());
  await expect(page.getByTestId('table-note')).toHaveText(/^small\.parquet \(300 rows\)/);
  await expect(page.locator('.column-list .column-name')).toHaveText(['f1', 'f2', 'f3', 'f4', 'f5', 'site', 'seen', 'label']);
  const rowOf = (name: string) =>
    page.locator('.column-list tr').filter({ has: page.locator('.column-name', { hasText: new RegExp(`^${name}$`) }) });
  await expect(rowOf('f2').locator('td.num')).toHaveText('6'); // the nulls
  await expect(rowOf('f4').locator('.tag')).toHaveText('numeric');
  await expect(rowOf('site').locator('.tag')).toHaveText('categorical');
  await expect(rowOf('seen').locator('.tag').first()).toHaveText('date');
  await expect(rowOf('f4').locator('.sample')).not.toContainText('00000'); // float32 shown as its short decimal
  await expect(page.getByTestId('label-column-select')).not.toHaveValue('none');
  await expect(page.getByTestId('feature-summary')).toContainText(`${ROWS} rows`);
  await page.locator('.column-list').screenshot({ path: test.info().outputPath('parquet-columns.png') });

  await setShortConfig(page);
  await page.getByTestId('start-run').click();
  await waitForRound(page, 1);
  const answers = await answerSome(page, 1);
  await finishRound(page, answers);
  await waitForRound(page, 2);
  await page.getByTestId('simulated-oracle-toggle').check();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(card(page)).toHaveCount(0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const lines = readFileSync(await download.path(), 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(lines).toHaveLength(ROWS + 1);
  const header = lines[0].split(',');
  expect(header.slice(0, 8)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'site', 'seen', 'label']);
  const row3 = lines[4].split(',');
  expect(row3[1]).toBe(''); // a null stays an empty cell
  expect(row3[6]).toBe('2024-01-04T00:00:00Z');
  expect(Number(row3[header.indexOf('imlab_score')])).not.toBeNaN();
});

test('reload mid-round with a Parquet table: the session resumes from the saved file with its answers', async ({ page }) => {
  await upload(page, 'resume.parquet', smallParquet());
  await expect(page.getByTestId('table-note')).toHaveText(/^resume\.parquet \(300 rows\)/);
  await expect(page.getByTestId('feature-summary')).toContainText(`${ROWS} rows`);
  await setShortConfig(page);
  await page.getByTestId('start-run').click();
  await waitForRound(page, 1);
  const answers = await answerSome(page, 2);
  const row = await card(page).getAttribute('data-row-index');
  await waitSaved(page);

  await page.reload();
  await expect(page.getByTestId('resume-offer')).toContainText('resume.parquet');
  await expect(page.getByTestId('resume-offer')).toContainText('2 answers');
  await page.getByTestId('resume-session').click();
  await expect(card(page)).toHaveAttribute('data-row-index', row!, { timeout: 60_000 });
  await expect(page.getByTestId('table-note')).toHaveText(/^resume\.parquet \(300 rows\)/);
  expect(await historyRows(page)).toEqual(answers);
  await finishShortRun(page, answers);
});

test('a cut-off or unreadable Parquet file gets a clear message; the page goes on and a CSV loads', async ({ page }) => {
  const good = smallParquet();
  await upload(page, 'cut.parquet', good.subarray(0, Math.floor(good.length / 2)));
  expect(await intakeError(page)).toContain('cut.parquet is not a complete Parquet file');
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv'); // the previous table stays

  await upload(page, 'lzo.parquet', fixture('lzo.parquet'));
  expect(await intakeError(page)).toContain('lzo.parquet is compressed with LZO');

  await upload(page, 'nested.parquet', fixture('nested-only.parquet'));
  expect(await intakeError(page)).toContain("nested.parquet has no column IMLab can read: nested column(s) 'tags', 'point'");

  await uploadSmall(page, 'after.csv');
  await expect(page.getByTestId('intake-error')).toHaveCount(0);
  await expect(page.getByTestId('start-run')).toBeEnabled();
});

test('a Parquet file whose damaged pages stall the decoder is stopped; the next file loads', async ({ page }) => {
  // One damaged byte sends hyparquet into a loop of minutes: the watched worker is stopped after 20 s without progress.
  await upload(page, 'stalls.parquet', fixture('stalls.parquet'));
  await expect(page.getByTestId('intake-error')).toContainText(
    'stalls.parquet could not be read as Parquet: decoding stopped making progress',
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv');
  await upload(page, 'good.parquet', fixture('table.parquet'));
  await expect(page.getByTestId('table-note')).toHaveText(/^good\.parquet \(60 rows\)/);
  await expect(page.getByTestId('intake-error')).toHaveCount(0);
});
