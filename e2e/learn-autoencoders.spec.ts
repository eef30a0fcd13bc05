/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';

/**
 * Learn mode with the autoencoder methods (issue 12): preset (f) puts GradStop beside the plain autoencoder, and
 * GradStop stops mid-run, keeps an earlier epoch and ends above the autoencoder that trained on; rejection and the
 * plain autoencoder each train to the end on their own.
 */
const PAGE = process.env.LEARN_PAGE ?? '/';
const RUN_TIMEOUT = 90_000;

test.use({ viewport: { width: 1280, height: 900 } });

async function runToEnd(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('learn-page')).toHaveAttribute('data-status', 'done', { timeout: RUN_TIMEOUT });
}

async function finalAuc(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent())?.trim() ?? '';
  expect(text).toMatch(/^[01]\.\d{3}$/);
  return Number(text);
}

test('preset (f): GradStop stops in time, beside the plain autoencoder', async ({ page }) => {
  await page.goto(`${PAGE}#/learn?speed=fastest`);
  await page.getByTestId('learn-preset-f').check();
  await expect(page.getByTestId('learn-method')).toHaveValue('gradstop');
  await expect(page.getByTestId('learn-method-b')).toHaveValue('ae');
  await expect(page.getByRole('checkbox', { name: 'Side by side with a second method' })).toBeChecked();
  await runToEnd(page);
  const info = page.getByTestId('learn-gradstop-a');
  await expect(info).toHaveAttribute('data-stopped', 'true');
  const kept = Number(await info.getAttribute('data-kept'));
  expect(kept).toBeGreaterThan(1);
  expect(kept).toBeLessThan(100);
  await expect(info).toContainText(`keeps epoch ${kept}`);
  // The plain autoencoder shows no GradStop line.
  await expect(page.getByTestId('learn-gradstop-b')).toHaveCount(0);
  await expect(page.getByTestId('learn-engine-a')).toContainText('plain TypeScript');
  const gradstop = await finalAuc(page, 'learn-auc-a');
  const ae = await finalAuc(page, 'learn-auc-b');
  expect(gradstop).toBeGreaterThan(ae + 0.05);
  await page.screenshot({ path: path.resolve('test-results/learn-preset-f.png'), fullPage: true });
});

for (const method of ['ae', 'rejection'] as const) {
  test(`${method} trains to the end on preset (a)`, async ({ page }) => {
    await page.goto(`${PAGE}#/learn?preset=a&rows=400&seed=1&speed=fastest&method=${method}`);
    await expect(page.getByTestId('learn-method')).toHaveValue(method);
    await runToEnd(page);
    expect(await finalAuc(page, 'learn-auc')).toBeGreaterThan(0.5);
    await expect(page.getByTestId('learn-gradstop')).toHaveCount(0);
  });
}
