/** IMBoost's settings (Algorithm 1, its query rounds, the guard, the warm-up stop, the answers' stage). */
import { MEAN_ANSWERS } from '../answers/mean';
import type { CrossRule } from '../paramKit';
import { IMB, K_HELP, RHO_HELP, choice, int, num, plain, type Def, type Method } from './methods';

export type QueryStrategy = 'MM' | 'CP' | 'RD';
/** Warm-up trimming threshold: the paper's rho-quantile, or the reference code's (1 - xi) * quantile. */
export type WarmupThreshold = 'quantile' | 'scaled-quantile';

export interface ImboostConfig {
  /** Importance samples of the training bound. */
  k: number;
  /** Importance samples when scoring rows (queries, final score); null = k. */
  scoreK: number | null;
  updatesPerEpoch: number;
  /** Epochs of plain updates with a fixed batch (T0). */
  plainEpochs: number;
  /** Total warm-up epochs (T0 + T1). */
  warmupEpochs: number;
  /** Polarization epochs (T2). */
  polarizationEpochs: number;
  /** Query rounds (Ta), spread evenly over the polarization phase. */
  rounds: number;
  n0: number;
  gamma: number;
  maxBatch: number;
  rho: number;
  xi: number;
  alpha: number;
  lambda1: number;
  lambda2: number;
  /** CUBO order u. */
  cuboU: number;
  warmupThreshold: WarmupThreshold;
  query: QueryStrategy;
  /** Rows per round; null = the protocol's max(1, floor(1% of n)), 6 when n <= 500. */
  budget: number | null;
  /**
   * At most this many rows a round when the budget is the protocol's 1% (a 600k-row table would ask 6,000 a round);
   * null = no cap (the published protocol, what the bench reproduces).
   */
  budgetCap: number | null;
  /** Epochs whose scores are averaged before a round (eq. 5); null = T2 / Ta. */
  ensembleEpochs: number | null;
  /** Final score: the last epoch's loss (paper, reference) or the eq. (5) average over the last epochs. */
  finalScore: 'last' | 'average';
  /**
   * Polarization guard: half of each later round's questions from the warm-up's boundary, and at the end the
   * warm-up ranking unless the analyst's held-out answers show polarization clearly helped ('off' = the paper's
   * procedure). 'adaptive' (default) guards only wide tables (under 4 training rows per column) and reads the
   * warm-up's own record on the answers: once they show it ranks outliers below inliers, the warm-up gets no more
   * questions and is no fallback. Chosen leave-datasets-out over 38 sets: docs/benchmarks.md.
   */
  guard: 'off' | 'on' | 'adaptive';
  /**
   * Where the warm-up ends: after warmupEpochs ('fixed', the paper), or where GradStop's rule (the gradstop.*
   * settings) finds the gap between the memorized inliers' gradients and the rest widest, at warmupEpochs at the
   * latest, with that epoch's model restored (docs/benchmarks.md measures both).
   */
  warmupStop: 'fixed' | 'gradstop';
  /**
   * After the last round: 'forest' fits a class-balanced random forest on the answers over the features plus the
   * model's rank and keeps the model's score, the forest or their blend by their AUC on the answers held out of each
   * fit (core/answers/stack.ts), then moves the pick toward the answers' neighbours where that ranks them better too
   * (core/answers/propagate.ts); 'off' = the model's score (the paper).
   */
  answersStage: 'off' | 'forest';
  /**
   * With the answers' stage on: 'on' adds the contrast stage (core/contrast/stage.ts: an encoder on the clean rows,
   * cut by the final score, and the nearest clean row) as one more ranking the chooser weighs, held out of the answers.
   */
  answersContrast: 'off' | 'on';
  /**
   * With the answers' stage on: up to this many answers the final ranking is the mean rank of the model's score, the
   * forest and the label-free ranking (too few answers to pick one reliably); with more, mixed into the pick with
   * weight meanAnswers / answers (core/answers/mean.ts). 0 = the pick alone.
   */
  meanAnswers: number;
  /**
   * Questions offered at Start, before the warm-up's first epoch, from a label-free prior (IsolationForest): the
   * analyst answers while the warm-up trains; 0 = none (the first question waits for the warm-up, as the paper).
   */
  earlyQuestions: number;
  /**
   * Shares of each round's questions given to two other rules (the rest by the query strategy): the rows the model
   * ranks highest (they find the outliers a forest on the answers learns from) and rows drawn at random among those
   * never asked (an unbiased sample of the table, which the boundary rows alone are not).
   */
  topShare: number;
  randomShare: number;
}

