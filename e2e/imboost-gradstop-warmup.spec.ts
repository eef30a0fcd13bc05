import { expect, test } from '@playwright/test';
import path from 'node:path';
import { answerByTruth, card, exportScoredAndSession, openApp, waitForRound } from './reliability-helpers';

/**
 * IMBoost with GradStop ending its warm-up (issue 12, imboost.warmupStop = gradstop) in the real app: the run form's
 * choice, the rule's live trace during the warm-up, the first query card once the rule (or the warm-up length) ends
 * it, a round answered, the end, and both exports carrying the setting and every row's score.
 */
const DEMO_ROWS = 1831;

test.use({ viewport: { width: 1280, height: 900 } });

test('IMBoost with the GradStop warm-up stop: trace, first query card, finish, export', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await expect(page.getByTestId('method-select')).toHaveValue('imboost');
  const stop = page.getByTestId('param-imboost-warmupStop');
  await expect(stop).toHaveValue('fixed');
  await stop.selectOption('gradstop');
  await page.getByTestId('param-imboost-warmupEpochs').fill('30');
  await page.getByTestId('param-imboost-earlyQuestions').fill('0'); // the first card is round 1's
  await page.getByTestId('param-imboost-plainEpochs').fill('4');
  await page.getByTestId('param-imboost-polarizationEpochs').fill('10');
  await page.getByTestId('param-imboost-rounds').fill('2');
  await page.getByTestId('param-imboost-budget').fill('5');
  await page.getByTestId('start-run').click();

  // The rule's trace shows while the warm-up runs.
  const chart = page.getByTestId('gradstop-chart');
  await expect(chart).toBeVisible({ timeout: 60_000 });
  await expect(chart).toContainText('by warm-up epoch');

  await waitForRound(page, 1, 2);
  const status = page.getByTestId('gradstop-status');
  await expect(status).toHaveText(
    /Warm-up (stopped at epoch|ran its full) \d+( epochs)?; the rounds start from epoch \d+'s model\.|Early divergence/,
  );
  await expect(page.getByTestId('gradstop-kept-marker')).toHaveCount(1);
  const [, stopped, kept] =
    (await status.innerText()).match(/(?:at epoch|its full) (\d+)(?: epochs)?; the rounds start from epoch (\d+)/) ?? [];
  if (stopped) {
    expect(Number(kept)).toBeLessThanOrEqual(Number(stopped));
    // One point per warm-up epoch: the worker forwards every epoch of the rule's trace.
    const cohesion = await chart.locator('polyline').nth(1).getAttribute('points');
    expect(cohesion?.trim().split(' ')).toHaveLength(Number(stopped));
  }
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.resolve('test-results/imboost-gradstop-warmup-round1.png'), fullPage: true });
  await chart.screenshot({ path: path.resolve('test-results/imboost-gradstop-warmup-chart.png') });

  // Answer the first round, let the ground truth answer the rest, wait for the end.
  for (let i = 0; i < 5; i++) await answerByTruth(page);
  await expect(card(page)).toContainText('All 5 candidates seen');
  await page.keyboard.press('Enter');
  await page.getByRole('checkbox', { name: 'Ground truth answers the queries' }).check();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('auc-value')).toHaveText(/0\.\d{3}|1\.000/);
  await expect(chart).toBeVisible();

  const snapshot = await exportScoredAndSession(page, 'imboost', DEMO_ROWS);
  expect(snapshot.meta.run.config?.imboost.warmupStop).toBe('gradstop');
});
