import { describe, expect, it } from 'vitest';
import { matrix } from '../data/matrix';
import { rocAuc } from '../metrics';
import { Rng } from '../rng';
import { forestClassifier } from './forestClassifier';
import { formatAuc } from './chooser';
import { meanOfRanks } from './mean';
import { blendPercentiles, rankPercentiles } from './ranks';
import { answersStage, CONTRAST_CANDIDATE, DEFAULT_STAGE, type AnswerClassifier } from './stack';

/** A 1-nearest-neighbour classifier; out of bag = leave one out. Small and exact, to test the stage alone. */
function nearest(): AnswerClassifier {
  let fitted: { X: Float32Array; y: Uint8Array; d: number } | null = null;
  const dist = (a: Float32Array, i: number, b: Float32Array, j: number, d: number) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += (a[i * d + k] - b[j * d + k]) ** 2;
    return s;
  };
  const vote = (X: Float32Array, i: number, skip: number) => {
    const f = fitted!;
    let best = Infinity;
    let label = 0;
    for (let j = 0; j < f.y.length; j++) {
      if (j === skip) continue;
      const s = dist(X, i, f.X, j, f.d);
      if (s < best) [best, label] = [s, f.y[j]];
    }
    return label + 1e-3 * Math.exp(-best); // nearer outliers a little higher
  };
  return {
    fit(X, n, d, y) {
      fitted = { X, y, d };
      return Float64Array.from({ length: n }, (_, i) => vote(X, i, i));
    },
    predict(X, n) {
      return Float64Array.from({ length: n }, (_, i) => vote(X, i, -1));
    },
  };
}

/** Inliers near (0.2, 0.2), outliers near (0.8, 0.8); a prior that ranks them the wrong way round. */
function table(n: number, seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const y = Uint8Array.from({ length: n }, (_, i) => (i % 8 === 0 ? 1 : 0));
  const data = new Float32Array(n * 2);
  y.forEach((l, i) => {
    data[2 * i] = (l ? 0.8 : 0.2) + 0.1 * (rnd() - 0.5);
    data[2 * i + 1] = (l ? 0.8 : 0.2) + 0.1 * (rnd() - 0.5);
  });
  const prior = Float64Array.from(y, (l) => (l ? 0.2 : 0.5) + 0.3 * rnd());
  return { X: matrix(n, 2, data), y, prior };
}

/** The chooser's pick alone, without the mean of the rankings or the label propagation after it. */
const PICK_ONLY = { ...DEFAULT_STAGE, propagationAnswers: 0, meanAnswers: 0 };
/** The chooser's pick, then the propagation: no mean of the rankings. */
const NO_MEAN = { ...DEFAULT_STAGE, meanAnswers: 0 };

function answersOf(y: Uint8Array, rows: number[]): Int8Array {
  const labels = new Int8Array(y.length).fill(-1);
  for (const r of rows) labels[r] = y[r];
  return labels;
}

