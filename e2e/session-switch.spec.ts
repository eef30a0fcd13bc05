import { expect, test, type Page } from '@playwright/test';
import {
  answerSome,
  card,
  digest,
  finishRound,
  finishShortRun,
  historyRows,
  openApp,
  setShortConfig,
  startAndPauseInWarmup,
  uploadSmall,
  waitForRound,
  waitSaved,
  type LabDigest,
} from './reliability-helpers';

/**
 * Switching tables or sessions never touches the session that was open (issue: switching erased it). Each path
 * in: another table, a session file, the Saved sessions list, a quick back-and-forth, the demo arriving late.
 * Each test leaves session A in a state (finished, round open, stopped, paused), switches, then reopens A and
 * checks its stored record, its answers, status and AUC, and that it goes on.
 */

test.use({ viewport: { width: 1280, height: 900 } });

interface StoredSession {
  fileName: string;
  status: string;
  labelCount: number;
  labelsStored: number;
  cols: string;
  rows: number;
  openRound: number | null;
}

/** Every saved session as IndexedDB holds it, by file name (the tests give each table its own name). */
async function storedSessions(page: Page): Promise<Record<string, StoredSession>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, StoredSession>>((resolve, reject) => {
        const open = indexedDB.open('imlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['sessions', 'labels'], 'readonly');
          const all = (s: string) =>
            new Promise<unknown[]>((r) => (tx.objectStore(s).getAll().onsuccess = (e) => r((e.target as IDBRequest<unknown[]>).result)));
          void Promise.all([all('sessions'), all('labels')]).then(([sessions, labels]) => {
            const out: Record<string, StoredSession> = {};
            for (const raw of sessions) {
              const m = raw as {
                id: string;
                fileName: string;
                rows: number;
                labelCount: number;
                columns: { name: string }[];
                run: { status: string };
                openRound: { round: number } | null;
              };
              out[m.fileName] = {
                fileName: m.fileName,
                status: m.run.status,
                labelCount: m.labelCount,
                labelsStored: labels.filter((l) => (l as { session: string }).session === m.id).length,
                cols: m.columns.map((c) => c.name).join('/'),
                rows: m.rows,
                openRound: m.openRound?.round ?? null,
              };
            }
            open.result.close();
            resolve(out);
          });
        };
      }),
  );
}

async function openFromList(page: Page, fileName: string): Promise<void> {
  const list = page.getByTestId('saved-sessions');
  if ((await list.getAttribute('open')) == null) await list.locator('summary').click();
  await list.getByTestId('saved-session').filter({ hasText: fileName }).getByTestId('open-saved-session').click();
  await expect(page.getByTestId('table-note')).toHaveText(new RegExp(`^${fileName.replace('.', '\\.')} `), { timeout: 60_000 });
  await expect(page.getByTestId('restoring')).toHaveCount(0, { timeout: 60_000 });
}

/** A finished run on `name` answered by the ground truth; returns what the page and the database hold. */
async function finishedSession(page: Page, name: string): Promise<{ digest: LabDigest; auc: string; stored: StoredSession }> {
  await uploadSmall(page, name);
  await setShortConfig(page);
  await page.getByTestId('simulated-oracle-toggle').check();
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await waitSaved(page);
  const d = await digest(page);
  expect(d.labels.length).toBeGreaterThan(0);
  const stored = (await storedSessions(page))[name];
  expect(stored).toMatchObject({ status: 'done', labelCount: d.labels.length, labelsStored: d.labels.length, rows: 300 });
  return { digest: d, auc: await page.getByTestId('auc-value').innerText(), stored };
}

/** Session A as it was: the same record, and reopened, the same answers, status, scores and AUC. */
async function expectFinishedIntact(page: Page, name: string, was: Awaited<ReturnType<typeof finishedSession>>): Promise<void> {
  expect((await storedSessions(page))[name]).toEqual(was.stored);
  await openFromList(page, name);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('auc-value')).toHaveText(was.auc);
  expect(await digest(page)).toEqual(was.digest);
}

