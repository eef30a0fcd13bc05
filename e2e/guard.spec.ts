import { decodeSessionFile } from '../src/persist/sessionFile';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp, upload } from './reliability-helpers';

/**
 * A table where polarization hurts: few rows, many dense columns (like image embeddings), inliers on a
 * low-rank non-negative manifold, outliers the same with a few boosted columns. The warm-up ranks them
 * almost perfectly; the later answers show the polarized ranking falling behind, so the guard rolls back.
 */
function wideCsv(inliers = 160, outliers = 10, d = 256, rank = 3, seed = 5): string {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const w = Array.from({ length: rank }, () => Array.from({ length: d }, () => gauss()));
  const lines = [[...Array.from({ length: d }, (_, j) => `e${j}`), 'label'].join(',')];
  const n = inliers + outliers;
  const every = Math.floor(n / outliers);
  for (let i = 0; i < n; i++) {
    const out = i % every === 3 && i / every < outliers;
    const z = Array.from({ length: rank }, () => gauss());
    const x = Array.from({ length: d }, (_, j) => Math.max(0, 1 + z.reduce((a, v, r) => a + v * w[r][j] * 0.3, 0) + 0.3 * gauss()));
    if (out) for (let t = 0; t < 30; t++) x[Math.floor(rnd() * d)] += 0.8 * (1 + rnd());
    lines.push([...x.map((v) => v.toFixed(3)), out ? 1 : 0].join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function openWideTable(page: Page): Promise<void> {
  await openApp(page, { engine: 'wasm' });
  await upload(page, 'wide.csv', wideCsv());
  await expect(page.getByTestId('table-note')).toHaveText(/^wide\.csv \(170 rows\)/);
  await expect(page.getByTestId('label-column-select')).not.toHaveValue('none');
  await expect(page.getByTestId('feature-summary')).toContainText('170 rows');
}

/** The ground-truth column answers every round of the full default schedule (5 rounds). */
async function runWithTheLabelColumnAnswering(page: Page): Promise<void> {
  // The rounds' answers only, as the table was built for (no questions during the warm-up), and the guard's own
  // questions (no shares for the answers' forest).
  await page.getByTestId('param-imboost-earlyQuestions').fill('0');
  await page.getByTestId('param-imboost-topShare').fill('0');
  await page.getByTestId('param-imboost-randomShare').fill('0');
  await page.getByTestId('simulated-oracle-toggle').check();
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
}

/** The exported CSV's lines, header first. */
async function exportedCsv(page: Page): Promise<string[]> {
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  return readFileSync(await csv.path(), 'utf8')
    .trimEnd()
    .split('\n');
}

test('the guard rolls back to the warm-up ranking when polarization hurts, and the page says so', async ({ page }) => {
  test.setTimeout(240_000);
  await openWideTable(page);

  await page.getByTestId('param-imboost-guard').selectOption('on');
  // The table was built so that polarization hurts after the paper's warm-up (rho-quantile threshold); under the
  // default 0.6 x quantile its warm-up is a different one, and on this table its polarization happens to help.
  await page.getByText('More hyperparameters').click();
  await page.getByTestId('param-imboost-warmupThreshold').selectOption('quantile');
  await runWithTheLabelColumnAnswering(page);

  const verdict = page.getByTestId('guard-verdict');
  await expect(verdict).toHaveAttribute('data-choice', 'warmup');
  await expect(verdict).toContainText('Rolled back to the warm-up ranking');
  await expect(page.getByTestId('risk-chart-guard')).toBeVisible();
  await page.getByTestId('risk-chart').screenshot({ path: test.info().outputPath('risk-chart.png') });
  await page.getByTestId('run-progress').screenshot({ path: test.info().outputPath('run-progress.png') });

  // The export says which scores it holds: the warm-up's, mixed with the mean rank at 30 answers (20 / 30).
  await expect(page.getByTestId('ranking-reason')).toHaveAttribute('data-choice', 'prior');
  const source = 'warm-up (the guard rolled back) mixed with the mean rank at 0.67';
  const lines = await exportedCsv(page);
  const header = lines[0].split(',');
  const at = header.indexOf('imlab_score_source');
  expect(at).toBeGreaterThan(0);
  expect(lines.slice(1).every((l) => l.split(',')[at] === source)).toBe(true);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  const { summary } = decodeSessionFile(new Uint8Array(readFileSync(await file.path()))).manifest as unknown as {
    summary: { scoreSource: string; guard: { choice: string } };
  };
  expect(summary.scoreSource).toBe(source);
  expect(summary.guard.choice).toBe('warmup');
});

test("with the app's defaults a wide table is judged at 99%, which takes 7 held-out outliers", async ({ page }) => {
  test.setTimeout(240_000);
  await openWideTable(page);
  // Nothing pinned: guard `adaptive`, the 0.6 x quantile warm-up threshold. 170 rows under 256 columns is wide.
  await expect(page.getByTestId('param-imboost-guard')).toHaveValue('adaptive');
  await runWithTheLabelColumnAnswering(page);

  const verdict = page.getByTestId('guard-verdict');
  await expect(verdict).toHaveAttribute('data-choice', 'warmup');
  await expect(verdict).toContainText('Rolled back to the warm-up ranking');
  await expect(verdict).toContainText('(it takes 7 outliers)');
  await expect(page.getByTestId('risk-chart-guard')).toBeVisible();
});

test('guard `on` keeps the polarized ranking when the answers clearly favour it, and the export says so', async ({ page }) => {
  test.setTimeout(240_000);
  await openWideTable(page);
  // After the default warm-up, polarization helps on this table (the first test needs the paper's threshold to
  // see harm); guard `on` judges it at 80% with 3 outliers. The answers' stage is off: this is the guard's export.
  await page.getByTestId('param-imboost-guard').selectOption('on');
  await page.getByText('More hyperparameters').click();
  await page.getByTestId('param-imboost-answersStage').selectOption('off');
  await runWithTheLabelColumnAnswering(page);

  const verdict = page.getByTestId('guard-verdict');
  await expect(verdict).toHaveAttribute('data-choice', 'polarized');
  await expect(verdict).toContainText('Kept the polarized ranking: on your 24 answers after round 1');
  await expect(verdict).toContainText(/of resamples; it takes 80%/);
  await expect(page.getByTestId('risk-chart-guard')).toHaveCount(0);
  const lines = await exportedCsv(page);
  const at = lines[0].split(',').indexOf('imlab_score_source');
  expect(at).toBeGreaterThan(0);
  expect(lines.slice(1).every((l) => l.split(',')[at] === 'polarized')).toBe(true);
});
