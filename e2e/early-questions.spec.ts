import { expect, test } from '@playwright/test';
import {
  answerByTruth,
  card,
  featuresCsv,
  historyRows,
  openApp,
  seededUniform,
  setShortConfig,
  upload,
  uploadSmall,
  waitForRound,
} from './reliability-helpers';

/**
 * Label while it warms up (issue 24): Start offers the label-free prior's top rows as the early questions at once,
 * the analyst answers one by key while the warm-up still trains, the answer is in the history, and the first
 * round does not ask that row again.
 */
test('the early questions show during the warm-up; an answer counts and round 1 does not ask it again', async ({ page }) => {
  test.setTimeout(180_000);
  // TF.js: slow enough that a 60-epoch warm-up is still training when the first answer is given.
  await openApp(page, { engine: 'tfjs' });
  await uploadSmall(page, 'early.csv', 300);
  await setShortConfig(page, { warmup: 60, plain: 2, polarization: 6, rounds: 2, budget: 4, early: 4 });
  await page.getByTestId('start-run').click();

  await expect(card(page)).toHaveAttribute('data-row-index', /^\d+$/, { timeout: 30_000 });
  await expect(card(page)).toContainText('Candidate 1 of 4 · early questions (the warm-up trains meanwhile)');
  await expect(page.getByTestId('run-status')).toContainText('Warm-up');
  await expect(page.getByTestId('candidate-why')).toContainText('IsolationForest');
  // Before an outlier is answered the table is ranked by IsolationForest, and the run panel says so.
  await expect(page.getByTestId('ranking-reason')).toHaveAttribute('data-choice', 'iforest');
  await expect(page.getByTestId('ranking-reason')).toContainText(/^Ranked by IsolationForest, which needs no answers, until/);

  const first = await answerByTruth(page);
  // Answered during the warm-up: the run is still in it, and the answer is recorded at once.
  await expect(page.getByTestId('run-status')).toContainText('Warm-up');
  await expect(page.getByTestId('run-round').locator('dd')).toHaveText('0 / 2');
  await page.screenshot({ path: test.info().outputPath('early-card.png') });
  expect((await historyRows(page)).get(first.row)).toBe(first.label);

  // The warm-up ends and round 1 replaces the early card: it does not ask the answered row again.
  await expect(card(page)).toContainText('round 1 of 2', { timeout: 120_000 });
  await waitForRound(page, 1);
  const round1 = await page.evaluate(() => {
    const s = (window as unknown as { __imlab: { state(): { round: { view: { rows: Int32Array } } } } }).__imlab.state();
    return Array.from(s.round.view.rows);
  });
  expect(round1).toHaveLength(4);
  expect(round1).not.toContain(Number(first.row));
  expect((await historyRows(page)).get(first.row)).toBe(first.label);
  await expect(page.locator('.round-log')).toHaveCount(0); // the log shows once no round is open
  await page.getByTestId('stop-run').click();
  await expect(page.locator('.round-log')).toContainText('early');
});

/** A wide table (512 columns) with 5% of its rows shifted: the shape of an image-embedding export. */
function wideCsv(rows: number, cols: number): string {
  const rnd = seededUniform(7);
  return featuresCsv(
    Array.from({ length: rows }, (_, i) => {
      const outlier = i % 20 === 0;
      return { values: Array.from({ length: cols }, () => (rnd() + (outlier ? 2 * rnd() : 0)).toFixed(3)), outlier };
    }),
  );
}

test('a wide table: the early questions at once, and the run panel ranks it by cosine kNN while no outlier is answered', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  await upload(page, 'wide.csv', wideCsv(1200, 512));
  await expect(page.getByTestId('table-note')).toContainText('wide.csv (1,200 rows', { timeout: 60_000 });
  await setShortConfig(page, { warmup: 30, plain: 2, polarization: 6, rounds: 2, budget: 4, early: 4 });
  await page.getByTestId('start-run').click();
  await expect(card(page)).toContainText('early questions', { timeout: 30_000 });
  // 128 columns or more: cosine kNN is the label-free ranking (IsolationForest still picks the early questions).
  await expect(page.getByTestId('ranking-reason')).toHaveAttribute('data-choice', 'cosine', { timeout: 30_000 });
  await expect(page.getByTestId('ranking-reason')).toContainText(/^Ranked by cosine kNN/);
  await page.getByTestId('ranking-reason').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('wide-start.png') });
  await page.getByTestId('stop-run').click();
});
