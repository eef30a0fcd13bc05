import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../tests/tf-setup';
import { useWasmKernels } from '../../../tests/wasm-setup';
import { blobWithOutliers } from '../../../tests/synthetic';
import { makeConfig, type ConfigOverrides } from '../config';
import { TfTrainContext } from '../train/tfContext';
import type { StepSpec } from '../train/trainContext';
import { WasmTrainContext } from './wasmContext';

beforeAll(async () => {
  await useCpu();
  useWasmKernels();
});

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(den, 1e-12);
}

const plain = (batch: Int32Array, k: number): StepSpec => ({ batch, k, trim: null, inliers: null, outliers: null, lambda1: 0, lambda2: 0, cuboU: 2, keepLosses: false });

describe('WASM engine vs TF.js', () => {
  it('one plain update: same loss and gradients', async () => {
    const { X } = blobWithOutliers(200, 7, 0.1, 3);
    const cfg = makeConfig({} as ConfigOverrides);
    const tfc = new TfTrainContext(X, cfg, 5);
    const wc = new WasmTrainContext(X, cfg, 5);
    const batch = Int32Array.from({ length: 64 }, (_, i) => i * 3);
    const a = await tfc.lossAndGradients(plain(batch, 2));
    const b = wc.lossAndGradients(plain(batch, 2));
    expect(Math.abs(a.loss - b.loss) / Math.abs(a.loss)).toBeLessThan(1e-5);
    a.grads.forEach((g, i) => expect(relErr(b.grads[i], g), `param ${i}`).toBeLessThan(1e-5));
    tfc.dispose();
    wc.dispose();
  });
});
