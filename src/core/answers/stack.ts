/**
 * The answers' stage of a run: a classifier fitted on the answered rows over the features plus the rankings' ranks
 * (stacking, as XGBOD does with detector scores), optionally the lowest-ranked unanswered rows as likely inliers (off
 * by default: they cost accuracy once the rounds ask random rows too), and a chooser that keeps the prior, the
 * classifier, their blend, the label-free ranking or another (the contrast stage) by how each ranks the answers held
 * out of its own fit (answers/chooser.ts). While the answers hold no outlier, the label-free ranking stands
 * (answers/labelFree.ts).
 */
import type { Matrix } from '../data/matrix';
import { RANKING_NAMES, type RankingChoice } from '../session';
import { answersAuc, chooseRanking, DEFAULT_CHOOSER, formatAuc, type Choice, type ChooserRule, type RankingCandidate } from './chooser';
import { blendPercentiles, percentileAgainst, rankOrder, rankPercentiles } from './ranks';
import { MEAN_ANSWERS, meanMembers, meanNote, meanOfRanks, meanReason, meanWeight, towardMean, type RankedRows } from './mean';
import { propagate, propagateRows, propagationNote, propagationOf, PROPAGATION_ANSWERS } from './propagate';

/** A classifier of answered rows; any forest-like learner with out-of-bag predictions fits. */
export interface AnswerClassifier {
  /** Fits on n rows of d columns (row-major); returns each fitted row's out-of-bag outlier probability (NaN: none). */
  fit(X: Float32Array, n: number, d: number, y: Uint8Array, weights: Float64Array | null): Float64Array;
  /** Outlier probability of n rows of the same d columns. */
  predict(X: Float32Array, n: number): Float64Array;
}

export interface StageOptions {
  /** Likely inliers added per answer, taken from the rows the prior ranks lowest (0 = answers only). */
  pseudoInliers: number;
  /** Weight of the prior's rank in the blend. */
  blendWeight: number;
  rule: ChooserRule;
  /** The prior's rank is a column of the forest (stacking); else the forest reads the features alone. */
  priorColumn: boolean;
  /** The other label-free rankings' ranks are columns of the forest too. */
  stackOthers: boolean;
  /** The other rankings are candidates of the chooser on their own. */
  othersAsCandidates: boolean;
  /** The label-free ranking (StagePrior.labelFree) stays a candidate once the answers hold an outlier. */
  labelFreeCandidate: boolean;
  /** A ranking taken whenever the answers hold both kinds (null: the chooser's pick); for studies of the chooser. */
  force: 'prior' | 'forest' | 'blend' | null;
  /** Label propagation's full weight up to this many answers, fading after (answers/propagate.ts); 0 = off. */
  propagationAnswers: number;
  /** The propagation is kept only if it ranks the held-out answers at least as well as the pick alone. */
  propagationGuard: boolean;
  /** The kernel's width and the propagation's weight as multiples of their defaults; for studies of the propagation. */
  propagationScale: { width: number; weight: number };
  /**
   * With this many answers or fewer the ranking is the mean rank of the model's score, the forest and the label-free
   * ranking; with more, mixed into the chooser's pick with weight meanAnswers / answers (answers/mean.ts); 0 = off.
   */
  meanAnswers: number;
}

/**
 * No likely inliers, one outlier enough to judge, the label-free ranking a candidate, the mean of the rankings and the
 * guarded propagation at full weight up to 20 answers: chosen leave-datasets-out (docs/benchmarks.md).
 */
export const DEFAULT_STAGE: StageOptions = {
  pseudoInliers: 0,
  blendWeight: 0.5,
  rule: DEFAULT_CHOOSER,
  priorColumn: true,
  stackOthers: false,
  othersAsCandidates: true,
  labelFreeCandidate: true,
  force: null,
  propagationAnswers: PROPAGATION_ANSWERS,
  propagationGuard: true,
  propagationScale: { width: 1, weight: 1 },
  meanAnswers: MEAN_ANSWERS,
};

/**
 * A ranking computed apart from the run (IsolationForest, cosine kNN, the contrast stage): label-free, or with each
 * answered row's score made without its own answer, so the chooser can judge it on the answers.
 */
export interface OtherRanking {
  id: RankingChoice;
  name: string;
  train: ArrayLike<number>;
  test: ArrayLike<number> | null;
}

