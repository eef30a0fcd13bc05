/**
 * Trains IMBoost on a table with the app's own intake and writes its deterministic scorer as ONNX:
 *   npm run model -- --data train.csv --out model.onnx [--label-column label] [--set key=value,...] [--k 16]
 * Columns are chosen as the app proposes them (identifiers, constants and label-like columns left out). Without a
 * label column the query rounds get no answers (the unsupervised warm-up and polarization still run).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { makeConfig } from '../src/core/config';
import { parseAssignments } from '../src/core/configAssign';
import { parseDelimited } from '../src/core/data/csv';
import { fitMinMax, minMaxScale } from '../src/core/data/scale';
import { buildFeatures, inferSchema, tableFromParsed } from '../src/core/data/schema';
import { rocAuc } from '../src/core/metrics';
import { scorerFromRun } from '../src/core/score/fromRun';
import { scorerToOnnx } from '../src/core/score/onnx';
import type { Checkpoint } from '../src/core/train/checkpoint';
import { SimulatedOracle } from '../src/core/train/oracle';
import { runMethod } from '../src/core/train/runMethod';
import { loadWasmEngine } from './wasm-engine';

const USAGE = 'usage: npm run model -- --data train.csv --out model.onnx [--label-column NAME] [--set key=value,...] [--k 16]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      'label-column': { type: 'string' },
      set: { type: 'string' },
      k: { type: 'string' },
    },
  });
  if (!values.data || !values.out) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  loadWasmEngine();
  const src = tableFromParsed(parseDelimited(readFileSync(values.data, 'utf8')));
  const label = values['label-column'] ? src.header.indexOf(values['label-column']) : -1;
  if (values['label-column'] && label < 0) throw new Error(`no column named ${values['label-column']}`);
  const columns = inferSchema(src).columns.map((c) => (c.index === label ? { ...c, included: false } : c));
  const f = buildFeatures(src, columns, label >= 0 ? label : null);
  const config = makeConfig({ ...parseAssignments(values.set ?? ''), method: 'imboost' });
  let last: Checkpoint | null = null;
  const t0 = performance.now();
  const r = await runMethod({
    X: minMaxScale(f.X),
    config,
    oracle: f.y ? new SimulatedOracle(f.y) : undefined,
    onCheckpoint: (c) => (last = c),
  });
  if (!last) throw new Error('the run left no checkpoint');
  const model = scorerFromRun(
    { scale: fitMinMax(f.X), columns: f.encoding, featureNames: f.featureNames, config, state: (last as Checkpoint).state },
    values.k ? Number(values.k) : undefined,
  );
  writeFileSync(values.out, scorerToOnnx(model, { producerVersion: 'bench/model.ts', source: values.data }));
  const auc = f.y ? `, train AUC ${rocAuc(r.scores, f.y).toFixed(4)}` : '';
  console.log(
    `trained on ${f.X.rows} rows x ${f.X.cols} features in ${((performance.now() - t0) / 1000).toFixed(1)} s${auc}; wrote ${values.out}`,
  );
  for (const m of f.messages) console.log(`  ${m}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
