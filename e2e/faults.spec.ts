import { chromium, expect, test, type Page, type Worker } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  answerByTruth,
  card,
  digest,
  finishRound,
  historyRows,
  openApp,
  pausedWithEarlyQuestions,
  setShortConfig,
  startShortRunAndAnswerOne,
  uploadSmall,
  waitForRound,
  waitSaved,
} from './reliability-helpers';

/**
 * Faults end in a clear state with the labels intact: the engine worker killed mid-round or throwing
 * mid-training (Continue restarts it from the saved bytes and the last checkpoint), a WebGPU device
 * lost (the engine falls back and says so), storage full (a message, then save again or go on
 * unsaved), and a second tab opening the same session (one owner at a time, with take-over).
 */

test.use({ viewport: { width: 1280, height: 900 } });

async function startShortRun(page: Page, name = 'small.csv'): Promise<void> {
  await uploadSmall(page, name);
  await setShortConfig(page);
  await page.getByTestId('start-run').click();
}

function engineWorker(page: Page): Worker {
  const w = page.workers().find((x) => /engine\.worker/.test(x.url()));
  if (!w)
    throw new Error(
      `no engine worker among ${page
        .workers()
        .map((x) => x.url())
        .join(', ')}`,
    );
  return w;
}

test('the worker killed mid-round: the page says so, and Continue resumes the round with every label', async ({ page }) => {
  await openApp(page);
  await startShortRun(page);
  await waitForRound(page, 1);
  const answers = new Map<string, string>();
  for (let i = 0; i < 2; i++) {
    const a = await answerByTruth(page);
    answers.set(a.row, a.label);
  }
  const row = await card(page).getAttribute('data-row-index');

  await page.evaluate(() => (window as unknown as { __imlab: { killWorker(): void } }).__imlab.killWorker());
  const crashed = page.getByTestId('worker-crashed');
  await expect(crashed).toContainText('The compute engine stopped.');
  await expect(crashed).toContainText('Your 2 answers are kept');
  // Nothing can be answered into a dead engine; the card and the history stay on screen.
  await expect(page.getByTestId('label-inlier')).toBeDisabled();
  await page.keyboard.press('i');
  expect(await historyRows(page)).toEqual(answers);
  await expect(page.getByTestId('start-run')).toBeDisabled();

  await page.getByTestId('continue-after-crash').click();
  await expect(crashed).toHaveCount(0);
  // Answers wait until the session is read back: the card on screen meanwhile is the one from before the crash.
  await expect(page.getByTestId('label-inlier')).toBeEnabled({ timeout: 60_000 });
  await expect(card(page)).toHaveAttribute('data-row-index', row!, { timeout: 60_000 });
  await expect(card(page)).toContainText('Candidate 3 of 4 · round 1 of 2');
  expect(await historyRows(page)).toEqual(answers);

  await finishRound(page, answers);
  await waitForRound(page, 2);
  await finishRound(page, answers);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(await historyRows(page)).toEqual(answers);
  expect((await digest(page)).labels).toHaveLength(answers.size);
});

test('the worker killed with the early questions open: Continue asks the same ones again, at the one not answered', async ({ page }) => {
  // Paused: the warm-up, which would close the early questions, waits for the crash and Continue.
  const { answers, early } = await pausedWithEarlyQuestions(page, 'early-crash.csv', 1);

  await page.evaluate(() => (window as unknown as { __imlab: { killWorker(): void } }).__imlab.killWorker());
  await expect(page.getByTestId('worker-crashed')).toContainText('Your 1 answer');
  await page.getByTestId('continue-after-crash').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
  await expect.poll(async () => (await digest(page)).round, { timeout: 30_000 }).toEqual(early);
  await expect(page.getByTestId('label-inlier')).toBeEnabled({ timeout: 30_000 });
  await expect(card(page)).toContainText('Candidate 2 of 4');
  expect(await historyRows(page)).toEqual(answers);
});

test('the worker throws mid-training: the error is shown, and Continue goes on from the checkpoint', async ({ page }) => {
  await openApp(page);
  await startShortRun(page);
  await waitForRound(page, 1);
  const answers = new Map<string, string>();
  await finishRound(page, answers);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');

  // An uncaught exception inside the worker (its `error` event reaches the page).
  await engineWorker(page).evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated failure inside the engine');
    });
  });
  const crashed = page.getByTestId('worker-crashed');
  await expect(crashed).toContainText('simulated failure inside the engine');
  await expect(crashed).toContainText(`Your ${answers.size} answers are kept`);
  await page.getByTestId('continue-after-crash').click();
  await expect(crashed).toHaveCount(0);

  await waitForRound(page, 2);
  expect(await historyRows(page)).toEqual(answers);
  await finishRound(page, answers);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(await historyRows(page)).toEqual(answers);
});