test('finished, then another table: the first session is intact, listed live, and reopens as it was', async ({ page }) => {
  await openApp(page);
  const a = await finishedSession(page, 'alpha.csv');
  // The list entry of the open session is live (it said "0 answers · not started" until a reload).
  const list = page.getByTestId('saved-sessions');
  await list.locator('summary').click();
  const entry = list.getByTestId('saved-session').filter({ hasText: 'alpha.csv' });
  await expect(entry).toContainText(`${a.digest.labels.length} answers · finished`);

  await uploadSmall(page, 'beta.csv', 120);
  await waitSaved(page);
  expect((await storedSessions(page))['beta.csv']).toMatchObject({ status: 'idle', rows: 120, labelCount: 0 });
  await expectFinishedIntact(page, 'alpha.csv', a);
  // And after a reload, from the database alone.
  await page.reload();
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv', { timeout: 30_000 });
  await expectFinishedIntact(page, 'alpha.csv', a);
});

test('round open, then another saved session: the first reopens with its round, answers and card, and finishes', async ({ page }) => {
  await openApp(page);
  await uploadSmall(page, 'other.csv', 120);
  await uploadSmall(page, 'open-round.csv');
  await setShortConfig(page);
  await page.getByTestId('start-run').click();
  await waitForRound(page, 1);
  const answers = await answerSome(page, 2);
  const row = await card(page).getAttribute('data-row-index');
  await waitSaved(page);
  const stored = (await storedSessions(page))['open-round.csv'];
  expect(stored).toMatchObject({ status: 'running', labelCount: 2, labelsStored: 2, openRound: 1 });

  await openFromList(page, 'other.csv');
  expect((await storedSessions(page))['open-round.csv']).toEqual(stored);
  await openFromList(page, 'open-round.csv');
  await expect(card(page)).toHaveAttribute('data-row-index', row!, { timeout: 60_000 });
  await expect(card(page)).toContainText('Candidate 3 of 4 · round 1 of 2');
  expect(await historyRows(page)).toEqual(answers);
  // It goes on: both rounds and the run finish.
  await finishShortRun(page, answers);
});

test('stopped, then a session file: the stopped session keeps its state across a reload, with the round it reached', async ({ page }) => {
  await openApp(page);
  await finishedSession(page, 'shared.csv');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  const sessionFile = await file.path();

  await uploadSmall(page, 'stopped.csv');
  await setShortConfig(page);
  await page.getByTestId('start-run').click();
  await waitForRound(page, 1);
  const answers = await answerSome(page, 3);
  await page.getByTestId('stop-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
  // The round the run reached, not the rounds closed before it (it said "Round 0 / 2").
  await expect(page.getByTestId('run-round')).toContainText('1 / 2');
  await waitSaved(page);
  const stored = (await storedSessions(page))['stopped.csv'];
  expect(stored).toMatchObject({ status: 'stopped', labelCount: 3, labelsStored: 3 });

  await page.getByTestId('session-input').setInputFiles(sessionFile);
  await expect(page.getByTestId('table-note')).toHaveText(/^shared\.csv /, { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv', { timeout: 30_000 });
  expect((await storedSessions(page))['stopped.csv']).toEqual(stored);
  await openFromList(page, 'stopped.csv');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('run-round')).toContainText('1 / 2');
  expect(await historyRows(page)).toEqual(answers);
});

test('paused, then a quick switch back and forth: both sessions intact, the paused one resumes and finishes', async ({ page }) => {
  // On TF.js: the WASM SIMD engine finishes this warm-up before a click can pause it.
  await openApp(page, { engine: 'tfjs' });
  await uploadSmall(page, 'second.csv', 120);
  await uploadSmall(page, 'paused.csv');
  await startAndPauseInWarmup(page);
  const before = await storedSessions(page);
  expect(before['paused.csv']).toMatchObject({ status: 'paused' });

  for (let i = 0; i < 2; i++) {
    await openFromList(page, 'second.csv');
    await openFromList(page, 'paused.csv');
  }
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 30_000 });
  await waitSaved(page);
  expect(await storedSessions(page)).toEqual(before);
  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect((await digest(page)).roundLog).toHaveLength(2);
});

