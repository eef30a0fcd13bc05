import { expect, test } from '@playwright/test';
import { digest, openApp, setShortConfig, uploadSmall, waitForRound, waitSaved } from './reliability-helpers';

/**
 * Two tabs, one session: the tab that lost its session to another cannot change its answers (they showed, went
 * into its export and vanished), and resuming in a second tab asks for the takeover once. And on a phone the
 * round's card, answer buttons included, comes into view when a round opens.
 */

test('a tab whose session another tab took over cannot flip or clear answers; resuming there asks once', async ({ context }) => {
  const first = await context.newPage();
  await first.setViewportSize({ width: 1280, height: 900 });
  await openApp(first);
  await uploadSmall(first, 'owned.csv');
  await setShortConfig(first);
  await first.getByTestId('simulated-oracle-toggle').check();
  await first.getByTestId('start-run').click();
  await expect(first.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await waitSaved(first);
  const flip = first.getByTestId('flip-label').first();
  await expect(flip).toBeEnabled();
  const before = await digest(first);

  // The second tab offers the session, says it is open elsewhere, and Resume takes it over without a second question.
  const second = await context.newPage();
  await second.setViewportSize({ width: 1280, height: 900 });
  await openApp(second);
  const offer = second.getByTestId('resume-offer');
  await expect(offer).toContainText('owned.csv');
  await expect(offer).toContainText('open in another tab');
  await second.getByTestId('resume-session').click();
  await expect(second.getByTestId('session-elsewhere')).toHaveCount(0);
  await expect(second.getByTestId('table-note')).toHaveText(/^owned\.csv /, { timeout: 60_000 });
  await expect(second.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });

  // The first tab now reads only: its buttons are off and a click changes nothing.
  await expect(first.getByTestId('session-taken')).toBeVisible();
  await expect(first.getByTestId('answers-read-only')).toBeVisible();
  await expect(flip).toBeDisabled();
  await expect(first.getByTestId('clear-label').first()).toBeDisabled();
  await flip.dispatchEvent('click');
  expect((await digest(first)).labels).toEqual(before.labels);
  expect((await digest(second)).labels).toEqual(before.labels);
});

test('on a phone the round opens with its card and answer buttons on screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await uploadSmall(page, 'phone.csv');
  await setShortConfig(page);
  await page.getByTestId('start-run').click();
  await waitForRound(page, 1);
  await expect(page.getByTestId('label-inlier')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('label-outlier')).toBeInViewport({ ratio: 1 });
});
