import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { parseDelimited } from '../src/core/data/csv';
import { encodeTable, type ColumnEncoding } from '../src/core/data/featureEncoding';
import { tableFromParsed } from '../src/core/data/schema';
import { ONNX_INPUT, ONNX_OUTPUT, readOnnxMetadata } from '../src/core/score/onnx';
import { decodeSessionFile } from '../src/persist/sessionFile';
import { answerByTruth, answerSome, card, finishRound, historyRows, openApp, setShortConfig, waitForRound } from './reliability-helpers';

/**
 * The model and the session beyond one tab: a short run on the demo, a session file saved mid-round, the finished
 * run's model exported as ONNX (run here in ONNX Runtime), a second table scored in the app (and a table missing a
 * column refused), the final session saved, then both session files opened in a fresh browser profile: the open
 * round comes back and labeling goes on with every earlier label present; the finished one has all labels and scores.
 */

const DEMO = path.resolve('public/demo/cardio.csv');

test.use({ viewport: { width: 1280, height: 900 } });

/** The first `rows` demo rows, with an extra column the model does not know (`drop` removes a model column). */
function secondTable(rows: number, opts: { drop?: string } = {}): string {
  const lines = readFileSync(DEMO, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(0, rows + 1);
  const header = lines[0].split(',');
  const skip = opts.drop ? header.indexOf(opts.drop) : -1;
  return lines.map((l, i) => [...l.split(',').filter((_, c) => c !== skip), i === 0 ? 'note' : `n${i}`].join(',')).join('\n') + '\n';
}

test('ONNX export, scoring a second table, and a session file resumed in a fresh browser profile', async ({ page, browser }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await setShortConfig(page);
  await page.getByTestId('start-run').click();
  await waitForRound(page, 1);
  const answers = await answerSome(page, 2);
  const midRoundAnswers = new Map(answers);
  // ---- a session file saved with the round open
  const [midDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  expect(midDownload.suggestedFilename()).toBe('cardio-session.imlab');
  const midFile = test.info().outputPath('mid-round.imlab');
  await midDownload.saveAs(midFile);
  const mid = decodeSessionFile(new Uint8Array(readFileSync(midFile)));
  expect(mid.manifest.version).toBe(1);
  expect(
    mid.snapshot.labels
      .filter((l) => l.source === 'analyst')
      .map((l) => String(l.row))
      .sort(),
  ).toEqual([...answers.keys()].sort());
  expect(mid.snapshot.checkpoint?.openRound?.round).toBe(1);
  expect((await mid.snapshot.file.text()).length).toBe(readFileSync(DEMO, 'utf8').length);

  await finishRound(page, answers);
  await page.getByTestId('simulated-oracle-toggle').check();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  // ---- Export model (ONNX): it loads in ONNX Runtime and carries the encoding
  const [onnxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-onnx').click()]);
  expect(onnxDownload.suggestedFilename()).toBe('cardio-imlab-model.onnx');
  const onnxBytes = new Uint8Array(readFileSync(await onnxDownload.path()));
  const meta = readOnnxMetadata(onnxBytes);
  expect(meta['imlab.format']).toBe('imlab-scorer/1');
  const columns = JSON.parse(meta['imlab.columns']) as ColumnEncoding[];
  expect(columns.map((c) => c.name)).toEqual(Array.from({ length: 21 }, (_, i) => `f${i}`));

  // ---- Score another table: a missing column is refused with its name; then a table with an extra column
  const input = page.getByTestId('score-table-input');
  await input.setInputFiles({ name: 'missing.csv', mimeType: 'text/csv', buffer: Buffer.from(secondTable(50, { drop: 'f3' })) });
  await expect(page.getByTestId('score-table-error')).toContainText("lacks the column the model was trained on: 'f3'");
  const second = secondTable(400);
  await input.setInputFiles({ name: 'next-month.csv', mimeType: 'text/csv', buffer: Buffer.from(second) });
  await expect(page.getByTestId('score-table-result')).toContainText('Scored 400 rows of next-month.csv');
  await expect(page.getByTestId('score-table-messages')).toContainText("'note'");
  await page.locator('section.model').screenshot({ path: test.info().outputPath('model-panel.png') });
  const [scoredDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scored-csv').click()]);
  expect(scoredDownload.suggestedFilename()).toBe('next-month-imlab-scored.csv');
  const scoredLines = readFileSync(await scoredDownload.path(), 'utf8')
    .trimEnd()
    .split('\n');
  const header = scoredLines[0].split(',');
  expect(scoredLines).toHaveLength(401);
  const appScores = scoredLines.slice(1).map((l) => Number(l.split(',')[header.indexOf('imlab_score')]));

  // The exported model gives the app's scores of the second table, in ONNX Runtime.
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(onnxBytes);
  const { X } = encodeTable(tableFromParsed(parseDelimited(second)), columns);
  const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', X.data, [X.rows, X.cols]) });
  const onnxScores = out[ONNX_OUTPUT].data as Float32Array;
  for (let i = 0; i < appScores.length; i++)
    expect(Math.abs(onnxScores[i] - appScores[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(appScores[i])));
  await session.release();

  // ---- the final session file
  const finalAnswers = await historyRows(page);
  const [finalDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  const finalFile = test.info().outputPath('final.imlab');
  await finalDownload.saveAs(finalFile);
  const finalScores = decodeSessionFile(new Uint8Array(readFileSync(finalFile))).snapshot.results?.scores;
  expect(finalScores).toHaveLength(1831);

  // ---- a fresh browser profile: nothing saved there
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const other = await fresh.newPage();
  await openApp(other);
  await expect(other.getByTestId('saved-session')).toHaveCount(0);
  // An old JSON summary and a foreign file are refused with a sentence that says what they are.
  const oldJson = test.info().outputPath('old.json');
  writeFileSync(oldJson, JSON.stringify({ format: 'imlab-session', engineVersion: '0.1.0', labels: [] }));
  await other.getByTestId('session-input').setInputFiles(oldJson);
  await expect(other.getByTestId('restore-error')).toContainText('session summary saved by an earlier IMLab');
  await other.getByTestId('session-input').setInputFiles({ name: 'table.imlab', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
  await expect(other.getByTestId('restore-error')).toContainText('not an IMLab session file');

  // The mid-round file: the round reopens with its candidates and labeling goes on, every label present.
  await other.getByTestId('session-input').setInputFiles(midFile);
  await waitForRound(other, 1);
  expect(await historyRows(other)).toEqual(midRoundAnswers);
  const next = await answerByTruth(other);
  expect(await historyRows(other)).toEqual(new Map([...midRoundAnswers, [next.row, next.label]]));
  await expect(card(other)).toContainText('round 1 of 2');
  await other.getByTestId('stop-run').click();

  // The final file: done, with every label and the same scores.
  await other.getByTestId('session-input').setInputFiles(finalFile);
  await expect(other.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  expect(await historyRows(other)).toEqual(finalAnswers);
  const shown = await other.evaluate(() => {
    const s = (window as unknown as { __imlab: { state(): { savedScores: Float32Array | null } } }).__imlab.state();
    return s.savedScores ? Array.from(s.savedScores) : null;
  });
  expect(shown).toEqual(Array.from(finalScores!));
  // The model travels with the session: the ONNX export works in the fresh profile too.
  const [again] = await Promise.all([other.waitForEvent('download'), other.getByTestId('export-onnx').click()]);
  expect(readOnnxMetadata(new Uint8Array(readFileSync(await again.path())))['imlab.columns']).toBe(meta['imlab.columns']);
  await fresh.close();
});
