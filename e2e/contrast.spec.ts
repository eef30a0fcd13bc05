import { expect, test } from '@playwright/test';
import { DEMO_ROWS, exportScoredAndSession, loadDemoWithLabels } from './reliability-helpers';

/**
 * The contrast method (issue 26) from Start to export in the real app: its settings come from the parameter table,
 * it runs IMBoost's warm-up then the contrastive encoder without a question, every row's score exports as CSV and in
 * the session file, and the model panel says plainly why there is no ONNX scorer for it.
 */

test.use({ viewport: { width: 1280, height: 900 } });

test('contrast: form from the table, Start, finish without questions, export; no ONNX, said plainly', async ({ page }) => {
  test.setTimeout(240_000);
  await loadDemoWithLabels(page);
  await page.getByTestId('method-select').selectOption('contrast');
  await expect(page.locator('.run-hint')).toContainText('contrastive encoder');
  await expect(page.getByTestId('param-contrast-cleanShare')).toHaveValue('0.5');
  await expect(page.getByTestId('param-contrast-synthetic')).toHaveValue('off');
  await page.getByTestId('param-contrast-steps').fill('40');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  await expect(page.getByTestId('candidate-card')).toHaveCount(0);
  await expect(page.getByTestId('score-histogram')).toBeVisible();
  await expect(page.getByTestId('auc-value')).toHaveText(/0\.\d{3}/);
  await exportScoredAndSession(page, 'contrast', DEMO_ROWS);
  await expect(page.getByTestId('export-onnx')).toBeDisabled();
  await expect(page.getByTestId('model-help')).toContainText('does not hold');
});
