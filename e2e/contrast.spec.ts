import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_ROWS, exportScoredAndSession, loadDemoWithLabels, openApp, setShortConfig, uploadSmall } from './reliability-helpers';

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

/** The CSV export's rows as column -> values. */
async function exportedColumns(page: Page): Promise<Map<string, string[]>> {
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const [head, ...rows] = readFileSync(await csv.path(), 'utf8')
    .trimEnd()
    .split('\n');
  const names = head.split(',');
  return new Map(names.map((n, j) => [n, rows.map((r) => r.split(',')[j])]));
}

test('Continue with contrast: after a finished IMBoost run, the contrast stage on its scores and answers, exported', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await uploadSmall(page, 'loop.csv');
  await setShortConfig(page, { warmup: 6, plain: 2, polarization: 6, rounds: 2, budget: 8 });
  await page.getByTestId('simulated-oracle-toggle').check();
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  const before = await exportedColumns(page);
  const answered = before.get('imlab_label')!.filter((l) => l !== '').length;
  expect(answered).toBeGreaterThan(0);

  await page.getByTestId('continue-with-contrast').click();
  await expect(page.getByTestId('method-select')).toHaveValue('contrast');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await expect(page.getByTestId('candidate-card')).toHaveCount(0);
  await expect(page.getByTestId('continue-with-contrast')).toHaveCount(0);
  await expect(page.locator('.alert-info')).toContainText(`finished imboost run's scores and your ${answered} answers`);
  // No warm-up of its own: the only training is the encoder's (the config's steps).
  await expect(page.getByTestId('run-config-json')).toContainText('"method": "contrast"');
  await page.screenshot({ path: path.resolve('test-results/continue-with-contrast.png') });

  const after = await exportedColumns(page);
  const scores = after.get('imlab_score')!.map(Number);
  expect(scores.every(Number.isFinite)).toBe(true);
  // The contrast scores (minus a cosine: at most 3 views' worth) replaced IMBoost's, and the answers were kept.
  expect(scores).not.toEqual(before.get('imlab_score')!.map(Number));
  expect(Math.min(...scores)).toBeGreaterThanOrEqual(-3.0001);
  expect(after.get('imlab_label')!.filter((l) => l !== '').length).toBe(answered);
  const session = await exportScoredAndSession(page, 'contrast', 300);
  expect(session.labels).toHaveLength(answered);
});
