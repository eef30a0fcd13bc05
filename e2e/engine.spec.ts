import { expect, test } from '@playwright/test';
import { openApp, startShortRunAndAnswerOne } from './reliability-helpers';

// The compute engine as the analyst sees it: the badge names it and says why; the setting switches it, and a
// run on the chosen engine trains and asks its rounds.
test('the badge names the WASM SIMD engine, and the settings switch to TF.js and back', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveText(/WASM SIMD engine/);
  await badge.click();
  const engines = page.getByRole('group', { name: 'Compute engine' });
  await expect(engines.getByRole('radio', { name: /Automatic/ })).toBeChecked();
  await expect(page.getByTestId('engine-reason')).toContainText(/WebAssembly SIMD engine: on a CPU it is several times faster than TF\.js/);

  await engines.getByRole('radio', { name: /TF\.js/ }).check();
  await expect(badge).toHaveText(/TF\.js · WASM/);
  await expect(page.getByTestId('engine-reason')).toContainText('TF.js chosen in settings');
  await page.keyboard.press('Escape');

  // A short run with rounds trains on TF.js...
  await startShortRunAndAnswerOne(page, 'tfjs.csv');
  await page.getByTestId('stop-run').click();

  // ...and the choice survives a reload; back to automatic gives the SIMD engine again.
  await page.reload();
  await expect(badge).toHaveText(/TF\.js · WASM/, { timeout: 60_000 });
  await badge.click();
  await page
    .getByRole('group', { name: 'Compute engine' })
    .getByRole('radio', { name: /Automatic/ })
    .check();
  await expect(badge).toHaveText(/WASM SIMD engine/);
});
