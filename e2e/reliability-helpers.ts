/**
 * Shared steps of the reliability specs (persistence, offline, privacy, faults, bad input): a small
 * synthetic table, a short IMBoost config typed into the run panel, labeling from the ground truth
 * the card shows, and a digest of what the page holds (through the test-only window.__imlab hook).
 */
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { decodeSessionFile } from '../src/persist/sessionFile';

/** A seeded uniform draw in [0, 1) (a linear congruential generator): the specs' tables are the same every run. */
export function seededUniform(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A table's CSV: columns f0..f{d-1} and a 0/1 `label`, one line per row of values and its label. */
export function featuresCsv(rows: readonly { values: readonly string[]; outlier: boolean }[]): string {
  const d = rows[0]?.values.length ?? 0;
  const lines = [`${Array.from({ length: d }, (_, j) => `f${j}`).join(',')},label`];
  for (const r of rows) lines.push(`${r.values.join(',')},${r.outlier ? 1 : 0}`);
  return `${lines.join('\n')}\n`;
}

/** A small table: `rows` rows of 5 numeric features, ~6% outliers, and a 0/1 `label` column. */
export function smallCsv(rows = 300, seed = 7): string {
  const rnd = seededUniform(seed);
  const lines = ['f1,f2,f3,f4,f5,label'];
  for (let i = 0; i < rows; i++) {
    const out = i % 16 === 5;
    const v = () => (out ? rnd() : 0.45 + 0.1 * rnd()).toFixed(4);
    lines.push(`${v()},${v()},${v()},${v()},${v()},${out ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Opens the app with the test hooks on and waits for the demo table and a compute backend. */
export async function openApp(page: Page, opts: { backend?: string; engine?: 'auto' | 'wasm' | 'tfjs' } = {}): Promise<void> {
  await page.addInitScript(() => {
    (window as Window & { __imlabTestHooks?: boolean }).__imlabTestHooks = true;
  });
  if (opts.backend) await page.addInitScript((b) => localStorage.setItem('imlab.backend', b), opts.backend);
  if (opts.engine) await page.addInitScript((e) => localStorage.setItem('imlab.engine', e), opts.engine);
  await page.goto('/');
  await expect(page.getByTestId('table-note')).toContainText('cardio.csv', { timeout: 30_000 });
  await expect(page.getByTestId('backend-badge')).toHaveText(/WebGPU|WASM|WebGL|CPU/, { timeout: 60_000 });
}

export async function upload(page: Page, name: string, text: string | Buffer): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
}

export async function uploadSmall(page: Page, name = 'small.csv', rows = 300): Promise<void> {
  await upload(page, name, smallCsv(rows));
  await expect(page.getByTestId('table-note')).toHaveText(new RegExp(`^${name.replace('.', '\\.')} \\(${rows} rows\\)`));
  await expect(page.getByTestId('label-column-select')).not.toHaveValue('none');
  await expect(page.getByTestId('feature-summary')).toContainText(`${rows} rows`);
}

export interface ShortConfig {
  warmup: number;
  plain: number;
  polarization: number;
  rounds: number;
  budget: number;
  /** Questions offered at Start, during the warm-up (imboost.earlyQuestions); 0: the first card is round 1's. */
  early?: number;
}

export const SHORT: ShortConfig = { warmup: 6, plain: 2, polarization: 6, rounds: 2, budget: 4, early: 0 };

export async function setShortConfig(page: Page, c: ShortConfig = SHORT): Promise<void> {
  await expect(page.getByTestId('method-select')).toHaveValue('imboost');
  await page.getByTestId('param-imboost-warmupEpochs').fill(String(c.warmup));
  await page.getByTestId('param-imboost-plainEpochs').fill(String(c.plain));
  await page.getByTestId('param-imboost-polarizationEpochs').fill(String(c.polarization));
  await page.getByTestId('param-imboost-rounds').fill(String(c.rounds));
  await page.getByTestId('param-imboost-budget').fill(String(c.budget));
  await page.getByTestId('param-imboost-earlyQuestions').fill(String(c.early ?? 0));
}

export const card = (page: Page) => page.getByTestId('candidate-card');

export async function waitForRound(page: Page, round: number, rounds = SHORT.rounds): Promise<void> {
  await expect(card(page)).toHaveAttribute('data-row-index', /^\d+$/, { timeout: 120_000 });
  await expect(card(page)).toContainText(`round ${round} of ${rounds}`);
}

/** Answers the card's candidate by keyboard from the ground truth it shows; returns the row and label. */
export async function answerByTruth(page: Page): Promise<{ row: string; label: 'inlier' | 'outlier' }> {
  const row = (await card(page).getAttribute('data-row-index')) ?? '';
  expect(row).toMatch(/^\d+$/);
  const truth = (await page.getByTestId('candidate-truth').innerText()).trim();
  const label = Number(truth) === 1 ? 'outlier' : 'inlier';
  // As a person does: once the card takes answers (a round that replaced a card on screen settles first).
  await expect(page.getByTestId('label-inlier')).toBeEnabled();
  await page.keyboard.press(label === 'outlier' ? 'o' : 'i');
  await expect(card(page)).not.toHaveAttribute('data-row-index', row);
  return { row, label };
}

/** Answers the next `n` candidates by keyboard from the ground truth; returns row -> label. */
export async function answerSome(page: Page, n: number): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const a = await answerByTruth(page);
    answers.set(a.row, a.label);
  }
  return answers;
}

/** Answers every remaining candidate of the open round, then closes it with Enter. */
export async function finishRound(page: Page, answers: Map<string, string>): Promise<void> {
  while ((await card(page).getAttribute('data-row-index')) !== '') {
    const a = await answerByTruth(page);
    answers.set(a.row, a.label);
  }
  await page.keyboard.press('Enter');
}

/** Answers the rest of round 1 and all of round 2 by truth; the run ends with every answer in the history. */
export async function finishShortRun(page: Page, answers: Map<string, string>): Promise<void> {
  await finishRound(page, answers);
  await waitForRound(page, 2);
  await finishRound(page, answers);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(await historyRows(page)).toEqual(answers);
}

/**
 * Starts a run with a long warm-up (ground truth answering) and pauses it after a few epochs, saved. Open it on
 * TF.js (openApp's engine): the WASM SIMD engine finishes this warm-up before a click can pause it.
 */
export async function startAndPauseInWarmup(page: Page): Promise<void> {
  await setShortConfig(page, { warmup: 40, plain: 2, polarization: 6, rounds: 2, budget: 4 });
  await page.getByTestId('simulated-oracle-toggle').check();
  await page.getByTestId('start-run').click();
  await expect.poll(async () => (await digest(page)).points, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await page.getByTestId('pause-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await waitSaved(page);
}

/** Opens a small table, starts a short IMBoost run and answers the first candidate of round 1 by keyboard. */
export async function startShortRunAndAnswerOne(page: Page, name: string, rows = 300): Promise<Map<string, string>> {
  await uploadSmall(page, name, rows);
  await setShortConfig(page);
  await page.getByTestId('start-run').click();
  await waitForRound(page, 1);
  const a = await answerByTruth(page);
  return new Map([[a.row, a.label]]);
}

/** Every answer in the history list, row -> inlier/outlier. */
export async function historyRows(page: Page): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const item of await page.getByTestId('label-history-item').all()) {
    out.set((await item.getAttribute('data-row-index')) ?? '', (await item.getAttribute('data-label')) ?? '');
  }
  return out;
}

export async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', { timeout: 15_000 });
}

export interface LabDigest {
  labels: [number, number, string, number][];
  roundLog: unknown[];
  round: { round: number; cursor: number; candidates: number[] } | null;
  points: number;
  lastPoint: unknown;
  markers: unknown[];
  scores: string | null;
  status: string;
  auc: number | null;
}

/** What the page holds: labels (with time and source), round, chart history and every score. */
export async function digest(page: Page): Promise<LabDigest> {
  return page.evaluate(() => {
    const s = (window as unknown as { __imlab: { state(): Record<string, never> } }).__imlab.state() as unknown as {
      labels: Map<number, { row: number; label: number; source: string; time: number }>;
      roundLog: unknown[];
      round: { view: { round: number; rows: Int32Array }; cursor: number } | null;
      series: { points: unknown[] };
      markers: unknown[];
      savedScores: Float32Array | null;
      run: { status: string };
      result: { auc: number | null } | null;
    };
    return {
      labels: [...s.labels.values()]
        .map((l) => [l.row, l.label, l.source, l.time] as [number, number, string, number])
        .sort((a, b) => a[0] - b[0]),
      roundLog: s.roundLog,
      round: s.round ? { round: s.round.view.round, cursor: s.round.cursor, candidates: Array.from(s.round.view.rows) } : null,
      points: s.series.points.length,
      lastPoint: s.series.points[s.series.points.length - 1] ?? null,
      markers: s.markers,
      scores: s.savedScores ? Array.from(s.savedScores).join(',') : null,
      status: s.run.status,
      auc: s.result?.auc ?? null,
    };
  });
}

/** The score table's rows on screen (row, score, rank, posterior, label, raw cell), once their raw cells are in. */
export async function scoreTableText(page: Page): Promise<string[]> {
  const rows = page.getByTestId('score-table').locator('.st-body [role="row"]');
  await expect(rows.filter({ hasText: '…' })).toHaveCount(0);
  return rows.allInnerTexts();
}

/**
 * Downloads the scored CSV and the session file and checks both carry every row's score and the run's method;
 * returns the session's snapshot for further checks.
 */
export async function exportScoredAndSession(page: Page, method: string, rows: number) {
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const lines = readFileSync(await csv.path(), 'utf8')
    .trimEnd()
    .split('\n');
  const at = lines[0].split(',').indexOf('imlab_score');
  expect(at).toBeGreaterThanOrEqual(0);
  expect(lines.length - 1).toBe(rows);
  for (const line of lines.slice(1)) expect(Number.isFinite(Number(line.split(',')[at]))).toBe(true);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  const { snapshot } = decodeSessionFile(new Uint8Array(readFileSync(await file.path())));
  expect(snapshot.meta.run.config?.method).toBe(method);
  expect(snapshot.results?.scores).toHaveLength(rows);
  return snapshot;
}

/** The demo table (cardio) as a user drops it. */
export const DEMO_FILE = 'public/demo/cardio.csv';
export const DEMO_ROWS = 1831;

/** Drops the demo file once the backend is up and picks its `label` column as the ground truth. */
export async function loadDemoWithLabels(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveText(/WebGPU|WASM|WebGL|CPU/, { timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles(DEMO_FILE);
  await expect(page.getByTestId('table-note')).toHaveText(/^cardio\.csv \(1,831 rows\)/);
  const header = readFileSync(DEMO_FILE, 'utf8').split('\n', 1)[0].split(',');
  await page.getByLabel('Ground-truth label column').selectOption(String(header.indexOf('label')));
  await expect(page.getByTestId('feature-summary')).toContainText('1,831 rows');
}

/**
 * A run on `name` paused in its warm-up (TF.js, so it is still warming up when paused) with `n` of its 4 early
 * questions answered by the ground truth and a checkpoint saved: the answers, and the open round as the store has it.
 */
export async function pausedWithEarlyQuestions(
  page: Page,
  name: string,
  n: number,
): Promise<{ answers: Map<string, string>; early: LabDigest['round'] }> {
  await openApp(page, { engine: 'tfjs' });
  await uploadSmall(page, name);
  await setShortConfig(page, { warmup: 40, plain: 2, polarization: 6, rounds: 2, budget: 4, early: 4 });
  await page.getByTestId('start-run').click();
  await expect(card(page)).toContainText('early questions', { timeout: 60_000 });
  const answers = await answerSome(page, n);
  await expect.poll(async () => (await digest(page)).points, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await page.getByTestId('pause-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await waitSaved(page);
  const early = (await digest(page)).round;
  expect(early).toMatchObject({ round: 0, cursor: n });
  return { answers, early };
}
