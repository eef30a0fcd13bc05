import { expect, test } from '@playwright/test';
import { openApp, setShortConfig, uploadSmall, waitSaved } from './reliability-helpers';

/**
 * The answers' stage (imboost.answersStage): after the last round the run panel says which ranking is in use (the
 * model's score, a forest on the answers, or their blend) and why, in one sentence; the sentence is saved with the
 * session and comes back after a reload.
 */

test.use({ viewport: { width: 1280, height: 900 } });

test('the run says which ranking the answers chose and why, and keeps it across a reload', async ({ page }) => {
  await openApp(page);
  await uploadSmall(page, 'stage.csv');
  await setShortConfig(page, { warmup: 6, plain: 2, polarization: 6, rounds: 2, budget: 12 });
  await page.locator('details.advanced > summary').click();
  await page.getByTestId('param-imboost-answersStage').selectOption('forest');
  await page.getByTestId('simulated-oracle-toggle').check();
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  const reason = page.getByTestId('ranking-reason');
  await expect(reason).toHaveAttribute('data-choice', /^(prior|forest|blend)$/);
  await expect(reason).toContainText(
    /^Ranked by (the model’s score|a forest on your answers|the model’s score blended with a forest on your answers)/,
  );
  await expect(reason).toContainText(/answers/);
  const said = await reason.innerText();
  const choice = await reason.getAttribute('data-choice');
  await waitSaved(page);

  await page.reload();
  await page.getByTestId('resume-session').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('ranking-reason')).toHaveText(said);
  await expect(page.getByTestId('ranking-reason')).toHaveAttribute('data-choice', choice!);
});
