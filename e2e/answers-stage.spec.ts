import { expect, test } from '@playwright/test';
import { finishRound, openApp, setShortConfig, uploadSmall, waitForRound, waitSaved } from './reliability-helpers';

/**
 * The answers' stage (imboost.answersStage): after the last round the run panel says which ranking is in use (the
 * model's score, a forest on the answers, their blend, or IsolationForest while no outlier is answered) and why, in
 * one sentence; the sentence is saved with the
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
  await expect(reason).toHaveAttribute('data-choice', /^(prior|forest|blend|iforest)$/);
  await expect(reason).toContainText(
    /^Ranked by (the model’s score|a forest on your answers|the model’s score blended with a forest on your answers|IsolationForest)/,
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

test('each answered round moves the ranking’s sentence and adds a point to the table’s learning curve', async ({ page }) => {
  await openApp(page);
  await uploadSmall(page, 'curve.csv');
  await setShortConfig(page, { warmup: 6, plain: 2, polarization: 6, rounds: 2, budget: 12 });
  await page.getByTestId('start-run').click();

  await waitForRound(page, 1, 2);
  // The card says why its row is asked (the default rule: the mixture model's uncertain rows).
  await expect(page.getByTestId('candidate-why')).toContainText(/^Asked because the model is unsure/);
  const answers = new Map<string, string>();
  await finishRound(page, answers);
  const curve = page.getByTestId('answers-curve');
  await expect(curve).toHaveAttribute('data-points', '1', { timeout: 60_000 });
  await expect(curve).toContainText(/^What your answers bought/);
  const first = await page.getByTestId('ranking-reason').innerText();
  // 12 answers, 2 of them outliers: too few to pick one ranking, so the mean of the model's and the forest's ranks.
  expect(first).toMatch(/^Ranked by the mean rank of the model’s score and a forest on your answers: with 12 answers \(up to 20\)/);
  await expect(page.getByTestId('ranking-reason')).toHaveAttribute('data-choice', 'mean');
  await page.screenshot({ path: 'test-results/answers-mean.png' });

  await waitForRound(page, 2, 2);
  await finishRound(page, answers);
  await expect(curve).toHaveAttribute('data-points', '2', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  // Twice the answers: the sentence names the new count (or the new choice), and the curve ends at 24 answers.
  await expect(page.getByTestId('ranking-reason')).not.toHaveText(first);
  await expect(curve).toContainText(/After 24 answers|24 answers, /);
  // On this table the answers' neighbours move with them: the sentence says so, with the propagation's weight at 24
  // answers (full up to 20, then 20 / 24).
  await expect(page.getByTestId('ranking-reason')).toContainText('Rows near your answers move with them (label propagation, weight 0.83).');
  // And the mean of the rankings is mixed in with the same weight (answers/mean.ts): the sentence says how much.
  await expect(page.getByTestId('ranking-reason')).toContainText(
    'With 24 answers the ranking is 0.17 this pick and 0.83 the mean rank of the model’s score',
  );
  // The sentence and the curve give one number for the ranking in use, and the curve says the mean is in it.
  const said = /this ranking has AUC (\d\.\d\d)\.$/.exec((await page.getByTestId('ranking-reason').textContent()) ?? '');
  expect(said).not.toBeNull();
  await expect(curve).toContainText(`After 24 answers: AUC ${said![1]} with `);
  await expect(curve).toContainText('mixed with the mean rank at 0.83');
  await page.screenshot({ path: 'test-results/answers-curve.png', fullPage: true });
});
