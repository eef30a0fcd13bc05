import { describe, expect, it } from 'vitest';
import {
  CANDIDATES,
  CURRENT_RULE,
  choose,
  criterionAuc,
  guardRules,
  leaveDatasetsOut,
  makeFolds,
  perSet,
  replay,
  stratifiedSample,
  wideConfidenceRules,
  type SelectRow,
  type SetScores,
} from '../bench/selection';
import { makeConfig } from '../src/core/config';
import { DEFAULT_GUARD_OPTIONS } from '../src/core/train/guard';
import { unaskedAuc } from '../bench/protocol';

const row = (candidate: string, dataset: string, seed: number, train: number, test: number, extra: Partial<SelectRow> = {}): SelectRow => ({
  candidate,
  family: 'classical',
  dataset,
  seed,
  rows: 100,
  n_train: 70,
  cols: 5,
  train_auc: train,
  test_auc: test,
  warmup_train_auc: null,
  warmup_test_auc: null,
  polarized_train_auc: null,
  polarized_test_auc: null,
  guard_samples: null,
  guard_choice: null,
  answered_warmup_auc: null,
  warmup_wrong: null,
  seconds: 1,
  ...extra,
});

describe('the selection grid', () => {
  it('every candidate is a valid configuration that pins the dimensions the grid varies', () => {
    for (const c of CANDIDATES) {
      const cfg = makeConfig(c.overrides);
      expect(cfg.imboost.guard).toBeDefined();
      expect(c.overrides.imboost?.warmupThreshold).toBeDefined();
      expect(c.overrides.model?.decoderBn).toBeDefined();
    }
    expect(new Set(CANDIDATES.map((c) => c.id)).size).toBe(CANDIDATES.length);
  });

  it('samples rows keeping the label shares, the same rows for the same seed', () => {
    const y = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const a = stratifiedSample(y, 200, 15);
    expect(a).toHaveLength(200);
    expect(Array.from(a).filter((i) => y[i] === 1)).toHaveLength(20);
    expect(Array.from(stratifiedSample(y, 200, 15))).toEqual(Array.from(a));
    expect(stratifiedSample(y, 5000, 15)).toHaveLength(1000);
  });
});

describe('leave-datasets-out', () => {
  it('means over the seeds every candidate ran on a set', () => {
    const sets = perSet([row('base', 'a', 100, 0.8, 0.7), row('base', 'a', 200, 0.6, 0.5), row('x', 'a', 100, 0.9, 0.9)], ['base', 'x']);
    expect(sets[0].seeds).toBe(1);
    expect(sets[0].train.base).toBe(0.8);
    // The same run recorded twice counts once.
    const twice = perSet([row('base', 'a', 100, 0.8, 0.7), row('base', 'a', 100, 0.8, 0.7), row('base', 'a', 200, 0.6, 0.5)], ['base']);
    expect(twice[0].train.base).toBeCloseTo(0.7, 12);
  });

  it('chooses by training AUC only: test AUCs cannot move the choice', () => {
    const train = [{ base: 0.8, x: 0.9 }];
    expect(choose(train, ['base', 'x'])).toBe('x');
    expect(choose([{ base: 0.8, x: 0.8 }], ['base', 'x'])).toBe('base');
    // A candidate that wins every test AUC but loses on training AUC is not chosen, and its held-out
    // number is reported for the sets where the other was chosen.
    const sets: SetScores[] = ['a', 'b', 'c', 'd', 'e'].map((d) => ({
      dataset: d,
      family: 'classical',
      seeds: 1,
      train: { base: 0.9, x: 0.7 },
      test: { base: 0.6, x: 0.99 },
    }));
    const r = leaveDatasetsOut(sets, ['base', 'x'], 5);
    expect(r.chosen).toEqual(['base', 'base', 'base', 'base', 'base']);
    expect(r.mean).toBeCloseTo(0.6, 12);
  });

  it('holds every set out exactly once, each fold mixing the families', () => {
    const sets: SetScores[] = Array.from({ length: 12 }, (_, i) => ({
      dataset: `s${i}`,
      family: i < 6 ? 'classical' : i < 10 ? 'embeddings' : 'more',
      seeds: 1,
      train: {},
      test: {},
    }));
    const folds = makeFolds(sets, 4);
    expect(folds.flat().sort()).toEqual(sets.map((s) => s.dataset).sort());
    for (const f of folds) expect(f.length).toBeGreaterThanOrEqual(3);
  });
});

