import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { useCpu } from '../../../tests/tf-setup';
import { makeConfig } from '../config';
import { parseDelimited } from '../data/csv';
import { encodeTable } from '../data/featureEncoding';
import { fitMinMax, minMaxScale } from '../data/scale';
import { buildFeatures, inferSchema, tableFromParsed } from '../data/schema';
import type { Checkpoint } from '../train/checkpoint';
import { SimulatedOracle } from '../train/oracle';
import { runMethod } from '../train/runMethod';
import { scorerFromRun } from './fromRun';
import { ONNX_INPUT, ONNX_IR_VERSION, ONNX_OPSET, ONNX_OUTPUT, readOnnxMetadata, scorerToOnnx } from './onnx';
import { SCORER_VS_RUN } from './agreement';
import { scoreEncoded, type ScoringModel } from './scorer';

beforeAll(async () => {
  await useCpu();
  ort.env.wasm.numThreads = 1;
});

/** WBC (ADBench, one of the 15 shared sets), committed as a fixture; label column `label`. Trained once for all tests. */
let trained: Promise<{ model: ScoringModel; X: Float32Array; rows: number }> | null = null;
const trainedOnWbc = () => (trained ??= train());

async function train(): Promise<{ model: ScoringModel; X: Float32Array; rows: number }> {
  const src = tableFromParsed(parseDelimited(readFileSync(new URL('../data/fixtures/wbc.csv', import.meta.url), 'utf8')));
  const columns = inferSchema(src).columns.map((c) => ({ ...c, included: c.name !== 'label' }));
  const f = buildFeatures(src, columns, src.header.indexOf('label'));
  const config = makeConfig({
    seed: 3,
    imboost: { updatesPerEpoch: 4, plainEpochs: 2, warmupEpochs: 5, polarizationEpochs: 4, rounds: 1, budget: 5 },
  });
  let last: Checkpoint | null = null;
  await runMethod({ X: minMaxScale(f.X), config, oracle: new SimulatedOracle(f.y!), onCheckpoint: (c) => (last = c) });
  const model = scorerFromRun({ scale: fitMinMax(f.X), columns: f.encoding, featureNames: f.featureNames, config, state: last!.state });
  const X = encodeTable(src, f.encoding).X;
  // A few missing cells, so the graph's fill is exercised too.
  for (const r of [0, 7, 40]) X.data[r * X.cols + (r % X.cols)] = NaN;
  return { model, X: X.data, rows: X.rows };
}

describe('ONNX export', () => {
  it('runs in ONNX Runtime and gives the deterministic scorer\u2019s scores to 1e-5', async () => {
    const { model, X, rows } = await trainedOnWbc();
    const bytes = scorerToOnnx(model, { producerVersion: 'test' });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual([ONNX_INPUT]);
    expect(session.outputNames).toEqual([ONNX_OUTPUT]);
    const d = model.arch.inputDim;
    const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', X, [rows, d]) });
    const onnxScores = out[ONNX_OUTPUT].data as Float32Array;
    expect(out[ONNX_OUTPUT].dims).toEqual([rows]);
    const mine = scoreEncoded(model, { data: X, rows, cols: d });
    let worst = 0;
    for (let i = 0; i < rows; i++) worst = Math.max(worst, Math.abs(onnxScores[i] - mine[i]) / Math.max(1, Math.abs(mine[i])));
    expect(worst).toBeLessThan(1e-5);
    expect(new Set(mine).size).toBeGreaterThan(rows / 2); // not a constant
    await session.release();
  });

  it('states opset and IR version and carries the encoding', async () => {
    const { model } = await trainedOnWbc();
    const bytes = scorerToOnnx(model);
    const meta = readOnnxMetadata(bytes);
    expect(meta['imlab.format']).toBe('imlab-scorer/1');
    expect(JSON.parse(meta['imlab.columns'])).toEqual(model.columns);
    // The file says what differs from the run's own ranking (the panel's words).
    expect(meta['imlab.vsRun']).toBe(SCORER_VS_RUN);
    expect(ONNX_OPSET).toBe(13);
    expect(ONNX_IR_VERSION).toBe(8);
  });

  it('ONNX Runtime refuses an input of the wrong width with a clear error', async () => {
    const { model } = await trainedOnWbc();
    const session = await ort.InferenceSession.create(scorerToOnnx(model));
    const d = model.arch.inputDim;
    await expect(session.run({ [ONNX_INPUT]: new ort.Tensor('float32', new Float32Array(2 * (d + 1)), [2, d + 1]) })).rejects.toThrow(
      /dimension|shape|Got invalid dimensions/i,
    );
    await session.release();
  });
});
