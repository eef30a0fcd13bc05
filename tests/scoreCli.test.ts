import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from './tf-setup';
import { makeConfig } from '../src/core/config';
import { parseDelimited } from '../src/core/data/csv';
import { encodeTable } from '../src/core/data/featureEncoding';
import { fitMinMax, minMaxScale } from '../src/core/data/scale';
import { buildFeatures, inferSchema, tableFromParsed } from '../src/core/data/schema';
import { scorerFromRun } from '../src/core/score/fromRun';
import { scorerToOnnx } from '../src/core/score/onnx';
import { scoreEncoded, type ScoringModel } from '../src/core/score/scorer';
import { TfTrainContext } from '../src/core/train/tfContext';
import { unlabeledStep } from '../src/core/train/trainContext';

/** `npm run score` end to end: the bundled CLI on a generated CSV and Parquet file, against the app's scorer. */
const dir = mkdtempSync(path.join(tmpdir(), 'imlab-score-'));
// Inside the project, so the bundle finds onnxruntime-web (kept external: it loads its .wasm from its own folder).
const cli = path.resolve('.bench-out/score-test.cjs');
const node = (args: string[]) => spawnSync(process.execPath, args, { encoding: 'utf8' });
let model: ScoringModel;

beforeAll(async () => {
  await useCpu();
  execFileSync(process.execPath, ['bench/build.mjs', 'bench/score.ts', cli]);
  execFileSync(process.execPath, ['scripts/make-score-table.mjs', '600', path.join(dir, 'train.csv'), '1']);
  execFileSync(process.execPath, ['scripts/make-score-table.mjs', '2500', path.join(dir, 'next.csv'), '2']);
  execFileSync(process.execPath, ['scripts/make-score-table.mjs', '2500', path.join(dir, 'next.parquet'), '2']);
  const src = tableFromParsed(parseDelimited(readFileSync(path.join(dir, 'train.csv'), 'utf8')));
  const f = buildFeatures(src, inferSchema(src).columns, null);
  const config = makeConfig({ seed: 4 });
  const ctx = new TfTrainContext(minMaxScale(f.X), config, 4);
  const all = Int32Array.from({ length: f.X.rows }, (_, i) => i);
  for (let i = 0; i < 8; i++) await ctx.step(unlabeledStep(ctx.sample(all, 128), 2)).loss.read();
  model = scorerFromRun({
    scale: fitMinMax(f.X),
    columns: f.encoding,
    featureNames: f.featureNames,
    config,
    state: (await ctx.readState()).state,
  });
  ctx.dispose();
  writeFileSync(path.join(dir, 'm.onnx'), scorerToOnnx(model));
}, 120_000);

function expectedScores(): Float32Array {
  const src = tableFromParsed(parseDelimited(readFileSync(path.join(dir, 'next.csv'), 'utf8')));
  return scoreEncoded(model, encodeTable(src, model.columns).X);
}

describe('npm run score', () => {
  for (const ext of ['csv', 'parquet']) {
    it(`streams a ${ext} file through the ONNX model and writes the app's scores`, () => {
      const out = path.join(dir, `scored-${ext}.csv`);
      // A small batch, so the file spans many batches and chunks.
      const r = node([cli, '--model', path.join(dir, 'm.onnx'), '--data', path.join(dir, `next.${ext}`), '--out', out, '--batch', '300']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/scored 2500 rows in .* rows\/s wall, \d+ rows per CPU second .* peak RSS \d+ MB/);
      expect(r.stdout).toContain("ignored: 'id'");
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('id,amount,duration,items,city,channel,score');
      expect(lines).toHaveLength(2501);
      const want = expectedScores();
      lines.slice(1).forEach((l, i) => {
        const got = Number(l.slice(l.lastIndexOf(',') + 1));
        expect(Math.abs(got - want[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[i])));
      });
    });
  }

  it('stops with the name of a missing column, and names a file that is not an IMLab model', () => {
    const text = readFileSync(path.join(dir, 'next.csv'), 'utf8').replace(/^id,amount,/, 'id,total,');
    writeFileSync(path.join(dir, 'renamed.csv'), text);
    const r = node([cli, '--model', path.join(dir, 'm.onnx'), '--data', path.join(dir, 'renamed.csv'), '--out', path.join(dir, 'x.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("lacks the column the model was trained on: 'amount'");
    const bad = node([cli, '--model', path.join(dir, 'next.csv'), '--data', path.join(dir, 'next.csv'), '--out', path.join(dir, 'y.csv')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('is not an ONNX file');
  });
});