describe('answersStage', () => {
  it('replaces a prior the answers show wrong, on the rows nobody was asked about and on new rows', () => {
    const { X, y, prior } = table(400, 3);
    const test = table(200, 9);
    const labels = answersOf(
      y,
      Array.from({ length: 40 }, (_, i) => i * 5),
    );
    const r = answersStage(X, test.X, { train: prior, test: test.prior }, labels, nearest, NO_MEAN);
    expect(r.choice.index).toBeGreaterThan(0);
    const unasked = [...y.keys()].filter((i) => labels[i] < 0);
    expect(
      rocAuc(
        unasked.map((i) => prior[i]),
        unasked.map((i) => y[i]),
      ),
    ).toBeLessThan(0.3);
    expect(
      rocAuc(
        unasked.map((i) => r.train[i]),
        unasked.map((i) => y[i]),
      ),
    ).toBeGreaterThan(0.95);
    expect(rocAuc(r.test!, test.y)).toBeGreaterThan(0.95);
  });

  it('keeps the prior when the answers are shuffled: they buy nothing', () => {
    const { X, y, prior } = table(400, 5);
    const rows = Array.from({ length: 40 }, (_, i) => i * 5);
    // The same rows answered, the answers permuted among them: they no longer say anything about the features.
    const truth = rows.map((r) => y[r]);
    const shuffled = [...truth.slice(17), ...truth.slice(0, 17)];
    const labels = new Int8Array(400).fill(-1);
    rows.forEach((r, i) => (labels[r] = shuffled[i]));
    const r = answersStage(X, null, { train: prior, test: null }, labels, nearest, PICK_ONLY);
    expect(r.choice.index).toBe(0);
    expect(Array.from(r.train)).toEqual(Array.from(prior));
  });

  it('keeps the propagation of shuffled answers out: it ranks the held-out answers no better than the pick', () => {
    const { X, y, prior: wrong } = table(400, 5);
    // A prior that ranks the rows the right way round (an inverted one gains from any noise, shuffled answers too).
    const prior = Float64Array.from(wrong, (p) => 1 - p);
    const rows = Array.from({ length: 40 }, (_, i) => i * 5);
    const truth = rows.map((r) => y[r]);
    const unasked = Array.from({ length: 400 }, (_, i) => i).filter((i) => !rows.includes(i));
    const auc = (s: ArrayLike<number>) =>
      rocAuc(
        unasked.map((i) => s[i]),
        unasked.map((i) => y[i]),
      );
    let kept = 0;
    const deltas: number[] = [];
    // Seeded shuffles of the 40 answers (a shift of this periodic table repeats itself every 8).
    const rng = new Rng(21);
    for (let k = 0; k < 16; k++) {
      const shuffled = [...truth];
      rng.shuffle(shuffled);
      const labels = new Int8Array(400).fill(-1);
      rows.forEach((r, i) => (labels[r] = shuffled[i]));
      const out = answersStage(X, null, { train: prior, test: null }, labels, nearest, NO_MEAN);
      const alone = answersStage(X, null, { train: prior, test: null }, labels, nearest, PICK_ONLY);
      if (out.propagation === 0) {
        kept++;
        expect(Array.from(out.train)).toEqual(Array.from(alone.train));
      }
      deltas.push(auc(out.train) - auc(alone.train));
    }
    // Shuffled answers buy nothing on average: kept out about half the time (7 of these 16), and where chance lets
    // them in the mean change of the never-asked rows' AUC stays within noise (+0.015 here).
    expect(kept).toBeGreaterThanOrEqual(6);
    expect(Math.abs(deltas.reduce((a, b) => a + b, 0) / deltas.length)).toBeLessThan(0.05);
    // The true answers: propagated, and the never-asked rows ranked far better than by the wrong prior.
    const right = answersStage(X, null, { train: wrong, test: null }, answersOf(y, rows), nearest, NO_MEAN);
    expect(right.propagation).toBe(0.5);
    expect(auc(right.train)).toBeGreaterThan(auc(wrong) + 0.5);
  });

  it('with the real forest too: right answers replace a wrong prior, shuffled ones keep it', () => {
    const { X, y, prior } = table(400, 11);
    const rows = Array.from({ length: 48 }, (_, i) => i * 8 + (i % 3));
    const right = answersStage(X, null, { train: prior, test: null }, answersOf(y, rows), forestClassifier(7), NO_MEAN);
    expect(right.choice.index).toBeGreaterThan(0);
    const truth = rows.map((r) => y[r]);
    for (const shift of [5, 13, 29]) {
      const labels = new Int8Array(400).fill(-1);
      rows.forEach((r, i) => (labels[r] = truth[(i + shift) % truth.length]));
      const kept = answersStage(X, null, { train: prior, test: null }, labels, forestClassifier(7), NO_MEAN);
      expect(kept.choice.index, `shift ${shift}: ${kept.choice.reason}`).toBe(0);
    }
  });

  it('takes a forced ranking whenever both kinds are answered, whatever the chooser would pick', () => {
    const { X, y, prior } = table(400, 11);
    const rows = Array.from({ length: 48 }, (_, i) => i * 8 + (i % 3));
    const stage = (force: 'prior' | 'forest' | 'blend') =>
      answersStage(X, null, { train: prior, test: null }, answersOf(y, rows), forestClassifier(7), { ...PICK_ONLY, force });
    const free = answersStage(X, null, { train: prior, test: null }, answersOf(y, rows), forestClassifier(7), PICK_ONLY);
    expect(free.choice.id).not.toBe('prior');
    const kept = stage('prior');
    expect(kept.choice.id).toBe('prior');
    expect(Array.from(kept.train)).toEqual(Array.from(prior));
    expect(stage('forest').choice.id).toBe('forest');
    expect(stage('blend').choice.id).toBe('blend');
    expect(rocAuc(stage('forest').train, y)).toBeGreaterThan(0.95);
    // One kind only: nothing to judge or force, the prior stands.
    expect(
      answersStage(X, null, { train: prior, test: null }, answersOf(y, [1, 2, 3]), forestClassifier(7), { ...PICK_ONLY, force: 'forest' })
        .choice.id,
    ).toBe('prior');
  });

  it('keeps the prior with fewer than 3 answers of a kind, without fitting', () => {
    const { X, y, prior } = table(100, 1);
    const labels = answersOf(y, [0, 1, 2, 3]);
    const fits: number[] = [];
    const r = answersStage(
      X,
      null,
      { train: prior, test: null },
      labels,
      () => ({
        fit: () => (fits.push(1), new Float64Array()),
        predict: () => new Float64Array(),
      }),
      { ...DEFAULT_STAGE, rule: { minPerClass: 3 } },
    );
    expect(fits).toEqual([]);
    expect(r.choice.reason).toMatch(/it takes 3 of each/);
  });
});

