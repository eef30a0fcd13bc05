import { expect, test } from '@playwright/test';
import path from 'node:path';
import { exportScoredAndSession, openApp } from './reliability-helpers';

/**
 * ALTBI ended by GradStop's rule (issue 12, altbi.warmupStop = gradstop) in the real app: the run form's choice, the
 * rule's live trace with one point per epoch, the stop (or the epoch cap) with the kept epoch marked, no questions,
 * and both exports carrying the setting and every row's score.
 */
const DEMO_ROWS = 1831;
const EPOCHS = 40;

test.use({ viewport: { width: 1280, height: 900 } });

test('ALTBI with the GradStop stop: trace, kept epoch, finish, export', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.getByTestId('method-select').selectOption('altbi');
  const stop = page.getByTestId('param-altbi-warmupStop');
  await expect(stop).toHaveValue('fixed');
  await stop.selectOption('gradstop');
  await page.getByTestId('param-altbi-epochs').fill(String(EPOCHS));
  await page.getByTestId('param-altbi-scoreFrom').fill('30');
  await page.getByTestId('start-run').click();

  // The rule's trace shows while ALTBI trains.
  const chart = page.getByTestId('gradstop-chart');
  await expect(chart).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  await expect(page.getByTestId('candidate-card')).toHaveCount(0);
  await expect(page.getByTestId('auc-value')).toHaveText(/0\.\d{3}|1\.000/);

  const status = page.getByTestId('gradstop-status');
  await expect(status).toHaveText(
    /(Stopped at epoch \d+|Ran its full \d+ epochs); keeps epoch \d+, the scores average the snapshots up to it\.|Early divergence/,
  );
  await expect(page.getByTestId('gradstop-kept-marker')).toHaveCount(1);
  const [, stopped, kept] =
    (await status.innerText()).match(/(?:Stopped at epoch|Ran its full) (\d+)(?: epochs)?; keeps epoch (\d+)/) ?? [];
  if (stopped) {
    expect(Number(stopped)).toBeLessThanOrEqual(EPOCHS);
    expect(Number(kept)).toBeLessThanOrEqual(Number(stopped));
    // One point per epoch up to the stop: the worker forwards every epoch of the rule's trace.
    const cohesion = await chart.locator('polyline').nth(1).getAttribute('points');
    expect(cohesion?.trim().split(' ')).toHaveLength(Number(stopped));
  }
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.resolve('test-results/altbi-gradstop-stop.png'), fullPage: true });
  await chart.screenshot({ path: path.resolve('test-results/altbi-gradstop-stop-chart.png') });

  const snapshot = await exportScoredAndSession(page, 'altbi', DEMO_ROWS);
  expect(snapshot.meta.run.config?.altbi.warmupStop).toBe('gradstop');
});
