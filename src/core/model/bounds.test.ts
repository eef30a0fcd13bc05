import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useCpu } from '../../../tests/tf-setup';
import { DEFAULT_CONFIG } from '../config';
import { Rng } from '../rng';
import { architectureFor } from './architecture';
import { cubo, negIwaeBound } from './bounds';
import { Iwae, newBatchStats } from './iwae';

beforeAll(useCpu);

/** Plain float64 forward pass of the same network, written independently of the TF.js graph. */
function bruteLogWeights(model: Iwae, x: number[][], eps: number[][][]): number[][] {
  const vals = model.stateVariables().map((v) => Array.from(v.dataSync()));
  const { inputDim: d, hidden, latent: l } = model.arch;
  const nh = hidden.length;
  const [encW, decW] = [vals.slice(0, nh), vals.slice(nh, 2 * nh)];
  const [encHead, encB, decHead, decB] = vals.slice(2 * nh, 2 * nh + 4);
  const bn = vals.slice(2 * nh + 4);
  const mm = (a: number[], w: number[], o: number) => Array.from({ length: o }, (_, c) => a.reduce((s, v, r) => s + v * w[r * o + c], 0));
  const clip = (v: number) => Math.min(2, Math.max(-6, v));
  const block = (a: number[], w: number[], o: number, b: number) => {
    const h = mm(a, w, o);
    return h.map((v, c) => {
      const n = (v - bn[2 * b][c]) / Math.sqrt(bn[2 * b + 1][c] + 1e-4);
      return n > 0 ? n : 0.01 * n;
    });
  };
  const decWidths = [l, ...[...hidden].reverse()];
  return eps.map((epsK) =>
    x.map((row, bi) => {
      let h = row;
      hidden.forEach((w, i) => (h = block(h, encW[i], w, i)));
      const out = mm(h, encHead, 2 * l);
      const mu = out.slice(0, l);
      const lv = out.slice(l).map((v, j) => clip(v + encB[j]));
      const z = mu.map((m, j) => m + epsK[bi][j] * Math.exp(lv[j] / 2));
      let g = z;
      decWidths.slice(1).forEach((w, i) => (g = block(g, decW[i], w, nh + i)));
      const dout = mm(g, decHead, 2 * d);
      let logPx = 0;
      for (let j = 0; j < d; j++) {
        const m = 1 / (1 + Math.exp(-dout[j]));
        const v = clip(dout[d + j] + decB[j]);
        logPx += -v - (row[j] - m) ** 2 / (2 * Math.exp(v));
      }
      const logPz = -0.5 * z.reduce((s, v) => s + v * v, 0);
      const logQz = lv.reduce((s, v, j) => s - v / 2 - (z[j] - mu[j]) ** 2 / (2 * Math.exp(v)), 0);
      return logPx + logPz - logQz;
    }),
  );
}

/**
 * Train-mode float64 forward pass: each BatchNorm layer normalised with the batch's own (biased)
 * statistics, the encoder over the B rows, the decoder over all K x B sample rows or (perSample)
 * separately over each importance sample's B rows. Returns log weights [K][B] and each layer's
 * statistics per normalised group.
 */
const chunk = <T>(a: T[], size: number): T[][] => Array.from({ length: a.length / size }, (_, i) => a.slice(i * size, (i + 1) * size));

function bruteTrain(model: Iwae, x: number[][], eps: number[][][], perSample: boolean) {
  const vals = model.stateVariables().map((v) => Array.from(v.dataSync()));
  const { inputDim: d, hidden, latent: l } = model.arch;
  const nh = hidden.length;
  const [encW, decW] = [vals.slice(0, nh), vals.slice(nh, 2 * nh)];
  const [encHead, encB, decHead, decB] = vals.slice(2 * nh, 2 * nh + 4);
  const mm = (a: number[], w: number[], o: number) => Array.from({ length: o }, (_, c) => a.reduce((s, v, r) => s + v * w[r * o + c], 0));
  const clip = (v: number) => Math.min(2, Math.max(-6, v));
  const stats: { mean: number[]; variance: number[] }[][] = [];
  const layer = (rows: number[][], w: number[], o: number, idx: number) => {
    const h = rows.map((r) => mm(r, w, o));
    const mean = Array.from({ length: o }, (_, c) => h.reduce((s, r) => s + r[c], 0) / h.length);
    const variance = Array.from({ length: o }, (_, c) => h.reduce((s, r) => s + (r[c] - mean[c]) ** 2, 0) / h.length);
    (stats[idx] ??= []).push({ mean, variance });
    return h.map((r) =>
      r.map((v, c) => {
        const n = (v - mean[c]) / Math.sqrt(variance[c] + 1e-4);
        return n > 0 ? n : 0.01 * n;
      }),
    );
  };
  let h = x;
  hidden.forEach((w, i) => (h = layer(h, encW[i], w, i)));
  const outs = h.map((r) => mm(r, encHead, 2 * l));
  const mu = outs.map((o) => o.slice(0, l));
  const lv = outs.map((o) => o.slice(l).map((v, j) => clip(v + encB[j])));
  const decWidths = [l, ...[...hidden].reverse()];
  const z = eps.map((epsK) => x.map((_, b) => mu[b].map((m, j) => m + epsK[b][j] * Math.exp(lv[b][j] / 2))));
  // Per sample: K layer passes of B rows; pooled: one pass over all K x B rows.
  const decode = (rows: number[][]) => {
    let g = rows;
    decWidths.slice(1).forEach((w, i) => (g = layer(g, decW[i], w, nh + i)));
    return g;
  };
  const decoded = perSample ? z.map(decode) : chunk(decode(z.flat()), x.length);
  const lw = eps.map((_, kk) =>
    x.map((row, b) => {
      const dout = mm(decoded[kk][b], decHead, 2 * d);
      let logPx = 0;
      for (let j = 0; j < d; j++) {
        const m = 1 / (1 + Math.exp(-dout[j]));
        const v = clip(dout[d + j] + decB[j]);
        logPx += -v - (row[j] - m) ** 2 / (2 * Math.exp(v));
      }
      const zb = z[kk][b];
      const logPz = -0.5 * zb.reduce((s, v) => s + v * v, 0);
      const logQz = lv[b].reduce((s, v, j) => s - v / 2 - (zb[j] - mu[b][j]) ** 2 / (2 * Math.exp(v)), 0);
      return logPx + logPz - logQz;
    }),
  );
  return { lw, stats };
}

