import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  answerSome,
  card,
  digest,
  finishRound,
  historyRows,
  openApp,
  pausedWithEarlyQuestions,
  scoreTableText,
  setShortConfig,
  startAndPauseInWarmup,
  uploadSmall,
  waitForRound,
  waitSaved,
} from './reliability-helpers';

/**
 * Nothing lost on reload: the session is saved in IndexedDB as it changes, and the page offers to
 * resume it. Mid-round, the labels, the open round (same candidates, same card), the charts' history
 * and every score come back exactly, and training continues from the checkpoint; after training, the
 * finished state comes back as it was.
 */

test.use({ viewport: { width: 1280, height: 900 } });

test('reload mid-round: labels, round, charts and scores come back, and training continues', async ({ page }) => {
  await openApp(page);
  await uploadSmall(page);
  await setShortConfig(page);
  await page.getByTestId('start-run').click();

  await waitForRound(page, 1);
  const answers = await answerSome(page, 2);
  await expect(card(page)).toContainText('Candidate 3 of 4 · round 1 of 2');
  const row = await card(page).getAttribute('data-row-index');
  await waitSaved(page);
  const before = await digest(page);
  // The score table re-ranks at most once a second: let it show the latest scores.
  await page.waitForTimeout(1100);
  const tableBefore = await scoreTableText(page);
  expect(before.labels).toHaveLength(2);
  expect(before.round).toMatchObject({ round: 1, cursor: 2 });
  expect(before.points).toBeGreaterThan(0);
  expect(before.scores).not.toBeNull();

  // What IndexedDB holds is binary: the file as a Blob, scores and the checkpoint's weights as Float32Array.
  const stored = await page.evaluate(
    () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const open = indexedDB.open('imlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['sessions', 'files', 'labels', 'results', 'checkpoints'], 'readonly');
          const all = (store: string) =>
            new Promise<unknown[]>(
              (r) => (tx.objectStore(store).getAll().onsuccess = (e) => r((e.target as IDBRequest<unknown[]>).result)),
            );
          void Promise.all(['sessions', 'files', 'labels', 'results', 'checkpoints'].map(all)).then(
            ([sessions, files, labels, results, checkpoints]) => {
              const file = (files[0] as { blob: Blob }).blob;
              const res = results[0] as { scores: unknown; series: { points: unknown[] } };
              const ck = (checkpoints[0] as { checkpoint: { state: unknown[]; openRound: { candidates: number[] } | null } }).checkpoint;
              resolve({
                sessions: sessions.length,
                fileIsBlob: file instanceof Blob,
                fileSize: file.size,
                labels: labels.length,
                scoresAreFloat32: res.scores instanceof Float32Array,
                weightsAreFloat32: ck.state.length > 0 && ck.state.every((w) => w instanceof Float32Array),
                openRound: ck.openRound?.candidates.length ?? 0,
              });
            },
          );
        };
      }),
  );
  expect(stored).toMatchObject({ sessions: 1, fileIsBlob: true, labels: 2, scoresAreFloat32: true, weightsAreFloat32: true, openRound: 4 });
  expect(stored.fileSize).toBeGreaterThan(10_000);

  await page.reload();
  await expect(page.getByTestId('resume-offer')).toContainText('small.csv');
  await expect(page.getByTestId('resume-offer')).toContainText('2 answers');
  await page.getByTestId('resume-session').click();

  // The same candidate on the card, the same answers, charts and scores.
  await expect(card(page)).toHaveAttribute('data-row-index', row!, { timeout: 60_000 });
  await expect(card(page)).toContainText('Candidate 3 of 4 · round 1 of 2');
  expect(await historyRows(page)).toEqual(answers);
  const after = await digest(page);
  expect(after).toEqual({ ...before, status: after.status });
  await expect.poll(() => scoreTableText(page)).toEqual(tableBefore);
  await expect(page.getByTestId('table-note')).toHaveText(/^small\.csv \(300 rows\)/);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', /saved|saving/);

  // Training continues from the checkpoint: finish both rounds and the run.
  await finishRound(page, answers);
  await waitForRound(page, 2);
  await finishRound(page, answers);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(await historyRows(page)).toEqual(answers);
  const done = await digest(page);
  expect(done.labels).toHaveLength(answers.size);
  expect(done.roundLog).toHaveLength(2);
  // The charts kept the history from before the reload and went on from it.
  expect(done.points).toBeGreaterThan(before.points);
});