describe('replayed guard rules', () => {
  // A run whose held-out answers favour polarization a little: the strict rule rolls back, a lenient one keeps it.
  const samples: SelectRow['guard_samples'] = [
    [0.9, 0.8, 1, 2],
    [0.7, 0.75, 1, 2],
    [0.3, 0.4, 0, 2],
    [0.5, 0.45, 0, 2],
    [0.2, 0.6, 0, 2],
  ];
  const r = row('base', 'a', 100, 0, 0, {
    guard_samples: samples,
    warmup_train_auc: 0.7,
    warmup_test_auc: 0.71,
    polarized_train_auc: 0.9,
    polarized_test_auc: 0.91,
  });
  it('ends with the AUCs of the ranking the rule keeps', () => {
    const rules = guardRules();
    expect(rules[0].id).toBe(CURRENT_RULE);
    const lenient = rules.find((x) => x.id === 'c0.5')!;
    expect(replay(r, lenient)).toEqual({ choice: 'polarized', train: 0.9, test: 0.91 });
    const strict = { ...lenient, confidence: 0.99 };
    expect(replay(r, strict)).toEqual({ choice: 'warmup', train: 0.7, test: 0.71 });
    // Wide table (70 rows, 5 columns: 14 rows per column < 20): the wide confidence applies.
    expect(replay(r, { ...lenient, wideBelow: 20, wideConfidence: 0.99 })!.choice).toBe('warmup');
    expect(replay(row('base', 'a', 100, 0, 0), lenient)).toBeNull();
    // Two held-out outliers: below a minimum of three they decide nothing, and the warm-up stays.
    expect(replay(r, { ...lenient, minOutliers: 3 })).toEqual({ choice: 'warmup', train: 0.7, test: 0.71 });
  });
  it("lists today's wide-table rule first, as the guard's defaults set it", () => {
    const first = wideConfidenceRules()[0];
    expect(first).toMatchObject({
      wideConfidence: DEFAULT_GUARD_OPTIONS.adaptiveConfidence,
      minOutliers: DEFAULT_GUARD_OPTIONS.adaptiveMinOutliers,
      wideBelow: DEFAULT_GUARD_OPTIONS.wideBelow,
      distrustWrongWarmup: DEFAULT_GUARD_OPTIONS.adaptiveDistrust,
    });
    expect(new Set(wideConfidenceRules().map((x) => x.id)).size).toBe(wideConfidenceRules().length);
  });
});

describe('what a choice reads', () => {
  it('the unasked criterion reads the AUC over rows never asked about, and falls back for older rows', () => {
    const r = row('base', 'a', 100, 0.95, 0.7, {
      warmup_train_auc: 0.8,
      polarized_train_auc: 0.97,
      unasked_train_auc: 0.72,
      warmup_unasked_train_auc: 0.79,
      polarized_unasked_train_auc: 0.72,
    });
    expect(criterionAuc(r, 'train')).toBe(0.95);
    expect(criterionAuc(r, 'unasked')).toBe(0.72);
    expect(criterionAuc(r, 'unasked', 'warmup')).toBe(0.79);
    expect(criterionAuc(r, 'train', 'polarized')).toBe(0.97);
    expect(criterionAuc(row('base', 'a', 100, 0.9, 0.7), 'unasked')).toBe(0.9);
    // The same two candidates: the full training AUC prefers b, which memorized its answers; unasked prefers a.
    const rows = [row('a', 's', 100, 0.9, 0.8, { unasked_train_auc: 0.85 }), row('b', 's', 100, 0.95, 0.7, { unasked_train_auc: 0.75 })];
    expect(
      choose(
        perSet(rows, ['a', 'b'], 'train').map((s) => s.train),
        ['a', 'b'],
      ),
    ).toBe('b');
    expect(
      choose(
        perSet(rows, ['a', 'b'], 'unasked').map((s) => s.train),
        ['a', 'b'],
      ),
    ).toBe('a');
  });
  it('unaskedAuc ranks only the rows left unlabeled', () => {
    const y = Uint8Array.from([1, 0, 1, 0, 0, 1]);
    const scores = [0.9, 0.1, 0.2, 0.8, 0.3, 0.7];
    // Rows 0 and 1 were asked; the rest: outliers 2 (0.2), 5 (0.7) against inliers 3 (0.8), 4 (0.3).
    expect(unaskedAuc(scores, y, [1, 0, -1, -1, -1, -1])).toBeCloseTo(1 / 4, 12);
    expect(unaskedAuc(scores, y, [1, -1, 1, -1, -1, 1])).toBeNull();
  });
});
