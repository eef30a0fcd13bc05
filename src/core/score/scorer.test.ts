import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useCpu } from '../../../tests/tf-setup';
import { makeConfig } from '../config';
import { describeReport, encodeTable } from '../data/featureEncoding';
import { buildFeatures, inferSchema, tableFromParsed, type TableSource } from '../data/schema';
import { parseDelimited } from '../data/csv';
import { fitMinMax, minMaxScale } from '../data/scale';
import { intakeError } from '../data/testing';
import { negIwaeBound } from '../model/bounds';
import { TfTrainContext } from '../train/tfContext';
import { unlabeledStep } from '../train/trainContext';
import { Rng } from '../rng';
import { scorerFromRun } from './fromRun';
import { prepareRows, scoreEncoded, ScorerError } from './scorer';

beforeAll(useCpu);

/** A table with every kind of column and gaps: numbers (some missing), a date with parts, a capped category. */
function mixedTable(n: number, seed: number): string {
  const rng = new Rng(seed);
  const lines = ['id,amount,when,city,score'];
  for (let i = 0; i < n; i++) {
    const amount = rng.next() < 0.1 ? '' : (rng.normal() * 10 + 50).toFixed(3);
    const day = String(1 + rng.int(28)).padStart(2, '0');
    const when = rng.next() < 0.05 ? '' : `2024-03-${day}T${String(rng.int(24)).padStart(2, '0')}:00`;
    const city = rng.next() < 0.05 ? '' : `c${Math.floor(rng.next() ** 2 * 30)}`;
    lines.push(`${i},${amount},${when},${city},${(rng.next() * 3).toFixed(2)}`);
  }
  return lines.join('\n');
}

function features(text: string) {
  const src = tableFromParsed(parseDelimited(text));
  const columns = inferSchema(src).columns.map((c) => (c.kind === 'date' ? { ...c, dateParts: { weekday: true, hour: true } } : c));
  return { src, columns, f: buildFeatures(src, columns, null, { maxCategories: 8 }) };
}

const config = makeConfig({ seed: 11, model: { hidden: [12, 6], latent: 3 } });

type Features = ReturnType<typeof features>['f'];

/** The scorer of a run on these features with the given weights (k: its samples, as scorerFromRun). */
function scorerOf(f: Features, state: Float32Array[], k?: number) {
  return scorerFromRun({ scale: fitMinMax(f.X), columns: f.encoding, featureNames: f.featureNames, config, state }, k);
}

/** The scorer with the initial weights: for what does not depend on training (preprocessing, shapes). */
function untrainedScorer(f: Features) {
  return scorerOf(f, initialState(f.X.cols));
}

describe('deterministic scorer: preprocessing', () => {
  it('encodes the training table into exactly the run\u2019s own (scaled) features', () => {
    const { src, f } = features(mixedTable(300, 1));
    expect(f.featureNames.some((n) => n === 'city=(other)')).toBe(true);
    expect(f.featureNames).toContain('when:hour');
    const { X, report } = encodeTable(src, f.encoding);
    expect(X.cols).toBe(f.X.cols);
    expect(report.filled.size).toBeGreaterThan(0); // the gaps are NaN until the scorer fills them
    const m = untrainedScorer(f);
    const mine = prepareRows(m, X);
    const theirs = minMaxScale(f.X);
    expect(Array.from(mine.data)).toEqual(Array.from(theirs.data));
  });

  it('names missing columns, refuses a retyped one and reports extra columns and unseen categories', () => {
    const { f } = features(mixedTable(120, 2));
    const table = (t: string): TableSource => tableFromParsed(parseDelimited(t));
    const dropped = mixedTable(40, 3).replace(/^id,amount,/, 'id,amt,');
    expect(intakeError(() => encodeTable(table(dropped), f.encoding)).message).toMatch(
      /lacks the column the model was trained on: 'amount'/,
    );
    const retyped = mixedTable(40, 4)
      .split('\n')
      .map((l, i) => (i === 0 ? l : l.replace(/^(\d+),[^,]*,/, '$1,high,')))
      .join('\n');
    expect(intakeError(() => encodeTable(table(retyped), f.encoding)).message).toMatch(
      /'amount' \(numeric in the training table\) holds only text/,
    );
    const fresh = mixedTable(40, 5)
      .split('\n')
      .map((l, i) => (i === 0 ? `${l},extra` : `${l.replace(/,c\d+,/, i === 1 ? ',Atlantis,' : ',c0,')},1`))
      .join('\n');
    const { report } = encodeTable(table(fresh), f.encoding);
    const said = describeReport(report).join(' ');
    expect(said).toMatch(/column\(s\) the model does not use were ignored: 'id', 'extra'/);
    expect(said).toMatch(/'city': 1 cell\(s\) with categories the training table did not have \('Atlantis'\)/);
  });

  it('refuses a matrix of the wrong width', () => {
    const { f } = features(mixedTable(60, 6));
    const m = untrainedScorer(f);
    expect(() => scoreEncoded(m, { data: new Float32Array(6), rows: 2, cols: 3 })).toThrow(ScorerError);
    expect(() => scoreEncoded(m, { data: new Float32Array(6), rows: 2, cols: 3 })).toThrow(/reads \d+ feature columns; this matrix has 3/);
  });
});

/** A trained context's state for a model of d inputs (a few updates, so BatchNorm's running statistics move). */
let ctx: TfTrainContext | null = null;
function initialState(d: number): Float32Array[] {
  const c = new TfTrainContext({ data: new Float32Array(20 * d).map((_, i) => (i * 0.37) % 1), rows: 20, cols: d }, config, 3);
  const s = c.model.stateVariables().map((v) => Float32Array.from(v.dataSync()));
  c.dispose();
  return s;
}

describe('deterministic scorer: the network', () => {
  it('equals the TF.js model in eval mode fed the same noise for every row', async () => {
    const { src, f } = features(mixedTable(200, 7));
    const scaled = minMaxScale(f.X);
    ctx = new TfTrainContext(scaled, config, 5);
    for (let i = 0; i < 6; i++)
      await ctx
        .step(
          unlabeledStep(
            ctx.sample(
              Int32Array.from({ length: 200 }, (_, r) => r),
              64,
            ),
            2,
          ),
        )
        .loss.read();
    const state = (await ctx.readState()).state;
    const m = scorerOf(f, state, 5);
    const mine = scoreEncoded(m, encodeTable(src, f.encoding).X);
    const l = m.arch.latent;
    const theirs = tf.tidy(() => {
      const eps = tf.tile(tf.reshape(tf.tensor(m.noise), [m.k, 1, l]), [1, scaled.rows, 1]) as tf.Tensor3D;
      return negIwaeBound(ctx!.model.logWeights(tf.tensor2d(scaled.data, [scaled.rows, scaled.cols]), eps, 'eval')).dataSync();
    });
    ctx.dispose();
    for (let i = 0; i < mine.length; i++) expect(Math.abs(mine[i] - theirs[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(theirs[i])));
    // Deterministic: the same rows again, and one row alone, score the same.
    expect(Array.from(scoreEncoded(m, encodeTable(src, f.encoding).X))).toEqual(Array.from(mine));
    const one = encodeTable(src, f.encoding).X;
    expect(scoreEncoded(m, { data: one.data.slice(3 * one.cols, 4 * one.cols), rows: 1, cols: one.cols })[0]).toBe(mine[3]);
  });
});