export const CONTRAST_CANDIDATE = 'the contrast stage (an encoder on the rows ranked most normal; nearest clean row)';

/** The run's own score and what the stage judges it by. */
export interface StagePrior {
  train: ArrayLike<number>;
  test: ArrayLike<number> | null;
  /**
   * A label-free score to judge the prior by on the answers (the warm-up's, before any answer): a model trained
   * on the answers ranks them well in sample, which says nothing of the rows nobody answered. Default: train.
   */
  judge?: ArrayLike<number> | null;
  /**
   * The ranking that stands while the answers hold no outlier (answers/labelFree.ts; default: the prior), and a
   * candidate after (StageOptions.labelFreeCandidate).
   */
  labelFree?: OtherRanking | null;
}

export interface StageResult {
  train: Float64Array;
  test: Float64Array | null;
  choice: Choice;
  /** AUC on the answers of the ranking returned, each answer held out of its own fit (null: one kind only). */
  auc: number | null;
  /** The label propagation's weight in it (0: none). */
  propagation: number;
}

/** The chooser's pick before the propagation, with the picked ranking's held-out scores. */
interface Picked {
  train: ArrayLike<number>;
  test: ArrayLike<number> | null;
  heldOut: ArrayLike<number>;
  choice: Choice;
  /** The picked ranking's rank percentiles when the pick already computed them (the propagation starts from them). */
  ranks?: ArrayLike<number>;
}

/** The features with one more column per rank vector (each in [0, 1] per row). */
function withRanks(X: Matrix, rows: ArrayLike<number> | null, ranks: readonly ArrayLike<number>[]): Float32Array {
  const n = rows ? rows.length : X.rows;
  const d = X.cols;
  const w = d + ranks.length;
  const out = new Float32Array(n * w);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    out.set(X.data.subarray(r * d, r * d + d), i * w);
    for (let k = 0; k < ranks.length; k++) out[i * w + d + k] = ranks[k][r];
  }
  return out;
}

/** The forest's and the blend's candidates (after the prior's, before the others'), named as the panel names them. */
const FOREST = { id: 'forest', name: RANKING_NAMES.forest } as const;
const BLEND = { id: 'blend', name: RANKING_NAMES.blend } as const;

/**
 * Ranks the training rows (and the test rows) by what the answers support best: the chooser's pick, moved toward
 * the answers' neighbours. `labels` holds -1 (not asked), 0 (inlier) or 1 (outlier) per training row; `prior` is
 * the run's own score (higher = more anomalous).
 */
export function answersStage(
  train: Matrix,
  test: Matrix | null,
  prior: StagePrior,
  labels: ArrayLike<number>,
  classifier: () => AnswerClassifier,
  opts: StageOptions = DEFAULT_STAGE,
  others: readonly OtherRanking[] = [],
): StageResult {
  const picked = pickRanking(train, test, prior, labels, classifier, opts, others);
  return withFinalAuc(withPropagation(train, test, labels, picked, opts));
}

/** answersStage's arguments, all given. */
type StageArgs = [
  train: Matrix,
  test: Matrix | null,
  prior: StagePrior,
  labels: ArrayLike<number>,
  classifier: () => AnswerClassifier,
  opts: StageOptions,
  others: readonly OtherRanking[],
];