describe('answersStage with another ranking as a candidate: the contrast stage, the label-free ranking', () => {
  /** Features of pure noise (no forest can learn them), a random prior, and a contrast ranking that knows the outliers. */
  function noisy(n: number, seed: number) {
    let s = seed;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const y = Uint8Array.from({ length: n }, (_, i) => (i % 8 === 0 ? 1 : 0));
    const X = matrix(n, 2, Float32Array.from({ length: 2 * n }, rnd));
    return { X, y, prior: Float64Array.from(y, rnd), contrast: Float64Array.from(y, (l) => l + 0.5 * rnd()) };
  }
  /** Every fifth row of a answered from the truth: 80 answers, 10 of them outliers. */
  const everyFifth = (a: { y: Uint8Array }) =>
    answersOf(
      a.y,
      Array.from({ length: 80 }, (_, i) => i * 5),
    );

  it('is chosen when it ranks the held-out answers best, and its train and test scores are returned', () => {
    const a = noisy(400, 5);
    const t = noisy(100, 6);
    const labels = everyFifth(a);
    const out = answersStage(a.X, t.X, { train: a.prior, test: t.prior }, labels, nearest, PICK_ONLY, [
      { id: 'contrast', name: CONTRAST_CANDIDATE, train: a.contrast, test: t.contrast },
    ]);
    expect(out.choice.index).toBe(3);
    expect(out.choice.aucs).toHaveLength(4);
    expect(out.choice.reason).toContain('contrast');
    expect(Array.from(out.train)).toEqual(Array.from(a.contrast));
    expect(Array.from(out.test!)).toEqual(Array.from(t.contrast));
  });

  it('is not chosen when it ranks the answers worse than the prior', () => {
    const a = noisy(400, 5);
    const labels = everyFifth(a);
    const inverted = Float64Array.from(a.contrast, (v) => -v);
    const out = answersStage(a.X, null, { train: a.contrast, test: null }, labels, nearest, NO_MEAN, [
      { id: 'contrast', name: CONTRAST_CANDIDATE, train: inverted, test: null },
    ]);
    expect(out.choice.index).not.toBe(3);
  });

  it('takes the label-free ranking after an outlier too, when it ranks the held-out answers best', () => {
    const a = noisy(400, 5);
    const t = noisy(100, 6);
    const labels = everyFifth(a);
    const labelFree = { id: 'cosine' as const, name: 'cosine kNN', train: a.contrast, test: t.contrast };
    const prior = { train: a.prior, test: t.prior, labelFree };
    const out = answersStage(a.X, t.X, prior, labels, nearest, PICK_ONLY);
    expect(out.choice.id).toBe('cosine');
    expect(out.choice.aucs).toHaveLength(4);
    expect(out.choice.reason).toMatch(/^Ranked by cosine kNN: on your 80 answers/);
    expect(Array.from(out.test!)).toEqual(Array.from(t.contrast));
    // Off: the prior, the forest and their blend only.
    const off = answersStage(a.X, t.X, prior, labels, nearest, { ...PICK_ONLY, labelFreeCandidate: false });
    expect(off.choice.aucs).toHaveLength(3);
    expect(off.choice.id).not.toBe('cosine');
  });
});

