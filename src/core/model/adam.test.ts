import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useCpu } from '../../../tests/tf-setup';
import { Adam } from './adam';
import fixture from '../fixtures/adam.json';

beforeAll(useCpu);

/** Made by scripts/make_adam_fixture.py with torch.optim.Adam. */
interface AdamFixture {
  shapes: number[][];
  hyper: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number };
  init: number[][];
  steps: { grads: number[][]; params: number[][]; m: number[][]; v: number[][] }[];
}
const fx = fixture as AdamFixture;

function expectClose(got: ArrayLike<number>, want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i])));
}

function setup(): { vars: tf.Variable[]; adam: Adam } {
  const vars = fx.shapes.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(fx.init[i], s))));
  return { vars, adam: new Adam(vars, fx.hyper) };
}

describe('Adam', () => {
  it('matches torch.optim.Adam (coupled weight decay) step by step', async () => {
    const { vars, adam } = setup();
    for (const step of fx.steps) {
      const grads = step.grads.map((g, i) => tf.tensor(g, fx.shapes[i]));
      adam.apply(grads);
      tf.dispose(grads);
      for (let i = 0; i < vars.length; i++) expectClose(await vars[i].data(), step.params[i], 1e-5);
      const { m, v } = await adam.readMoments();
      m.forEach((mi, i) => expectClose(mi, step.m[i], 1e-5));
      v.forEach((vi, i) => expectClose(vi, step.v[i], 1e-5));
    }
    expect(adam.step).toBe(fx.steps.length);
    adam.dispose();
    tf.dispose(vars);
  });

  it('continues exactly from written moments (checkpoint resume)', async () => {
    const first = setup();
    const grads = (k: number) => fx.steps[k].grads.map((g, i) => tf.tensor(g, fx.shapes[i]));
    for (let k = 0; k < 2; k++) first.adam.apply(grads(k));
    const { m, v } = await first.adam.readMoments();
    const params = await Promise.all(first.vars.map(async (p) => Float32Array.from(await p.data())));

    const resumed = setup();
    resumed.vars.forEach((p, i) => p.assign(tf.tensor(params[i], p.shape)));
    resumed.adam.writeMoments(m, v);
    resumed.adam.step = 2;
    for (let k = 2; k < fx.steps.length; k++) resumed.adam.apply(grads(k));
    const last = fx.steps[fx.steps.length - 1];
    for (let i = 0; i < resumed.vars.length; i++) expectClose(await resumed.vars[i].data(), last.params[i], 1e-5);
    first.adam.dispose();
    resumed.adam.dispose();
    tf.dispose([...first.vars, ...resumed.vars]);
  });

  it('refuses moments of another model and a wrong number of gradients', () => {
    const { vars, adam } = setup();
    expect(() => adam.writeMoments([new Float32Array(3)], [new Float32Array(3)])).toThrow(/does not match/);
    const one = tf.zeros(fx.shapes[0]);
    expect(() => adam.apply([one])).toThrow(/gradients/);
    adam.dispose();
    tf.dispose([...vars, one]);
  });

  it('leaves no tensor behind, per step or after dispose', () => {
    const base = tf.memory().numTensors;
    const { vars, adam } = setup();
    const grads = fx.steps[0].grads.map((g, i) => tf.tensor(g, fx.shapes[i]));
    adam.apply(grads);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) adam.apply(grads);
    expect(tf.memory().numTensors).toBe(before);
    adam.dispose();
    tf.dispose([...vars, ...grads]);
    expect(tf.memory().numTensors).toBe(base);
  });
});