test('a lost WebGPU device: the badge changes, a notice says why, training goes on', async ({ page }) => {
  test.setTimeout(180_000);
  // TF.js on WebGPU (the WASM SIMD engine would not touch the GPU).
  await openApp(page, { backend: 'webgpu', engine: 'tfjs' });
  await expect(page.getByTestId('backend-badge')).toHaveText(/WebGPU/);
  const answers = await startShortRunAndAnswerOne(page, 'gpu.csv', 200);

  // The next GPU command after the round destroys the device: a real "device lost" for TF.js.
  await engineWorker(page).evaluate(() => {
    const proto = (self as unknown as { GPUDevice: { prototype: { createCommandEncoder(...args: unknown[]): unknown; destroy(): void } } })
      .GPUDevice.prototype;
    const original = proto.createCommandEncoder;
    let armed = true;
    proto.createCommandEncoder = function (this: { destroy(): void }, ...args: unknown[]) {
      if (armed) {
        armed = false;
        this.destroy();
      }
      return original.apply(this, args);
    };
  });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('backend-badge')).toHaveText(/WASM|WebGL|CPU/, { timeout: 60_000 });
  await expect(page.getByTestId('run-progress')).toContainText(
    /The webgpu backend failed; training continues on (wasm|webgl|cpu) from the last checkpoint/,
  );
  await waitForRound(page, 2);
  expect(await historyRows(page)).toEqual(answers);
  await finishRound(page, answers);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(await historyRows(page)).toEqual(answers);
});

test('the WASM SIMD engine failing mid-run: TF.js takes over from the last checkpoint, and the page says so', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await expect(page.getByTestId('backend-badge')).toContainText('WASM SIMD engine');
  const answers = await startShortRunAndAnswerOne(page, 'trap.csv', 200);

  // A little into the training after the round (past the checkpoint taken at the answers), the engine's look at
  // its linear memory throws, as a trap or a failed grow would.
  await engineWorker(page).evaluate(() => {
    const buffer = Object.getOwnPropertyDescriptor(WebAssembly.Memory.prototype, 'buffer')!;
    let reads = 0;
    let armed = true;
    Object.defineProperty(WebAssembly.Memory.prototype, 'buffer', {
      configurable: true,
      get(this: WebAssembly.Memory) {
        if (armed && ++reads > 300) {
          armed = false;
          throw new RangeError('simulated WebAssembly failure');
        }
        return buffer.get!.call(this) as ArrayBuffer;
      },
    });
  });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('backend-badge')).toContainText('TF.js', { timeout: 60_000 });
  await expect(page.getByTestId('run-progress')).toContainText('The WebAssembly SIMD engine failed; training continues on TF.js');
  // The worker reported the config it now trains with (RunCallbacks.onConfig): the run panel shows TF.js.
  await expect(page.getByTestId('run-config')).toHaveAttribute('data-engine', 'tfjs');
  await waitForRound(page, 2);
  expect(await historyRows(page)).toEqual(answers);
  await finishRound(page, answers);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(await historyRows(page)).toEqual(answers);
});

test('storage full: a clear message, work goes on unsaved, and saving again keeps every label', async ({ baseURL }, testInfo) => {
  // A real QuotaExceededError: Chromium applies a quota override only to a profile on disk (not to
  // Playwright's throwaway contexts), and only before the origin's first successful write.
  const profile = mkdtempSync(path.join(tmpdir(), 'imlab-quota-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    baseURL,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const origin = new URL(baseURL!).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await openApp(page);
    await startShortRun(page, 'quota.csv');

    // Saving the new session fails: the page says so and offers the ways on.
    const alert = page.getByTestId('storage-full');
    await expect(alert).toContainText('Storage is full.');
    await expect(alert).toContainText('no longer being saved');
    await expect(alert.getByRole('button', { name: 'Delete old sessions…' })).toBeVisible();
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'quota');
    await page.getByTestId('continue-unsaved').click();
    await expect(alert).toHaveCount(0);
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'unsaved');

    // Work goes on: the round opens and the answers are kept on the page.
    await waitForRound(page, 1);
    const answers = new Map<string, string>();
    for (let i = 0; i < 2; i++) {
      const a = await answerByTruth(page);
      answers.set(a.row, a.label);
    }
    expect(await historyRows(page)).toEqual(answers);

    // Space again: save everything, reload, resume: no label lost.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.getByTestId('save-now').click();
    await waitSaved(page);
    await page.reload();
    await page.getByTestId('resume-session').click();
    await waitForRound(page, 1);
    expect(await historyRows(page)).toEqual(answers);
    await expect(card(page)).toContainText('Candidate 3 of 4');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('a second tab: one owner at a time, take-over, and the labels of both tabs kept', async ({ page, context }) => {
  await openApp(page);
  await startShortRun(page, 'shared.csv');
  await waitForRound(page, 1);
  const answers = new Map<string, string>();
  const a = await answerByTruth(page);
  answers.set(a.row, a.label);
  await waitSaved(page);

  const other = await context.newPage();
  await openApp(other);
  await expect(other.getByTestId('resume-offer')).toContainText('open in another tab');
  // The offer already says so: Resume takes the session over without asking a second time.
  await other.getByTestId('resume-session').click();
  await expect(other.getByTestId('session-elsewhere')).toHaveCount(0);

  // The first tab stops and says so; its answers stay on screen.
  await expect(page.getByTestId('session-taken')).toContainText('open in another tab');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'taken');
  await expect(page.getByTestId('label-inlier')).toHaveCount(0);
  expect(await historyRows(page)).toEqual(answers);

  // The second tab has the round where the first left it, and answers on.
  await waitForRound(other, 1);
  expect(await historyRows(other)).toEqual(answers);
  const b = await answerByTruth(other);
  answers.set(b.row, b.label);
  await waitSaved(other);

  // Taking it back brings the second tab's answer too.
  await page.getByTestId('take-back-session').click();
  await waitForRound(page, 1);
  expect(await historyRows(page)).toEqual(answers);
  await expect(other.getByTestId('session-taken')).toBeVisible();
  expect(await historyRows(other)).toEqual(answers);
});
