import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GUARD_OPTIONS,
  PolarizationGuard,
  finishGuard,
  judge,
  pairAuc,
  percentileIn,
  isWideTable,
  outliersToReach,
  warmupRecord,
  type GuardSample,
} from './guard';
import { guardedQuery } from './guardedQuery';
import { Rng } from '../rng';

const s = (polarized: number, warmup: number, label: 0 | 1, round = 2): GuardSample => ({ polarized, warmup, label, round });

describe('guard numerics', () => {
  it('percentile counts ties as half', () => {
    const scores = [1, 2, 2, 3];
    expect(percentileIn(scores, [0, 1, 2, 3], 3)).toBeCloseTo(0.875, 12);
    expect(percentileIn(scores, [0, 1, 2, 3], 1)).toBeCloseTo(0.5, 12);
    expect(percentileIn(scores, [], 0)).toBe(0.5);
  });
  it('pair AUC is the Mann-Whitney statistic', () => {
    expect(pairAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    expect(pairAuc([0.1, 0.5, 0.5, 0.9], [1, 1, 0, 0])).toBeCloseTo((0 + 0.5) / 4, 12);
    expect(pairAuc([0.3, 0.4], [0, 0])).toBeNull();
  });
});

describe('the outliers a confidence takes (a one-sided sign test)', () => {
  it('is the fewest m whose 2^-m is within 1 - confidence', () => {
    for (const c of [0.5, 0.6, 0.75, 0.8, 0.9, 0.95, 0.99, 0.999]) {
      const m = outliersToReach(c);
      // Independent of the formula: the smallest m with 0.5^m <= 1 - c, by counting.
      let k = 1;
      while (0.5 ** k > 1 - c + 1e-12) k++;
      expect(m).toBe(k);
    }
    expect(outliersToReach(0.8)).toBe(3);
    expect(outliersToReach(0.99)).toBe(7);
    expect(DEFAULT_GUARD_OPTIONS.minOutliers).toBe(outliersToReach(DEFAULT_GUARD_OPTIONS.confidence));
    expect(DEFAULT_GUARD_OPTIONS.adaptiveMinOutliers).toBe(outliersToReach(DEFAULT_GUARD_OPTIONS.adaptiveConfidence));
    expect(() => outliersToReach(1)).toThrow(RangeError);
    expect(() => outliersToReach(0)).toThrow(RangeError);
  });
  it('on a wide table, 3 outliers all for polarization win every resample and still decide nothing at 99%', () => {
    // Issue 16, MVTec cable and carpet, seed 500: 3 held-out outliers, each higher under the polarized ranking.
    const three = [...[0.9, 0.85, 0.8].map((p) => s(p, p - 0.3, 1)), ...Array.from({ length: 21 }, (_, k) => s(k / 30, k / 30, 0))];
    expect(judge(three, { ...DEFAULT_GUARD_OPTIONS, confidence: 0.99 }).support).toBe(1);
    const g = new PolarizationGuard([0]);
    g.samples.push(...three);
    const v = finishGuard(g, [0], [-1], 'adaptive');
    expect(v.choice).toBe('warmup');
    expect(v.reason).toContain('(it takes 7 outliers)');
    // Seven such outliers can decide it.
    const seven = [...Array.from({ length: 7 }, (_, k) => s(0.95 - k / 50, 0.6 - k / 50, 1)), ...three.slice(3)];
    const g7 = new PolarizationGuard([0]);
    g7.samples.push(...seven);
    expect(finishGuard(g7, [0], [-1], 'adaptive').choice).toBe('polarized');
    // Guard 'on' keeps its 80% and its 3.
    expect(finishGuard(g, [0], [-1], 'on').choice).toBe('polarized');
  });
});

describe('guard decisions on hand-made answers', () => {
  // Six outliers and twelve inliers answered after round 1.
  const rows = (pol: (o: boolean, k: number) => number, warm: (o: boolean, k: number) => number) => [
    ...Array.from({ length: 6 }, (_, k) => s(pol(true, k), warm(true, k), 1)),
    ...Array.from({ length: 12 }, (_, k) => s(pol(false, k), warm(false, k), 0)),
  ];
  it('keeps a clear improvement', () => {
    // Polarized: every outlier above every inlier; warm-up: interleaved.
    const v = judge(
      rows(
        (o, k) => (o ? 0.9 + k / 100 : 0.2 + k / 100),
        (o, k) => (o ? 0.3 + k / 10 : 0.05 + k / 15),
      ),
    );
    expect(v.choice).toBe('polarized');
    expect(v.polarizedAuc).toBe(1);
    expect(v.warmupAuc!).toBeLessThan(0.8);
    expect(v.support!).toBeGreaterThanOrEqual(0.95);
    expect(v.reason).toMatch(/^Kept the polarized ranking/);
  });
  it('rolls back on clear harm', () => {
    const v = judge(
      rows(
        (o, k) => (o ? 0.3 + k / 10 : 0.05 + k / 15),
        (o, k) => (o ? 0.9 + k / 100 : 0.2 + k / 100),
      ),
    );
    expect(v.choice).toBe('warmup');
    expect(v.support!).toBeLessThan(0.05);
    expect(v.reason).toMatch(/^Rolled back to the warm-up ranking/);
    expect(v.outliers).toBe(6);
    expect(v.inliers).toBe(12);
  });
  it('rolls back when the polarized ranking is only as good (no clear gain)', () => {
    const same = rows(
      (o, k) => (o ? 0.5 + k / 20 : 0.1 + k / 20),
      (o, k) => (o ? 0.5 + k / 20 : 0.1 + k / 20),
    );
    const v = judge(same);
    expect(v.polarizedAuc).toBe(v.warmupAuc);
    expect(v.support).toBe(0.5);
    expect(v.choice).toBe('warmup');
    expect(judge(same, { ...DEFAULT_GUARD_OPTIONS, confidence: 0.5 }).choice).toBe('polarized');
  });
  it('keeps the warm-up ranking when there are too few answers to tell', () => {
    expect(judge([]).choice).toBe('warmup');
    // No held-out outlier at all: nothing shows that polarization helped.
    const v = judge([s(0.9, 0.1, 0), s(0.8, 0.2, 0)]);
    expect(v.choice).toBe('warmup');
    expect(v.support).toBeNull();
    expect(v.reason).toMatch(/too few/);
  });
  it('two held-out outliers are too few, however well the polarized ranking places them', () => {
    // Issue 16: one or two outliers give the bootstrap one or three distinct draws of the outlier side, so a
    // single outlier's rank carried 80% verdicts that the test rows then contradicted.
    const few = (outliers: number) => [
      ...Array.from({ length: outliers }, (_, k) => s(0.95 + k / 100, 0.2 + k / 100, 1)),
      ...Array.from({ length: 22 }, (_, k) => s(0.1 + k / 30, 0.1 + k / 30, 0)),
    ];
    const two = judge(few(2));
    expect(two.choice).toBe('warmup');
    expect(two.support).toBeNull();
    expect(two.polarizedAuc).toBe(1);
    expect(two.reason).toMatch(/2 outlier and 22 inlier answers .* too few .*it takes 3 outliers/);
    const three = judge(few(3));
    expect(three.choice).toBe('polarized');
    expect(three.support!).toBeGreaterThanOrEqual(0.95);
    // The old threshold (one outlier) would have kept the polarized ranking on the same two answers.
    expect(judge(few(2), { ...DEFAULT_GUARD_OPTIONS, minOutliers: 1 }).choice).toBe('polarized');
  });
  it("the adaptive guard's own confidence decides a wide table", () => {
    // Polarization ahead on the held-out answers, but not overwhelmingly: 80% keeps it, 99% does not.
    const close = [
      ...[0.3, 0.4, 0.5, 0.56, 0.62].map((w) => s(w + 0.02, w, 1)),
      ...[0.7, 0.75, 0.8].map((w) => s(w - 0.02, w, 1)),
      ...Array.from({ length: 20 }, (_, k) => s(k / 25, k / 25, 0)),
    ];
    const g = new PolarizationGuard([0]);
    g.samples.push(...close);
    const support = judge(close).support!;
    expect(support).toBeGreaterThanOrEqual(0.8);
    expect(support).toBeLessThan(0.99);
    const lenient = { ...DEFAULT_GUARD_OPTIONS, adaptiveConfidence: 0.8 };
    const strict = DEFAULT_GUARD_OPTIONS;
    expect(strict.adaptiveConfidence).toBe(0.99);
    expect(finishGuard(g, [0], [-1], 'adaptive', lenient).choice).toBe('polarized');
    const strictVerdict = finishGuard(g, [0], [-1], 'adaptive');
    expect(strictVerdict.choice).toBe('warmup');
    // The sentence names the share it had and the share it takes.
    expect(strictVerdict.reason).toContain(`better on ${Math.round(support * 100)}% of resamples; it takes 99%`);
    // 'on' reads `confidence`, not the adaptive one.
    expect(finishGuard(g, [0], [-1], 'on', strict).choice).toBe('polarized');
    // A narrow table keeps the polarized ranking in adaptive mode whatever the answers say.
    expect(finishGuard(g, [0], [-1], 'adaptive', strict, false).choice).toBe('polarized');
  });
  it('is deterministic and leaves the samples alone', () => {
    const x = rows(
      (o, k) => (o ? 0.4 + k / 12 : 0.1 + k / 14),
      (o, k) => (o ? 0.35 + k / 11 : 0.12 + k / 13),
    );
    const copy = JSON.stringify(x);
    expect(judge(x)).toEqual(judge(x));
    expect(JSON.stringify(x)).toBe(copy);
  });
});

describe('PolarizationGuard', () => {
  // Six rows; the warm-up ranks rows 4 and 5 (the outliers to be) highest, the polarized scores invert it.
  const warm = [0.1, 0.2, 0.3, 0.4, 0.9, 0.8];
  const inverted = [0.9, 0.8, 0.7, 0.6, 0.1, 0.2];
  it('ignores round 1 (queried from the warm-up itself) and reads only the answers given', () => {
    const g = new PolarizationGuard(warm);
    const none = [-1, -1, -1, -1, -1, -1];
    g.observe(1, warm, none, [0, -1, -1, -1, 1, -1]);
    expect(g.samples.map((x) => x.polarized === x.warmup)).toEqual([true, true]);
    g.observe(2, inverted, [0, -1, -1, -1, 1, -1], [0, 0, -1, -1, 1, 1]);
    // Only rows 1 and 5 were newly answered; rows 0 and 4 were labeled before and are in-sample.
    expect(g.samples.filter((x) => x.round === 2).map((x) => x.label)).toEqual([0, 1]);
    const v = g.verdict();
    expect(v.choice).toBe('warmup');
    expect(v.polarizedAuc).toBe(0);
    expect(v.warmupAuc).toBe(1);
  });
  it('finishGuard with the guard off keeps the polarized ranking but says what it would do', () => {
    const g = new PolarizationGuard(warm);
    g.observe(2, inverted, [-1, -1, -1, -1, -1, -1], [0, 0, -1, -1, 1, 1]);
    const labels = [0, 0, -1, -1, 1, 1];
    const off = finishGuard(g, inverted, labels, 'off');
    expect(off.choice).toBe('polarized');
    expect(off.wouldRollBack).toBe(true);
    expect(off.inSample.polarized).toBe(0);
    expect(off.inSample.warmup).toBe(1);
    expect(finishGuard(g, inverted, labels, 'on').choice).toBe('warmup');
  });
});

describe('guardedQuery', () => {
  it('asks half the budget from each ranking, no row twice', () => {
    // 40 rows: the polarized scores put rows 0..3 on top, the warm-up rows 36..39.
    const n = 40;
    const pol = Float64Array.from({ length: n }, (_, i) => (i < 4 ? 10 + i : i / n));
    const warm = Float64Array.from({ length: n }, (_, i) => (i >= 36 ? 10 + i : i / n));
    const pool = Int32Array.from({ length: n }, (_, i) => i);
    const q = guardedQuery('CP', pol, warm, pool, 4, 0.4, new Rng(1));
    expect(q.rows).toHaveLength(4);
    expect(new Set(q.rows).size).toBe(4);
    // CP: the polarized half takes its top row, the warm-up half its own top row.
    expect(q.rows[0]).toBe(3);
    expect(q.rows[2]).toBe(39);
    const mm = guardedQuery('MM', pol, warm, pool, 6, 0.4, new Rng(1));
    expect(mm.rows).toHaveLength(6);
    expect(mm.posteriors).toHaveLength(6);
    for (const p of mm.posteriors!) expect(p).toBeGreaterThanOrEqual(0);
    // A budget of one leaves nothing for the warm-up: the plain query.
    expect(guardedQuery('CP', pol, warm, pool, 1, 0.4, new Rng(1)).rows).toEqual([3]);
  });
});

describe('the adaptive guard: the warm-up record on the answers', () => {
  // The warm-up's scores for 20 rows; the labels say which answers were given.
  const warm = Array.from({ length: 20 }, (_, i) => i / 20);
  const answered = (outliers: number[], inliers: number[]) => {
    const l = new Array<number>(20).fill(-1);
    for (const i of outliers) l[i] = 1;
    for (const i of inliers) l[i] = 0;
    return l;
  };
  it('shows the warm-up wrong when its answered outliers sit below its answered inliers', () => {
    const r = warmupRecord(warm, answered([0, 1, 2, 3], [15, 16, 17, 18, 19]));
    expect(r.auc).toBe(0);
    expect(r.wrongSupport).toBe(1);
    expect(r.wrong).toBe(true);
  });
  it('does not call a right or an undecided warm-up wrong, nor one without both classes answered', () => {
    expect(warmupRecord(warm, answered([16, 17, 18], [0, 1, 2, 3])).wrong).toBe(false);
    // Interleaved answers: AUC about 0.5, not clearly below it.
    const mixed = warmupRecord(warm, answered([1, 6, 11, 16], [3, 8, 13, 18, 0, 19]));
    expect(mixed.wrongSupport!).toBeGreaterThan(0.1);
    expect(mixed.wrong).toBe(false);
    const none = warmupRecord(warm, answered([], [1, 2, 3]));
    expect(none).toMatchObject({ auc: null, wrongSupport: null, wrong: false });
  });
  it('two answered outliers cannot show the warm-up wrong, however low it ranks them', () => {
    const two = warmupRecord(warm, answered([0, 1], [15, 16, 17, 18, 19]));
    expect(two.auc).toBe(0);
    expect(two).toMatchObject({ outliers: 2, wrongSupport: null, wrong: false });
    expect(warmupRecord(warm, answered([0, 1], [15, 16, 17, 18, 19]), { ...DEFAULT_GUARD_OPTIONS, minOutliers: 1 }).wrong).toBe(true);
    expect(warmupRecord(warm, answered([0, 1, 2], [15, 16, 17, 18, 19])).wrong).toBe(true);
  });
  it('with the warm-up shown wrong, thin held-out evidence keeps polarization instead of rolling back', () => {
    const wrong = warmupRecord(warm, answered([0, 1, 2, 3], [15, 16, 17, 18, 19]));
    // No held-out outlier after round 1: the plain guard keeps the warm-up, the adaptive one does not.
    const thin = [s(0.9, 0.1, 0), s(0.8, 0.2, 0)];
    expect(judge(thin).choice).toBe('warmup');
    const v = judge(thin, DEFAULT_GUARD_OPTIONS, wrong);
    expect(v.choice).toBe('polarized');
    expect(v.reason).toMatch(/warm-up ranking was wrong/);
  });
  it('still rolls back when the held-out answers show polarization clearly worse', () => {
    const wrong = warmupRecord(warm, answered([0, 1, 2, 3], [15, 16, 17, 18, 19]));
    const harm = [
      ...Array.from({ length: 6 }, (_, k) => s(0.05 + k / 100, 0.9 + k / 100, 1)),
      ...Array.from({ length: 12 }, (_, k) => s(0.5 + k / 30, 0.1 + k / 30, 0)),
    ];
    expect(judge(harm, DEFAULT_GUARD_OPTIONS, wrong).choice).toBe('warmup');
  });
  it("finishGuard reads the record only in adaptive mode, from the guard's own warm-up scores", () => {
    const g = new PolarizationGuard(warm);
    const labels = answered([0, 1, 2, 3], [15, 16, 17, 18, 19]);
    // The record's own confidence is the adaptive one: at 0.8 these answers show the warm-up wrong.
    const distrusting = { ...DEFAULT_GUARD_OPTIONS, adaptiveConfidence: 0.8, adaptiveMinOutliers: 3, adaptiveDistrust: true };
    const adaptive = finishGuard(g, warm, labels, 'adaptive', distrusting);
    expect(adaptive.choice).toBe('polarized');
    expect(adaptive.warmupRecord?.wrong).toBe(true);
    // With adaptiveDistrust off (the default) the record is still read and reported, but the warm-up stays the
    // fallback.
    expect(DEFAULT_GUARD_OPTIONS.adaptiveDistrust).toBe(false);
    const trusting = finishGuard(g, warm, labels, 'adaptive', { ...distrusting, adaptiveDistrust: false });
    expect(trusting.warmupRecord?.wrong).toBe(true);
    expect(trusting.choice).toBe('warmup');
    const on = finishGuard(g, warm, labels, 'on');
    expect(on.choice).toBe('warmup');
    expect(on.warmupRecord).toBeNull();
  });
});

describe('the adaptive guard: wide and narrow tables', () => {
  it('calls a table wide below 4 training rows per column', () => {
    expect(isWideTable(250, 512)).toBe(true);
    expect(isWideTable(2047, 512)).toBe(true);
    expect(isWideTable(2048, 512)).toBe(false);
    expect(isWideTable(89, 13)).toBe(false);
  });
  it('on a narrow table a thin or losing record keeps the polarized ranking; on a wide one it rolls back', () => {
    const warm = [0.1, 0.2, 0.3, 0.4, 0.9, 0.8];
    const inverted = [0.9, 0.8, 0.7, 0.6, 0.1, 0.2];
    const g = new PolarizationGuard(warm);
    g.observe(2, inverted, [-1, -1, -1, -1, -1, -1], [0, 0, -1, -1, 1, 1]);
    const labels = [0, 0, -1, -1, 1, 1];
    expect(finishGuard(g, inverted, labels, 'adaptive', DEFAULT_GUARD_OPTIONS, true).choice).toBe('warmup');
    const narrow = finishGuard(g, inverted, labels, 'adaptive', DEFAULT_GUARD_OPTIONS, false);
    expect(narrow.choice).toBe('polarized');
    expect(narrow.wouldRollBack).toBe(false);
    expect(narrow.reason).toMatch(/rows per column/);
    // 'on' ignores the shape.
    expect(finishGuard(g, inverted, labels, 'on', DEFAULT_GUARD_OPTIONS, false).choice).toBe('warmup');
  });
});
