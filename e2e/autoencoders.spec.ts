import { expect, test } from '@playwright/test';
import path from 'node:path';
import { DEMO_ROWS, exportScoredAndSession, loadDemoWithLabels } from './reliability-helpers';

/**
 * The three autoencoder methods (issue 12) from Start to export in the real app: each runs on the demo table without
 * a single question, GradStop shows its cohesion/divergence trace with the kept epoch, both exports carry every row's
 * score, and "Continue with IMBoost" starts the labeling loop on the same table.
 */

test.use({ viewport: { width: 1280, height: 900 } });

for (const method of ['ae', 'gradstop', 'rejection'] as const) {
  test(`${method}: Start, live views, finish without questions, export`, async ({ page }) => {
    test.setTimeout(180_000);
    await loadDemoWithLabels(page);
    await page.getByTestId('method-select').selectOption(method);
    await expect(page.locator('.run-hint')).toContainText('Unsupervised');
    await page.getByTestId('param-ae-epochs').fill(method === 'gradstop' ? '100' : '30');
    if (method === 'rejection') await expect(page.getByTestId('param-rejection-mode')).toHaveValue('hard');
    await page.getByTestId('start-run').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
    // No query round ever opened.
    await expect(page.getByTestId('candidate-card')).toHaveCount(0);
    await expect(page.getByTestId('score-histogram')).toBeVisible();
    await expect(page.getByTestId('auc-value')).toHaveText(/0\.\d{3}/);
    if (method === 'gradstop') {
      await expect(page.getByTestId('gradstop-chart')).toBeVisible();
      await expect(page.getByTestId('gradstop-kept-marker')).toHaveCount(1);
      await expect(page.getByTestId('gradstop-status')).toContainText(/keeps epoch|first epoch/);
      await page.getByTestId('gradstop-chart').screenshot({ path: path.resolve('test-results/gradstop-chart.png') });
    } else {
      await expect(page.getByTestId('gradstop-chart')).toHaveCount(0);
    }
    await exportScoredAndSession(page, method, DEMO_ROWS);
    if (method === 'gradstop') {
      // The labeling loop on the same table, from one button.
      await page.getByTestId('continue-with-imboost').click();
      await expect(page.getByTestId('method-select')).toHaveValue('imboost');
      await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /running|starting/);
      await expect(page.getByTestId('continue-with-imboost')).toHaveCount(0);
      await page.getByTestId('stop-run').click();
      await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
    }
  });
}