/** The chooser's pick among the prior, the forest on the answers, their blend and the other rankings. */
function pickRanking(...[train, test, prior, labels, classifier, opts, others]: StageArgs): Picked {
  const n = train.rows;
  const answered: number[] = [];
  for (let r = 0; r < n; r++) if (labels[r] === 0 || labels[r] === 1) answered.push(r);
  const answers = { rows: answered, labels: answered.map((r) => labels[r] as 0 | 1) };
  const keep = (src: { train: ArrayLike<number>; test: ArrayLike<number> | null }, choice: Choice, heldOut: ArrayLike<number>): Picked => ({
    train: src.train,
    test: src.test,
    heldOut,
    choice,
  });
  const judge = prior.judge ?? prior.train;
  const priorCandidate: RankingCandidate = { id: 'prior', name: RANKING_NAMES.prior, heldOut: judge };
  const outliers = answers.labels.reduce<number>((a, l) => a + l, 0);
  const free = prior.labelFree;
  // No outlier to learn from: the model has had nothing to separate, a label-free detector ranks better.
  if (outliers === 0 && free)
    return keep(free, chooseRanking([{ id: free.id, name: free.name, heldOut: free.train }], answers, opts.rule), free.train);
  if (Math.min(outliers, answered.length - outliers) < opts.rule.minPerClass)
    return keep(prior, chooseRanking([priorCandidate], answers, opts.rule), judge);

  const order = rankOrder(prior.train);
  const pr = rankPercentiles(prior.train, order);
  const stacked = opts.stackOthers ? others.filter((o) => o.test || !test) : [];
  const ranks = [...(opts.priorColumn ? [pr] : []), ...stacked.map((o) => rankPercentiles(o.train))];
  // Likely inliers: the unanswered rows the prior ranks lowest, only while the answers say the prior ranks better
  // than chance (a prior the answers show inverted has outliers at its low end).
  const asked = new Set(answered);
  const trusted = (answersAuc(judge, answers) ?? 0) > 0.5;
  const take = trusted ? Math.min(Math.round(opts.pseudoInliers * answered.length), n >> 1) : 0;
  const pseudo: number[] = [];
  for (let i = 0; i < n && pseudo.length < take; i++) if (!asked.has(order[i])) pseudo.push(order[i]);
  const fitRows = [...answered, ...pseudo];
  const y = Uint8Array.from(fitRows, (r, i) => (i < answered.length ? (labels[r] as number) : 0));
  const model = classifier();
  const width = train.cols + ranks.length;
  const oob = model.fit(withRanks(train, fitRows, ranks), fitRows.length, width, y, null);
  const all = model.predict(withRanks(train, null, ranks), n);
  // Rows the forest was fitted on are scored out of bag, so the chooser judges it on answers it did not see.
  const forest = Float64Array.from(all);
  fitRows.forEach((r, i) => {
    if (Number.isFinite(oob[i])) forest[r] = oob[i];
  });
  const forestRank = rankPercentiles(forest);
  const blend = blendPercentiles(pr, forestRank, opts.blendWeight);
  // The judge's ranks, once: the blend's held-out scores and the mean's both start from them.
  const judgeRank = judge === prior.train ? pr : rankPercentiles(judge);
  const candidates = [
    ...(opts.labelFreeCandidate && free ? [free] : []),
    ...(opts.othersAsCandidates ? others : others.filter((o) => o.id === 'contrast')),
  ];
  const list: RankingCandidate[] = [
    priorCandidate,
    { ...FOREST, heldOut: forest },
    {
      ...BLEND,
      heldOut: judge === prior.train ? blend : blendPercentiles(judgeRank, forestRank, opts.blendWeight),
    },
    ...candidates.map((o) => ({ id: o.id, name: o.name, heldOut: o.train })),
  ];
  const picked = chooseRanking(list, answers, opts.rule);
  const forced = opts.force ? ['prior', 'forest', 'blend'].indexOf(opts.force) : -1;
  const choice =
    forced >= 0 ? { ...picked, index: forced, id: opts.force!, name: [RANKING_NAMES.prior, FOREST.name, BLEND.name][forced] } : picked;
  const heldOut = list[choice.index].heldOut;
  const w = opts.force ? 0 : meanWeight(answered.length, opts.meanAnswers);
  const prTest = test && prior.test ? percentileAgainst(prior.train, prior.test) : null;
  let forestTest: Float64Array | null = null;
  if (test && prTest && (w > 0 || choice.index === 1 || choice.index === 2)) {
    const testRanks = [...(opts.priorColumn ? [prTest] : []), ...stacked.map((o) => percentileAgainst(o.train, o.test!))];
    forestTest = model.predict(withRanks(test, null, testRanks), test.rows);
  }
  // Ranked once each, for the blend's and the mean's test rows and for the mean and a label-free pick alike.
  const ft = forestTest && (w > 0 || choice.index === 2) ? percentileAgainst(forest, forestTest) : null;
  const lf = opts.labelFreeCandidate && free ? free : null;
  const lfRank = lf && w > 0 ? [rankPercentiles(lf.train)] : [];
  let chosen: Picked;
  if (choice.index === 0) chosen = { ...keep(prior, choice, heldOut), ranks: pr };
  else if (choice.index > 2) {
    const other = candidates[choice.index - 3];
    chosen = { ...keep(other, choice, heldOut), ...(other === lf && lfRank.length ? { ranks: lfRank[0] } : {}) };
  } else if (choice.index === 1) chosen = { train: forest, test: forestTest, heldOut, choice, ranks: forestRank };
  else {
    const testOut = prTest && ft ? prTest.map((p, i) => opts.blendWeight * p + (1 - opts.blendWeight) * ft[i]) : null;
    chosen = { train: blend, test: testOut, heldOut, choice };
  }
  if (w === 0) return chosen;
  // Few answers: the mean rank of the model's score, the forest and the label-free ranking (answers/mean.ts).
  const meanTrain = meanOfRanks([pr, forestRank, ...lfRank]);
  const mean: RankedRows = {
    train: meanTrain,
    test: prTest && ft ? meanOfRanks([prTest, ft, ...(lf?.test ? [percentileAgainst(lf.train, lf.test)] : [])]) : null,
    heldOut: judge === prior.train ? meanTrain : meanOfRanks([judgeRank, forestRank, ...lfRank]),
  };
  const mixed = towardMean(chosen, mean, w, chosen.ranks);
  const aucs = [...choice.aucs, answersAuc(mixed.heldOut, answers)];
  const members = meanMembers(lf?.name ?? null);
  const best = { name: choice.name, auc: formatAuc(choice.aucs[choice.index]) };
  const reason =
    w >= 1
      ? meanReason(members, answered.length, opts.meanAnswers, formatAuc(aucs[aucs.length - 1]), best)
      : choice.reason + meanNote(members, w, opts.meanAnswers, answered.length);
  const id = w >= 1 ? 'mean' : choice.id;
  const name = w >= 1 ? RANKING_NAMES.mean : choice.name;
  return { ...mixed, choice: { ...choice, index: aucs.length - 1, aucs, id, name, reason, ...(w < 1 ? { meanShare: w } : {}) } };
}