describe('answersStage with few answers: the mean rank of the rankings', () => {
  /** A table, a prior the right way round, a label-free ranking, and `count` answers spread over the rows. */
  function setting(count: number) {
    const { X, y, prior: wrong } = table(400, 5);
    const prior = Float64Array.from(wrong, (p) => 1 - p);
    const lf = Float64Array.from(y, (l, i) => l + ((i * 7919) % 101) / 60);
    const rows = Array.from({ length: count }, (_, i) => Math.floor((i * 400) / count) + (i % 3));
    return { X, y, prior, labelFree: { id: 'iforest' as const, name: 'IsolationForest (no answers needed)', train: lf, test: null }, rows };
  }

  it('ranks by the mean of the prior, the forest and the label-free ranking up to 20 answers, and says so', () => {
    const { X, y, prior, labelFree, rows } = setting(16);
    const stage = { train: prior, test: null, labelFree };
    const opts = { ...DEFAULT_STAGE, propagationAnswers: 0 };
    const out = answersStage(X, null, stage, answersOf(y, rows), nearest, opts);
    expect(out.choice.id).toBe('mean');
    expect(out.choice.aucs).toHaveLength(5); // the prior, the forest, the blend, the label-free ranking, the mean
    expect(out.choice.reason).toMatch(
      /^Ranked by the mean rank of the model’s score, a forest on your answers and IsolationForest \(no answers needed\): with 16 answers \(up to 20\)/,
    );
    // The forest's own ranks, held out where it was fitted: the forced forest of the same stage.
    const forest = answersStage(X, null, stage, answersOf(y, rows), nearest, { ...PICK_ONLY, force: 'forest' }).train;
    const mean = meanOfRanks([rankPercentiles(prior), rankPercentiles(forest), rankPercentiles(labelFree.train)]);
    expect(Array.from(out.train)).toEqual(Array.from(rankPercentiles(mean)));
  });

  it('mixes the mean into the pick with weight 20 / answers after 20 answers; the pick alone with the mean off', () => {
    const { X, y, prior, labelFree, rows } = setting(40);
    const stage = { train: prior, test: null, labelFree };
    const labels = answersOf(y, rows);
    const opts = { ...DEFAULT_STAGE, propagationAnswers: 0 };
    const out = answersStage(X, null, stage, labels, nearest, opts);
    const pick = answersStage(X, null, stage, labels, nearest, PICK_ONLY);
    expect(out.choice.id).toBe(pick.choice.id);
    // The sentence gives the mix's own held-out AUC, the one the stage returns (and the curve shows), and its share.
    expect(out.choice.meanShare).toBe(0.5);
    expect(out.auc).toBe(out.choice.aucs[out.choice.aucs.length - 1]);
    expect(out.choice.reason).toBe(
      pick.choice.reason +
        ' With 40 answers the ranking is 0.50 this pick and 0.50 the mean rank of the model’s score, a forest on your answers ' +
        `and IsolationForest (no answers needed) (the mean alone up to 20 answers, then 20 over the answers). ` +
        `On your answers, each held out of its own fit, this ranking has AUC ${formatAuc(out.auc)}.`,
    );
    expect(pick.choice.meanShare).toBeUndefined();
    const forest = answersStage(X, null, stage, labels, nearest, { ...PICK_ONLY, force: 'forest' }).train;
    const mean = meanOfRanks([rankPercentiles(prior), rankPercentiles(forest), rankPercentiles(labelFree.train)]);
    const expected = blendPercentiles(rankPercentiles(mean), rankPercentiles(pick.train), 0.5);
    expect(Array.from(out.train)).toEqual(Array.from(expected));
  });

  it('buys nothing with shuffled answers, and costs less than the pick alone; the true answers buy much', () => {
    const { X, y, prior: sharp, labelFree, rows } = setting(16);
    // A prior the right way round but blurred (AUC about 0.8), so that answers could buy something.
    const prior = Float64Array.from(sharp, (p, i) => p + 0.45 * (((i * 2654435761) % 1000) / 1000));
    const stage = { train: prior, test: null, labelFree: { ...labelFree, train: prior.map((p, i) => p + 0.2 * ((i * 7) % 11)) } };
    const unasked = [...y.keys()].filter((i) => !rows.includes(i));
    const auc = (s: ArrayLike<number>) =>
      rocAuc(
        unasked.map((i) => s[i]),
        unasked.map((i) => y[i]),
      );
    const truth = rows.map((r) => y[r]);
    const rng = new Rng(33);
    const deltas: number[] = [];
    const pickDeltas: number[] = [];
    for (let k = 0; k < 16; k++) {
      const shuffled = [...truth];
      rng.shuffle(shuffled);
      const labels = new Int8Array(400).fill(-1);
      rows.forEach((r, i) => (labels[r] = shuffled[i]));
      deltas.push(auc(answersStage(X, null, stage, labels, nearest).train) - auc(prior));
      pickDeltas.push(auc(answersStage(X, null, stage, labels, nearest, NO_MEAN).train) - auc(prior));
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    // None of the 16 shuffles lifts the never-asked rows above the blurred prior (AUC 0.90). They cost: -0.15 on
    // average with the mean; the pick alone costs more (-0.24, down to -0.66), as 2 shuffled "outliers" among 16
    // answers let chance pick a ranking they do not support.
    expect(Math.max(...deltas)).toBeLessThan(0.01);
    expect(mean(deltas)).toBeGreaterThan(mean(pickDeltas));
    // The true answers: the never-asked rows ranked far better than by the prior.
    const right = answersStage(X, null, stage, answersOf(y, rows), nearest);
    expect(auc(right.train)).toBeGreaterThan(auc(prior) + 0.05);
  });
});