function lse(v: number[]): number {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
}

describe('IWAE bounds', () => {
  const rng = new Rng(3);
  const arch = architectureFor(5);
  const model = new Iwae(arch, DEFAULT_CONFIG.model, rng);
  // Non-trivial running statistics, so eval mode is exercised for real.
  model.bn.forEach((s, i) => {
    s.mean.assign(tf.randomUniform(s.mean.shape, -0.2, 0.2, 'float32', i));
    s.variance.assign(tf.randomUniform(s.variance.shape, 0.5, 2, 'float32', i + 10));
  });
  const k = 4;
  const x = Array.from({ length: 6 }, () => Array.from({ length: 5 }, () => rng.next()));
  const eps = Array.from({ length: k }, () => x.map(() => Array.from({ length: arch.latent }, () => rng.normal())));

  it('log weights match a brute-force float64 forward pass', () => {
    const got = tf.tidy(() => model.logWeights(tf.tensor2d(x), tf.tensor3d(eps), 'eval').arraySync());
    const want = bruteLogWeights(model, x, eps);
    for (let kk = 0; kk < k; kk++) for (let b = 0; b < x.length; b++) expect(got[kk][b]).toBeCloseTo(want[kk][b], 3);
  });

  for (const decoderBn of ['pooled', 'per-sample'] as const) {
    it(`train mode (decoderBn ${decoderBn}): batch statistics and K running-stat updates match by hand`, () => {
      const m2 = new Iwae(arch, { ...DEFAULT_CONFIG.model, decoderBn }, new Rng(5));
      m2.bn.forEach((s, i) => s.mean.assign(tf.fill(s.mean.shape, 0.1 * i)));
      const stats = newBatchStats();
      const got = tf.tidy(() => m2.logWeights(tf.tensor2d(x), tf.tensor3d(eps), 'train', stats).arraySync());
      const want = bruteTrain(m2, x, eps, decoderBn === 'per-sample');
      for (let kk = 0; kk < k; kk++) for (let b = 0; b < x.length; b++) expect(got[kk][b]).toBeCloseTo(want.lw[kk][b], 3);
      // Running statistics: one PyTorch momentum update per normalised group, unbiased variance.
      const before = m2.bn.map((s) => [Array.from(s.mean.dataSync()), Array.from(s.variance.dataSync())]);
      const mom = DEFAULT_CONFIG.model.bnMomentum;
      const expected = want.stats.map((groups, i) => {
        let [mean, variance] = before[i];
        for (const g of groups) {
          const n = i < arch.hidden.length || decoderBn === 'per-sample' ? x.length : k * x.length;
          mean = mean.map((v, c) => (1 - mom) * v + mom * g.mean[c]);
          variance = variance.map((v, c) => (1 - mom) * v + mom * g.variance[c] * (n / (n - 1)));
        }
        return [mean, variance];
      });
      expect(want.stats.map((g) => g.length)).toEqual(decoderBn === 'per-sample' ? [1, 1, k, k] : [1, 1, 1, 1]);
      m2.updateRunningStats(stats);
      m2.bn.forEach((s, i) => {
        Array.from(s.mean.dataSync()).forEach((v, c) => expect(v).toBeCloseTo(expected[i][0][c], 4));
        Array.from(s.variance.dataSync()).forEach((v, c) => expect(v).toBeCloseTo(expected[i][1][c], 4));
      });
      m2.dispose();
    });
  }

  it('negative IWAE bound and CUBO (u = 2) match log-mean-exp by hand', () => {
    const want = bruteLogWeights(model, x, eps);
    const [neg, cu] = tf.tidy(() => {
      const lw = model.logWeights(tf.tensor2d(x), tf.tensor3d(eps), 'eval');
      return [Array.from(negIwaeBound(lw).dataSync()), Array.from(cubo(lw, 2).dataSync())];
    });
    x.forEach((_, b) => {
      const col = want.map((r) => r[b]);
      expect(neg[b]).toBeCloseTo(-(lse(col) - Math.log(k)), 3);
      expect(cu[b]).toBeCloseTo(0.5 * (lse(col.map((v) => 2 * v)) - Math.log(k)), 3);
      // CUBO bounds log p from above, the IWAE bound from below: CUBO >= -negIWAE.
      expect(cu[b]).toBeGreaterThanOrEqual(-neg[b] - 1e-4);
    });
  });

  it('stays finite for huge log weights (max-shifted)', () => {
    const lw = tf.tensor2d([
      [1000, -1000],
      [1001, -2000],
    ]);
    const n = negIwaeBound(lw).dataSync();
    const c = cubo(lw).dataSync();
    expect(n[0]).toBeCloseTo(-(1001 + Math.log(1 + Math.exp(-1)) - Math.log(2)), 3);
    expect(Number.isFinite(c[1])).toBe(true);
    expect(c[1]).toBeCloseTo(-1000 - 0.5 * Math.log(2), 3);
  });
});
