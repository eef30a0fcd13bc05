import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { DenseAe } from './denseAe';
import { ghostProbe } from './ghostGrad';
import fixture from '../fixtures/ae-grads.json';

// Per-row gradients by torch autodiff, one backward per row (scripts/make_ae_grad_fixture.py).
function fixtureAe() {
  const { d, h, n } = fixture;
  const ae = new DenseAe({ d, h }, { dropout: 0.2, bnEps: 1e-5, bnMomentum: 0.1 }, new Rng(1), 0.02);
  fixture.params.forEach((p, i) => ae.params[i].set(p));
  const X = Float32Array.from(fixture.X);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const f = ae.forwardTrain(X, rows, new Rng(1), fixture.mask);
  return { ae, X, f };
}

const flat = (parts: Float64Array[]) => Float64Array.from(parts.flatMap((p) => Array.from(p)));

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  expect(worst).toBeLessThanOrEqual(tol * Math.max(1, scale));
}

describe('ghost gradients of the AE', () => {
  it('the forward pass and the batch gradient match torch', () => {
    const { ae, X, f } = fixtureAe();
    expectClose(f.s, fixture.s, 1e-5);
    const g = ae.backward(f, X, new Float64Array(fixture.n).fill(1 / fixture.n));
    expectClose(flat(g), fixture.meanGrad, 1e-5);
  });

  it('per-row norms and group sums match per-row autodiff, BatchNorm coupling included', () => {
    const { ae, X, f } = fixtureAe();
    const probe = Int32Array.from(fixture.probe);
    const g = ghostProbe(ae, f, X, probe);
    expectClose(g.norms, fixture.norms, 1e-5);
    expectClose(g.groupSum(fixture.groupA), fixture.sumA, 1e-5);
    expectClose(g.groupSum(fixture.groupB), fixture.sumB, 1e-5);
  });

  it('agrees with the brute-force per-row backward (one-hot weights) on a random net', () => {
    const rng = new Rng(3);
    const d = 6;
    const h = 9;
    const n = 40;
    const ae = new DenseAe({ d, h }, { dropout: 0.2, bnEps: 1e-5, bnMomentum: 0.1 }, rng, 0.3);
    const X = Float32Array.from({ length: n * d }, () => rng.normal());
    const rows = Int32Array.from({ length: n }, (_, i) => (i * 7) % n);
    const f = ae.forwardTrain(X, rows, rng);
    const probe = Int32Array.from([0, 5, 11, 20, 33, 39]);
    const ghost = ghostProbe(ae, f, X, probe);
    const perRow = Array.from(probe, (p) => {
      const coef = new Float64Array(n);
      coef[p] = 1;
      return flat(ae.backward(f, X, coef));
    });
    perRow.forEach((gr, j) => expect(ghost.norms[j]).toBeCloseTo(Math.hypot(...gr), 8));
    const sum = perRow[1].map((v, i) => v + perRow[4][i]);
    expectClose(ghost.groupSum([1, 4]), sum, 1e-9);
  });

  it('the batch gradient matches central finite differences', () => {
    const rng = new Rng(5);
    const d = 4;
    const h = 5;
    const n = 12;
    const ae = new DenseAe({ d, h }, { dropout: 0.2, bnEps: 1e-5, bnMomentum: 0.1 }, rng, 0.5);
    const X = Float32Array.from({ length: n * d }, () => rng.normal());
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const mask = Float64Array.from({ length: n * h }, () => (rng.next() < 0.2 ? 0 : 1.25));
    const coef = Float64Array.from({ length: n }, () => rng.next());
    const loss = () => ae.forwardTrain(X, rows, rng, mask).s.reduce((acc, s, i) => acc + coef[i] * s, 0);
    const g = ae.backward(ae.forwardTrain(X, rows, rng, mask), X, coef);
    for (let p = 0; p < 6; p++) {
      for (const i of [0, ae.params[p].length - 1]) {
        const keep = ae.params[p][i];
        const eps = 1e-2;
        ae.params[p][i] = keep + eps;
        const up = loss();
        ae.params[p][i] = keep - eps;
        const down = loss();
        ae.params[p][i] = keep;
        const fd = (up - down) / (Math.fround(keep + eps) - Math.fround(keep - eps));
        expect(Math.abs(fd - g[p][i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(g[p][i])));
      }
    }
  });
});