test('reload after training: the finished session, its scores and edited labels come back', async ({ page }) => {
  await openApp(page);
  await uploadSmall(page, 'finished.csv');
  await setShortConfig(page);
  await page.getByTestId('simulated-oracle-toggle').check();
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  // An analyst edit after the run: flip the first answer in the history.
  const first = page.getByTestId('label-history-item').first();
  const flippedRow = await first.getAttribute('data-row-index');
  const was = await first.getAttribute('data-label');
  await first.getByRole('button', { name: /^Flip/ }).click();
  const flipped = page.locator(`[data-testid="label-history-item"][data-row-index="${flippedRow}"]`);
  await expect(flipped).toHaveAttribute('data-label', was === 'inlier' ? 'outlier' : 'inlier');
  await waitSaved(page);
  const before = await digest(page);
  const auc = await page.getByTestId('auc-value').innerText();
  await page.waitForTimeout(1100); // the score table re-ranks at most once a second
  const tableBefore = await scoreTableText(page);
  const history = await historyRows(page);
  expect(before.status).toBe('done');

  await page.reload();
  await page.getByTestId('resume-session').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('table-note')).toHaveText(/^finished\.csv \(300 rows\)/);
  await expect(page.getByTestId('auc-value')).toHaveText(auc);
  expect(await historyRows(page)).toEqual(history);
  await expect.poll(() => scoreTableText(page)).toEqual(tableBefore);
  expect(await digest(page)).toEqual(before);

  // The export uses the restored scores.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const lines = readFileSync(await download.path(), 'utf8')
    .trimEnd()
    .split('\n');
  const header = lines[0].split(',');
  expect(lines).toHaveLength(301);
  const at = header.indexOf('imlab_score');
  const scores = before.scores!.split(',');
  expect(lines.slice(1).map((l) => Number(l.split(',')[at]))).toEqual(scores.map(Number));

  // The saved-sessions list: the open one cannot be deleted; an older one can.
  const list = page.getByTestId('saved-sessions');
  await list.locator('summary').click();
  const items = list.getByTestId('saved-session');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('finished.csv');
  await expect(items.first()).toContainText('open here');
  await expect(items.first().getByTestId('delete-session')).toBeDisabled();
  await uploadSmall(page, 'another.csv', 120);
  await expect(items).toHaveCount(2);
  const old = items.filter({ hasText: 'finished.csv' });
  page.once('dialog', (d) => void d.accept());
  await old.getByTestId('delete-session').click();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('another.csv');
});

test('reload while paused: the run comes back paused and finishes from its checkpoint', async ({ page }) => {
  // On TF.js: the WASM SIMD engine finishes this warm-up before a click can pause it.
  await openApp(page, { engine: 'tfjs' });
  await uploadSmall(page, 'paused.csv');
  await startAndPauseInWarmup(page);
  const before = await digest(page);

  await page.reload();
  await expect(page.getByTestId('resume-offer')).toContainText('paused');
  await page.getByTestId('resume-session').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 30_000 });
  const after = await digest(page);
  // The chart keeps every point up to the checkpoint (a point after it is trained again).
  expect(after.points).toBeGreaterThanOrEqual(before.points - 1);
  expect(after.scores).toBe(before.scores);
  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const done = await digest(page);
  expect(done.roundLog).toHaveLength(2);
  // Trained on from the checkpoint, not from scratch: the update counter never restarted.
  expect(done.points).toBeGreaterThan(after.points);
  expect((done.lastPoint as { update: number }).update).toBe((40 + 6) * 5);
});

test('reload while paused with the early questions open: the same questions come back, at the one not answered', async ({ page }) => {
  // Paused: the warm-up, which closes the early questions when it ends, waits for the reload.
  const { answers, early } = await pausedWithEarlyQuestions(page, 'early-reload.csv', 1);

  await page.reload();
  await page.getByTestId('resume-session').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 30_000 });
  await expect.poll(async () => (await digest(page)).round, { timeout: 30_000 }).toEqual(early);
  await expect(card(page)).toContainText('Candidate 2 of 4');
  expect(await historyRows(page)).toEqual(answers);

  // Answered after the reload, they count: round 1 asks none of them, and the run ends with every answer.
  await finishRound(page, answers);
  await page.getByTestId('resume-run').click();
  for (const round of [1, 2]) {
    await waitForRound(page, round);
    expect((await digest(page)).round!.candidates.some((row) => early!.candidates.includes(row))).toBe(false);
    await finishRound(page, answers);
  }
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect((await digest(page)).labels).toHaveLength(4 + 2 * 4);
});
