import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { EngineConfig } from '../src/core/config';
import { decodeSessionFile } from '../src/persist/sessionFile';
import { digest, openApp, startAndPauseInWarmup, setShortConfig, SHORT, uploadSmall, waitSaved } from './reliability-helpers';

/**
 * One config from the worker to the save: the page sends only a request (the form's settings, no engine); the worker
 * reports the config it trains with (RunCallbacks.onConfig: the engine resolved, traceEveryEpoch set), and that one is
 * what the run panel shows, IndexedDB saves, the session file carries, and a reload brings back and trains on again.
 */

test.use({ viewport: { width: 1280, height: 900 } });

/** The config the page holds for the run: on a fresh run only the worker's report sets it. */
function heldConfig(page: Page): Promise<EngineConfig | null> {
  return page.evaluate(
    () => (window as unknown as { __imlab: { state(): { run: { config: EngineConfig | null } } } }).__imlab.state().run.config,
  );
}

/** The config the run panel shows (its disclosure's JSON). */
async function shownConfig(page: Page): Promise<EngineConfig> {
  return JSON.parse((await page.getByTestId('run-config-json').textContent({ timeout: 30_000 })) as string) as EngineConfig;
}

/** The config saved with the (only) session in IndexedDB. */
function savedConfig(page: Page): Promise<EngineConfig | null> {
  return page.evaluate(
    () =>
      new Promise<EngineConfig | null>((resolve, reject) => {
        const open = indexedDB.open('imlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('sessions', 'readonly').objectStore('sessions').getAll();
          req.onsuccess = () => {
            const metas = req.result as { run: { config: EngineConfig | null } }[];
            open.result.close();
            resolve(metas.length === 1 ? metas[0].run.config : null);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

test('the config the worker trained with is the one shown, saved, exported and restored, engine included', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page); // the automatic engine: the request names none, the worker resolves it
  await expect(page.getByTestId('backend-badge')).toHaveText(/WASM SIMD engine/);
  await uploadSmall(page, 'trained.csv');
  await setShortConfig(page);
  await page.getByTestId('simulated-oracle-toggle').check();
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  const reported = await heldConfig(page);
  expect(reported).not.toBeNull();
  // Resolved in the worker, not in the form: the engine the badge names and every epoch traced.
  expect(reported!.engine).toBe('wasm');
  expect(reported!.traceEveryEpoch).toBe(true);
  expect(reported!.imboost).toMatchObject({
    warmupEpochs: SHORT.warmup,
    plainEpochs: SHORT.plain,
    polarizationEpochs: SHORT.polarization,
    rounds: SHORT.rounds,
    budget: SHORT.budget,
  });
  await expect(page.getByTestId('run-config')).toContainText('Trained with IMBoost on the WebAssembly SIMD engine');
  expect(await shownConfig(page)).toEqual(reported);
  await waitSaved(page);
  expect(await savedConfig(page)).toEqual(reported);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  const { snapshot } = decodeSessionFile(new Uint8Array(readFileSync(await download.path())));
  expect(snapshot.meta.run.config).toEqual(reported);

  await page.reload();
  await page.getByTestId('resume-session').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  expect(await shownConfig(page)).toEqual(reported);
  expect(await heldConfig(page)).toEqual(reported);
  expect(await savedConfig(page)).toEqual(reported);
});

test('a run resumed after a reload trains on the config it was saved with, and reports it again', async ({ page }) => {
  test.setTimeout(240_000);
  // On TF.js (chosen in settings): the WASM SIMD engine finishes the warm-up before a click can pause it.
  await openApp(page, { engine: 'tfjs' });
  await uploadSmall(page, 'resumed.csv');
  await startAndPauseInWarmup(page);
  const reported = await heldConfig(page);
  expect(reported?.engine).toBe('tfjs');
  expect(reported?.traceEveryEpoch).toBe(true);
  expect(await savedConfig(page)).toEqual(reported);

  await page.reload();
  await page.getByTestId('resume-session').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
  // The worker reported the config it goes on with: the saved one, field for field.
  expect(await shownConfig(page)).toEqual(reported);
  expect(await heldConfig(page)).toEqual(reported);
  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect((await digest(page)).status).toBe('done');
  await waitSaved(page);
  expect(await savedConfig(page)).toEqual(reported);
  expect(await shownConfig(page)).toEqual(reported);
});