/**
 * The sentence ends with the held-out AUC of the ranking returned when the mean or the propagation made it other than
 * the one the sentence judged first: the number the table's curve shows for these answers.
 */
function withFinalAuc(r: StageResult): StageResult {
  if (r.auc == null || !(r.choice.meanShare || r.propagation > 0)) return r;
  const reason = `${r.choice.reason} On your answers, each held out of its own fit, this ranking has AUC ${formatAuc(r.auc)}.`;
  return { ...r, choice: { ...r.choice, reason } };
}

/**
 * The picked ranking moved toward the answers' neighbours (answers/propagate.ts), as ranks in [0, 1]; unchanged
 * when the propagation is off or there is no answer.
 */
function withPropagation(
  train: Matrix,
  test: Matrix | null,
  labels: ArrayLike<number>,
  picked: Picked,
  opts: Pick<StageOptions, 'propagationAnswers' | 'propagationGuard' | 'propagationScale'>,
): StageResult {
  const { choice } = picked;
  const p = propagationOf(train, labels, opts.propagationAnswers, opts.propagationScale);
  const alone = (): StageResult => {
    const test_ = picked.test ? Float64Array.from(picked.test) : null;
    return { train: Float64Array.from(picked.train), test: test_, choice, auc: choice.aucs[choice.index], propagation: 0 };
  };
  if (!p) return alone();
  const base = picked.ranks ?? rankPercentiles(picked.train);
  // Judged as the chooser judges, before any other row moves: the picked ranking's held-out score of each answer,
  // moved by the other answers only (an answered row's kernel terms leave itself out).
  const rows = [...p.outliers.ids, ...p.inliers.ids];
  const held = percentileAgainst(
    picked.heldOut,
    rows.map((r) => picked.heldOut[r]),
  );
  const moved = propagateRows(p, train, base, rows, true);
  const judged = new Float64Array(train.rows);
  rows.forEach((r, i) => (judged[r] = held[i] + moved[i] - base[r]));
  const auc = answersAuc(judged, { rows, labels: rows.map((r) => labels[r] as 0 | 1) });
  const before = choice.aucs[choice.index];
  if (opts.propagationGuard && auc != null && before != null && auc < before) return alone();
  const out = propagate(p, train, base, true);
  const testOut = test && picked.test ? propagate(p, test, percentileAgainst(picked.train, picked.test), false) : null;
  const reason = choice.reason + propagationNote(p.weight);
  return { train: out, test: testOut, choice: { ...choice, reason }, auc, propagation: p.weight };
}