export const IMBOOST_DEFAULTS: ImboostConfig = {
  k: 2,
  scoreK: null,
  updatesPerEpoch: 5,
  plainEpochs: 10,
  warmupEpochs: 50,
  polarizationEpochs: 50,
  rounds: 5,
  n0: 128,
  gamma: 1.03,
  maxBatch: 20000,
  rho: 0.92,
  xi: 0.4,
  alpha: 0.4,
  lambda1: 2,
  lambda2: 1,
  cuboU: 2,
  // The reference code's (1 - xi) x rho-quantile: chosen by the leave-datasets-out selection over 38 sets
  // (docs/benchmarks.md, "Third stage"); 'quantile' is the paper's.
  warmupThreshold: 'scaled-quantile',
  query: 'MM',
  budget: null,
  // 32 a round, 160 over the five rounds: where the bench's learning curve (docs/benchmarks.md, "Answers' stage")
  // still gains (+0.012 test AUC from 80 to 160 answers) and a round stays minutes of a person's time.
  budgetCap: 32,
  ensembleEpochs: null,
  finalScore: 'average',
  guard: 'adaptive',
  warmupStop: 'fixed',
  // On: leave-datasets-out over the 15 shared sets every held-out set gets it (docs/benchmarks.md, "Answers' stage").
  answersStage: 'forest',
  answersContrast: 'off',
  // 20, the propagation's "few answers": every held-out set of 38 picks it over the pick alone (docs/benchmarks.md,
  // issue 24, ninth part).
  meanAnswers: MEAN_ANSWERS,
  // A card to answer within a second or two of Start (issue 24): the warm-up takes minutes on a wide table.
  earlyQuestions: 8,
  // A quarter of each round to each (the rest MM): chosen leave-datasets-out over 21 tabular sets (docs/benchmarks.md,
  // "Questions that teach the forest"); the top rows find outliers, the random ones cover the table.
  topShare: 0.25,
  randomShare: 0.25,
};