test('training, then another table: the run is left as saved, and goes on when its session opens again', async ({ page }) => {
  const answers = await trainingWithAnswers(page, 'training.csv', 2);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await waitSaved(page);
  const early = (await digest(page)).round;
  expect(early).toMatchObject({ round: 0, cursor: 2 });
  // The file input takes a table while the run trains, and says what happens to the run.
  await expect(page.getByTestId('file-input')).toBeEnabled();
  await expect(page.getByText('The run going on stays saved as it is')).toBeVisible();

  await uploadSmall(page, 'next.csv', 120);
  await expect(page.getByTestId('table-note')).toHaveText(/^next\.csv /);
  await expect(page.getByTestId('run-status')).toHaveCount(0); // no run on the new table
  await waitSaved(page);
  const left = (await storedSessions(page))['training.csv'];
  expect(left).toMatchObject({ status: 'running', labelCount: 2, labelsStored: 2, openRound: 0 });

  await openFromList(page, 'training.csv');
  expect(await historyRows(page)).toEqual(answers);
  // The early questions come back as they were left: the same rows, the card at the first one not answered.
  await expect.poll(async () => (await digest(page)).round, { timeout: 30_000 }).toEqual(early);
  await expect(card(page)).toContainText('early questions');
  await finishRounds(page, answers);
});

test('training, then a file that cannot be read: the run is put back and goes on, its answers kept', async ({ page }) => {
  const answers = await trainingWithAnswers(page, 'kept.csv', 1);
  await waitSaved(page);
  await page.getByTestId('file-input').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await expect(page.getByTestId('restoring')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('intake-error')).toContainText('broken.csv could not be read. The file is empty.', { timeout: 30_000 });
  await expect(page.getByTestId('table-note')).toHaveText(/^kept\.csv /);
  expect(await historyRows(page)).toEqual(answers);
  await finishRounds(page, answers);
});

/** A run on `name` still in its warm-up, `n` of its early questions answered by the ground truth. */
async function trainingWithAnswers(page: Page, name: string, n: number): Promise<Map<string, string>> {
  // On TF.js: a warm-up long enough to be still training when the other file is chosen.
  await openApp(page, { engine: 'tfjs' });
  await uploadSmall(page, name);
  await setShortConfig(page, { warmup: 200, plain: 2, polarization: 6, rounds: 2, budget: 4, early: 4 });
  await page.getByTestId('start-run').click();
  await expect(card(page)).toContainText('early questions', { timeout: 60_000 });
  return answerSome(page, n);
}

/** Answers every round to the end by the ground truth (the early questions may still be open), then the run is done. */
async function finishRounds(page: Page, answers: Map<string, string>): Promise<void> {
  for (let round = 1; round <= 2; round++) {
    // A resumed run shows its early questions again until its warm-up ends (slower on a loaded machine).
    await expect(card(page)).toContainText(`round ${round} of 2`, { timeout: 120_000 });
    await waitForRound(page, round);
    await finishRound(page, answers);
  }
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect((await digest(page)).labels).toHaveLength(answers.size);
}

test.describe('the demo', () => {
  // The demo's request must reach the page's route (a service worker would answer it from its cache).
  test.use({ serviceWorkers: 'block' });

  test('arriving while a resumed session is open changes nothing', async ({ page }) => {
    await openApp(page);
    const a = await finishedSession(page, 'early.csv');
    // The next visit's demo download is held back until the saved session is open.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let served = false;
    await page.route('**/demo/cardio.csv', async (route) => {
      await held;
      await route.continue();
      served = true;
    });
    await page.reload();
    await page.getByTestId('resume-session').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    release();
    await expect.poll(() => served, { timeout: 30_000 }).toBe(true);
    await page.waitForTimeout(1500); // the demo's bytes reach the page and would be read now
    await expect(page.getByTestId('table-note')).toHaveText(/^early\.csv /);
    expect((await storedSessions(page))['early.csv']).toEqual(a.stored);
    expect(await digest(page)).toEqual(a.digest);
  });
});