export const IMBOOST_PARAMS: readonly Def[] = [
  int('imboost.warmupEpochs', 'Warm-up epochs', 'Epochs before the first query; the model memorizes the inliers first.', IMB, {
    form: 'main',
  }),
  int('imboost.plainEpochs', 'of which plain', 'Warm-up epochs before the trimmed loss switches on.', IMB, { min: 0, form: 'main' }),
  int(
    'imboost.polarizationEpochs',
    'Polarization epochs',
    'Epochs that push inlier and outlier scores apart; rounds are spread over them.',
    IMB,
    { form: 'main' },
  ),
  int('imboost.rounds', 'Query rounds', 'How many times you are asked to label candidates.', IMB, { min: 0, max: 50, form: 'main' }),
  int(
    'imboost.earlyQuestions',
    'Questions during warm-up',
    'Rows an IsolationForest ranks highest, offered at Start so you can answer while the warm-up trains; 0 = none.',
    IMB,
    { min: 0, max: 256, form: 'main' },
  ),
  num(
    'imboost.topShare',
    'Top share',
    'Share of each round taken from the rows the model ranks most anomalous: they find outliers for the forest on your answers.',
    IMB,
    { min: 0, max: 1, form: 'main' },
  ),
  num(
    'imboost.randomShare',
    'Random share',
    'Share of each round drawn at random among the rows never asked, so the forest on your answers sees the whole table.',
    IMB,
    { min: 0, max: 1, form: 'main' },
  ),
  int('imboost.budget', 'Budget per round', 'Candidates per round; blank = 1% of rows (6 when 500 rows or fewer), at most the cap.', IMB, {
    min: 0,
    nullable: true,
    placeholder: 'auto',
    form: 'main',
  }),
  int(
    'imboost.budgetCap',
    'Most per round',
    'The automatic budget asks at most this many rows a round; blank = no cap (1% of a big table).',
    IMB,
    {
      min: 1,
      nullable: true,
      placeholder: 'no cap',
      form: 'advanced',
    },
  ),
  choice(
    'imboost.query',
    'Query strategy',
    'Which rows you are asked about.',
    IMB,
    [
      { value: 'MM', label: 'MM: most ambiguous (mixture model)' },
      { value: 'CP', label: 'CP: highest and lowest scores' },
      { value: 'RD', label: 'RD: random' },
    ],
    { form: 'main' },
  ),
  num('imboost.alpha', 'alpha', 'MM asks about rows whose smaller posterior is nearest alpha.', IMB, { max: 0.5, form: 'advanced' }),
  num('imboost.lambda1', 'lambda1', 'Weight of the labeled-inlier term of the loss.', IMB, { form: 'advanced' }),
  num('imboost.lambda2', 'lambda2', 'Weight of the labeled-outlier term of the loss.', IMB, { form: 'advanced' }),
  num('imboost.xi', 'xi', 'Margin of the polarization threshold (fraction of the quantile).', IMB, { max: 1, form: 'advanced' }),
  num('imboost.rho', 'rho', RHO_HELP, IMB, { min: 0.01, max: 1, form: 'advanced' }),
  int('imboost.k', 'Importance samples', K_HELP, IMB),
  int('imboost.scoreK', 'Scoring samples', 'Importance samples when scoring rows; blank = the training K.', IMB, { nullable: true }),
  int('imboost.updatesPerEpoch', 'Updates per epoch', 'Mini-batch updates in one epoch.', IMB),
  int('imboost.n0', 'First batch size', 'Mini-batch size of the plain epochs; it grows from there.', IMB),
  num('imboost.gamma', 'Batch growth', 'Factor the batch grows by each epoch.', IMB, { min: 1 }),
  int('imboost.maxBatch', 'Largest batch', 'Upper bound of the growing batch.', IMB),
  num('imboost.cuboU', 'CUBO order', 'Order u of the upper bound used for labeled outliers.', IMB, { min: 1 }),
  choice(
    'imboost.answersStage',
    'Answers stage',
    "After the last round, a forest on your answers (features plus the model's rank), kept only where it ranks your answers better than the model, each answer held out of its own fit (with few answers, averaged with the other rankings: Mean up to); then rows near your answers move with them (label propagation), where that ranks your answers better too.",
    IMB,
    [
      { value: 'off', label: "off: the model's score" },
      { value: 'forest', label: 'forest on the answers, when they show it helps' },
    ],
    { form: 'advanced' },
  ),
  choice(
    'imboost.answersContrast',
    'Contrast in the stage',
    'The answers stage also weighs the contrast ranking (an encoder on the rows the final score ranks most normal, plus your inliers; nearest clean row), judged on your answers like the others.',
    IMB,
    [
      { value: 'off', label: 'off' },
      { value: 'on', label: 'on: one more candidate' },
    ],
    { form: 'advanced' },
  ),
  int(
    'imboost.meanAnswers',
    'Mean up to (answers)',
    "Up to this many answers the final ranking is the mean rank of the model's score, the forest on your answers and the label-free ranking: with so few answers, which of them ranks your answers best is mostly chance. With more, mixed into the chooser's pick with weight this over the answers. 0 = the pick alone.",
    IMB,
    { min: 0, max: 10000, form: 'advanced' },
  ),
  choice(
    'imboost.warmupThreshold',
    'Warm-up threshold',
    "Losses kept in the warm-up's trimmed loss: the reference code's (1 - xi) x rho-quantile (the default, chosen across 38 benchmark sets), or the paper's rho-quantile.",
    IMB,
    [
      { value: 'scaled-quantile', label: "0.6 x quantile (reference code's)" },
      { value: 'quantile', label: "rho-quantile (paper's)" },
    ],
    { form: 'advanced' },
  ),
  int('imboost.ensembleEpochs', 'Averaged epochs', 'Epochs whose scores are averaged before a round (eq. 5); blank = T2 / Ta.', IMB, {
    nullable: true,
  }),
  choice(
    'imboost.finalScore',
    'Final score',
    "The last epoch's loss, or the eq. (5) average over the last epochs.",
    IMB,
    plain('last', 'average'),
  ),
  choice(
    'imboost.guard',
    'Guard',
    'Wide tables (under 4 rows per column): keep the warm-up ranking unless your later answers show polarization helped. A warm-up your answers show wrong is never the fallback.',
    IMB,
    [
      { value: 'adaptive', label: 'Adaptive: guard wide tables; never fall back to a warm-up your answers show wrong' },
      { value: 'on', label: 'On, every table: fall back to the warm-up when polarization hurts' },
      { value: 'off', label: 'Off: always the polarized ranking' },
    ],
    { form: 'main' },
  ),

  choice(
    'imboost.warmupStop',
    'Warm-up stop',
    "After the warm-up epochs, or where GradStop's rule sees the memorized inliers' gradients apart from the rest most clearly (its settings are GradStop's).",
    IMB,
    [
      { value: 'fixed', label: 'Fixed: after the warm-up epochs' },
      { value: 'gradstop', label: 'GradStop: where the inliers stand out most, at the warm-up epochs at the latest' },
    ],
    { form: 'main' },
  ),
];

export const IMBOOST_RULES: readonly CrossRule<{ imboost: ImboostConfig }, Method>[] = [
  {
    id: 'imboost.plainEpochs',
    methods: IMB,
    message: 'At most the warm-up epochs.',
    holds: (c) => c.imboost.plainEpochs <= c.imboost.warmupEpochs,
  },
];
