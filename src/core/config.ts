/**
 * Every method and hyperparameter of the engine, in one place: its type (the interfaces), its default
 * (DEFAULT_CONFIG), and its entry in PARAMS (label, one-line help, bounds, which methods read it, whether
 * the run form shows it) plus the cross-field RULES. makeConfig checks every config against them, so the
 * app, Learn, the bench CLI, URL state and restored sessions refuse the same values with the same message;
 * the run form, Learn's method list and the CLI's --method/--set are generated from them.
 * Defaults are the IMBoost/ALTBI/ODIM papers' values, and where the papers are silent, what the authors'
 * code does (see docs/engine.md). Adding a hyperparameter: docs/architecture.md.
 */
import { checkAgainst, ConfigError, type ConfigIssue, type CrossRule, type ParamDef } from './paramKit';
import { CONTRAST_DEFAULTS, CONTRAST_PARAMS, type ContrastConfig } from './params/contrast';

export type Method = 'imboost' | 'altbi' | 'odim' | 'ae' | 'gradstop' | 'rejection' | 'contrast';
export type QueryStrategy = 'MM' | 'CP' | 'RD';
/** Warm-up trimming threshold: the paper's rho-quantile, or the reference code's (1 - xi) * quantile. */
export type WarmupThreshold = 'quantile' | 'scaled-quantile';
/**
 * Which code computes the training updates and scores: the hand-written WebAssembly SIMD engine (CPU),
 * TF.js on its current backend (the reference, and the only one on a GPU), or 'auto' (the WASM engine when
 * it is loaded and TF.js is not on a GPU backend).
 */
export type ComputeEngine = 'auto' | 'wasm' | 'tfjs';

export interface ModelConfig {
  /** Hidden widths of the encoder (the decoder mirrors them); null = the reference's rule by feature count. */
  hidden: number[] | null;
  /** Latent size; null = the reference's rule. */
  latent: number | null;
  /** Clip range of every log-variance head. */
  logvarMin: number;
  logvarMax: number;
  bnEps: number;
  /** PyTorch's BatchNorm momentum for the running statistics. */
  bnMomentum: number;
  leakySlope: number;
  /**
   * Train-mode decoder BatchNorm: statistics over all K x B sample rows at once ('pooled'), or per importance
   * sample as the reference's per-sample decoder passes do ('per-sample'). Chosen by benchmark (docs/benchmarks.md).
   */
  decoderBn: 'pooled' | 'per-sample';
}

export interface OptimConfig {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
}

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
   * fit (core/answers/stack.ts); 'off' = the model's score (the paper).
   */
  answersStage: 'off' | 'forest';
}

export interface AltbiConfig {
  k: number;
  epochs: number;
  updatesPerEpoch: number;
  plainEpochs: number;
  n0: number;
  gamma: number;
  maxBatch: number;
  rho: number;
  /** Score snapshots are taken at epochs scoreFrom .. epochs - 1 and averaged. */
  scoreFrom: number;
  /**
   * Where training ends: after `epochs` ('fixed', the paper), or where GradStop's rule (the gradstop.* settings)
   * finds the gap between the memorized inliers' gradients and the rest widest, at `epochs` at the latest, with
   * that epoch's model restored and the same number of snapshots averaged, ending there (docs/engine.md).
   */
  warmupStop: 'fixed' | 'gradstop';
}

export interface OdimConfig {
  k: number;
  batch: number;
  /** Upper bound on updates per model, in case patience never runs out. */
  maxUpdates: number;
  /** Patience is ceil(patienceUpdates / checkIter) checks. */
  patienceUpdates: number;
  models: number;
}

/** The plain autoencoder of the GradStop authors' code (methods ae, gradstop, rejection). */
export interface AeConfig {
  hidden: number;
  dropout: number;
  /** Standard deviation of the N(0, s) initialization of every Linear weight and bias. */
  initStd: number;
  lr: number;
  epochs: number;
  /** Larger tables are sampled to this many training rows (every row is scored). */
  maxRows: number;
}

/** GradStop's settings (the paper's Table IV / its code). */
export interface GradstopConfig {
  /** Probe rows whose per-row gradients are measured (B_eval). */
  probe: number;
  /** Rows in each of the two groups (largest / smallest gradient norms). */
  k: number;
  /** The groups are re-chosen every this many epochs. */
  resampleEvery: number;
  window: number;
  rDown: number;
  tCB: number;
  tCS: number;
  /** Early divergence above which the first epoch's model is returned; null = that branch off. */
  tD: number | null;
  smooth: number;
}

export interface RejectionConfig {
  /** Hard by default: the best of the three on the 15 shared sets (docs/benchmarks.md). */
  mode: 'soft' | 'hard' | 'none';
  q: number;
  ts: number;
  alphaR: number;
  /** Squared scale c^2 of the robust loss. */
  c2: number;
  /** Mini-batch rows; null = the whole (sampled) table, as ae. */
  batch: number | null;
}

export interface EngineConfig {
  method: Method;
  seed: number;
  engine: ComputeEngine;
  model: ModelConfig;
  optim: OptimConfig;
  imboost: ImboostConfig;
  altbi: AltbiConfig;
  odim: OdimConfig;
  ae: AeConfig;
  gradstop: GradstopConfig;
  rejection: RejectionConfig;
  contrast: ContrastConfig;
  /** Rows per forward pass when scoring every row. */
  scoreChunk: number;
  /**
   * Helper threads a run may use besides its own (big scoring passes, ODIM's members); null = all the host
   * offers (the worker: one per spare core, at most 3), 0 = none. Results are the same either way.
   */
  threads: number | null;
  /** Score after every epoch for the live traces; the method itself needs fewer epochs. */
  traceEveryEpoch: boolean;
  /** Above this many rows the trace's extra epochs score a seeded sample of this size plus the labeled rows. */
  traceRows: number;
}

export const DEFAULT_CONFIG: EngineConfig = {
  method: 'imboost',
  seed: 1234,
  engine: 'auto',
  model: { hidden: null, latent: null, logvarMin: -6, logvarMax: 2, bnEps: 1e-4, bnMomentum: 0.1, leakySlope: 0.01, decoderBn: 'pooled' },
  optim: { lr: 1e-3, weightDecay: 5e-7, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  imboost: {
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
    ensembleEpochs: null,
    finalScore: 'average',
    guard: 'adaptive',
    warmupStop: 'fixed',
    // On: leave-datasets-out over the 15 shared sets every held-out set gets it (docs/benchmarks.md, "Answers' stage").
    answersStage: 'forest',
  },
  altbi: {
    k: 50,
    epochs: 90,
    updatesPerEpoch: 5,
    plainEpochs: 10,
    n0: 128,
    gamma: 1.03,
    maxBatch: 20000,
    rho: 0.92,
    scoreFrom: 71,
    warmupStop: 'fixed',
  },
  odim: { k: 50, batch: 64, maxUpdates: 3000, patienceUpdates: 100, models: 10 },
  ae: { hidden: 64, dropout: 0.2, initStd: 0.02, lr: 0.005, epochs: 100, maxRows: 10000 },
  gradstop: { probe: 400, k: 20, resampleEvery: 10, window: 20, rDown: 0.001, tCB: 0.05, tCS: 0.01, tD: 1.57, smooth: 8 },
  rejection: { mode: 'hard', q: 0.5, ts: 0.1, alphaR: 1.5, c2: 0.5, batch: null },
  contrast: CONTRAST_DEFAULTS,
  scoreChunk: 8192,
  threads: null,
  traceEveryEpoch: false,
  traceRows: 5000,
};

type DeepPartial<T> = { [P in keyof T]?: T[P] extends object ? (T[P] extends unknown[] | null ? T[P] : DeepPartial<T[P]>) : T[P] };
export type ConfigOverrides = DeepPartial<EngineConfig>;

/** Defaults with overrides merged one level deep per section; throws ConfigError if the table refuses it. */
export function makeConfig(o: ConfigOverrides = {}): EngineConfig {
  const c = mergeConfig(o);
  const issues = checkConfig(c);
  if (issues.length) throw new ConfigError(issues);
  return c;
}

/** Defaults with overrides merged, unchecked (the run form shows the issues instead of throwing). */
export function mergeConfig(o: ConfigOverrides = {}): EngineConfig {
  const d = DEFAULT_CONFIG;
  return {
    ...d,
    ...o,
    model: { ...d.model, ...o.model },
    optim: { ...d.optim, ...o.optim },
    imboost: { ...d.imboost, ...o.imboost },
    altbi: { ...d.altbi, ...o.altbi },
    odim: { ...d.odim, ...o.odim },
    ae: { ...d.ae, ...o.ae },
    gradstop: { ...d.gradstop, ...o.gradstop },
    rejection: { ...d.rejection, ...o.rejection },
    contrast: { ...d.contrast, ...o.contrast },
  } as EngineConfig;
}

/** The methods, in the order the app and Learn list them. A new method is one entry here (and its procedure). */
export const METHODS: readonly { id: Method; label: string; help: string }[] = [
  { id: 'imboost', label: 'IMBoost', help: 'Warm-up, then polarization steered by your answers in a few query rounds.' },
  { id: 'altbi', label: 'ALTBI', help: 'Unsupervised: growing batches and a trimmed loss; no questions asked.' },
  { id: 'odim', label: 'ODIM', help: 'Unsupervised: an ensemble of models stopped early at the IM effect.' },
  { id: 'ae', label: 'Autoencoder', help: 'Unsupervised: a plain autoencoder trained on every row for a fixed 100 epochs; no questions.' },
  {
    id: 'gradstop',
    label: 'GradStop AE',
    help: 'Unsupervised: the autoencoder stopped when likely inliers and outliers stop pulling apart (gradient cohesion).',
  },
  {
    id: 'rejection',
    label: 'Rejection AE',
    help: 'Unsupervised: the autoencoder ignores the worse-reconstructed half of each batch, assuming outliers are there.',
  },
  {
    id: 'contrast',
    label: 'Contrast',
    help: "IMBoost's warm-up, then a contrastive encoder on the rows it and your answers vouch for, scored by the nearest clean row.",
  },
];

export function isMethod(v: unknown): v is Method {
  return typeof v === 'string' && METHODS.some((m) => m.id === v);
}

export function methodLabel(m: Method): string {
  return METHODS.find((x) => x.id === m)?.label ?? m;
}

const ALL: readonly Method[] = METHODS.map((m) => m.id);
const IMB: readonly Method[] = ['imboost'];
const ALT: readonly Method[] = ['altbi'];
const ODIM: readonly Method[] = ['odim'];
const AE: readonly Method[] = ['ae', 'gradstop', 'rejection'];
const GS: readonly Method[] = ['gradstop'];
// The rule's settings: the gradstop method's, and IMBoost's warm-up and ALTBI's run with their warmupStop = 'gradstop'.
const GS_RULE: Partial<Def> = { methods: ['gradstop', 'imboost', 'altbi'], formMethods: GS };
const REJ: readonly Method[] = ['rejection'];

type Def = ParamDef<Method>;
const int = (id: string, label: string, help: string, methods: readonly Method[], more: Partial<Def> = {}): Def => ({
  id,
  label,
  help,
  kind: 'int',
  min: 1,
  methods,
  ...more,
});
const num = (id: string, label: string, help: string, methods: readonly Method[], more: Partial<Def> = {}): Def => ({
  id,
  label,
  help,
  kind: 'number',
  min: 0,
  methods,
  ...more,
});
const choice = (
  id: string,
  label: string,
  help: string,
  methods: readonly Method[],
  choices: Def['choices'],
  more: Partial<Def> = {},
): Def => ({ id, label, help, kind: 'choice', choices, methods, ...more });
const plain = (...values: string[]) => values.map((value) => ({ value, label: value }));
const RHO_HELP = 'Quantile of losses kept by trimming (share of assumed inliers).';
const K_HELP = 'Samples per row in the bound; more is smoother and slower.';

/**
 * Every setting of EngineConfig, once. Per method, the run form shows the entries with `form` in this
 * order, the shared ones (seed) last.
 */
export const PARAMS: readonly Def[] = [
  choice(
    'method',
    'Method',
    'Which training procedure runs.',
    ALL,
    METHODS.map((m) => ({ value: m.id, label: m.label })),
  ),
  int(
    'threads',
    'Helper threads',
    'Extra threads for big scoring passes and ODIM; blank = one per spare core, 0 = none. Same results.',
    ALL,
    {
      min: 0,
      max: 8,
      nullable: true,
      form: 'advanced',
    },
  ),
  int('seed', 'Seed', 'Same seed, same data, same answers: same scores.', ALL, { min: 0, form: 'main' }),
  choice('engine', 'Compute engine', 'WASM SIMD on a CPU (fastest), TF.js for a GPU; auto picks', ALL, plain('auto', 'wasm', 'tfjs')),
  int('scoreChunk', 'Scoring chunk', 'Rows per forward pass when scoring every row.', ALL),
  {
    id: 'traceEveryEpoch',
    label: 'Trace every epoch',
    help: 'Score after every epoch (live traces).',
    kind: 'bool',
    methods: ALL,
  },
  int('traceRows', 'Trace rows', 'Bigger tables trace a sample of this many rows (and the labeled ones) outside the score average.', ALL, {
    min: 100,
  }),

  {
    id: 'model.hidden',
    label: 'Hidden widths',
    help: "Encoder widths such as 64/32 (the decoder mirrors them); blank = the reference's rule.",
    kind: 'widths',
    nullable: true,
    methods: ALL,
  },
  int('model.latent', 'Latent size', "Latent dimensions; blank = the reference's rule.", ALL, { nullable: true }),
  num('model.logvarMin', 'Log-variance floor', 'Lower clip of every log-variance head.', ALL, { min: -20 }),
  num('model.logvarMax', 'Log-variance ceiling', 'Upper clip of every log-variance head.', ALL, { min: -20 }),
  num('model.bnEps', 'BatchNorm epsilon', 'Added to the variance in BatchNorm.', ALL),
  num('model.bnMomentum', 'BatchNorm momentum', "PyTorch's momentum for the running statistics.", ALL, { max: 1 }),
  num('model.leakySlope', 'LeakyReLU slope', 'Slope of the activation below zero.', ALL, { max: 1 }),
  choice(
    'model.decoderBn',
    'Decoder BatchNorm',
    'Train-mode decoder statistics over all samples at once, or per importance sample.',
    ALL,
    plain('pooled', 'per-sample'),
  ),

  num('optim.lr', 'Learning rate', 'Adam step size.', ALL),
  num('optim.weightDecay', 'Weight decay', "Adam's coupled L2 weight decay.", ALL),
  num('optim.beta1', 'Adam beta1', 'Decay of the first moment.', ALL, { max: 1 }),
  num('optim.beta2', 'Adam beta2', 'Decay of the second moment.', ALL, { max: 1 }),
  num('optim.eps', 'Adam epsilon', 'Added to the root of the second moment.', ALL),

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
  int('imboost.budget', 'Budget per round', 'Candidates per round; blank = 1% of rows (6 when 500 rows or fewer).', IMB, {
    min: 0,
    nullable: true,
    placeholder: 'auto',
    form: 'main',
  }),
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
    "After the last round, a forest on your answers (features plus the model's rank), kept only where it ranks your answers better than the model, each answer held out of its own fit.",
    IMB,
    [
      { value: 'off', label: "off: the model's score" },
      { value: 'forest', label: 'forest on the answers, when they show it helps' },
    ],
    { form: 'advanced' },
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

  int('altbi.epochs', 'Epochs', 'Training epochs in all.', ALT, { form: 'main' }),
  int('altbi.plainEpochs', 'Plain epochs', 'Epochs before the trimmed loss switches on.', ALT, { min: 0, form: 'main' }),
  int('altbi.scoreFrom', 'Average scores from epoch', 'Scores of this epoch and later are averaged; must be below Epochs.', ALT, {
    min: 0,
    form: 'main',
  }),
  choice(
    'altbi.warmupStop',
    'Training stop',
    "After the epochs, or where GradStop's rule sees the memorized inliers' gradients apart from the rest most clearly; the scores then average the snapshots up to that epoch (its settings are GradStop's).",
    ALT,
    [
      { value: 'fixed', label: 'Fixed: after the epochs' },
      { value: 'gradstop', label: 'GradStop: where the inliers stand out most, at the epochs at the latest' },
    ],
    { form: 'main' },
  ),
  num('altbi.rho', 'rho', RHO_HELP, ALT, { min: 0.01, max: 1, form: 'advanced' }),
  int('altbi.k', 'Importance samples', K_HELP, ALT, { form: 'advanced' }),
  int('altbi.updatesPerEpoch', 'Updates per epoch', 'Mini-batch updates in one epoch.', ALT),
  int('altbi.n0', 'First batch size', 'Mini-batch size of the plain epochs; it grows from there.', ALT),
  num('altbi.gamma', 'Batch growth', 'Factor the batch grows by each epoch.', ALT, { min: 1 }),
  int('altbi.maxBatch', 'Largest batch', 'Upper bound of the growing batch.', ALT),

  int('odim.models', 'Models', 'Ensemble members, each stopped early on its own.', ODIM, { form: 'main' }),
  int('odim.batch', 'Batch size', 'Rows per update.', ODIM, { min: 2, form: 'main' }),
  int('odim.maxUpdates', 'Max updates per model', 'Upper bound in case the stopping rule never fires.', ODIM, { form: 'main' }),
  int('odim.patienceUpdates', 'Patience (updates)', 'Updates without a better bimodality before a model stops.', ODIM, {
    form: 'advanced',
  }),
  int('odim.k', 'Importance samples', K_HELP, ODIM, { form: 'advanced' }),

  int('ae.epochs', 'Epochs', 'Full-batch epochs at most (GradStop may stop earlier).', AE, { form: 'main' }),
  int('ae.hidden', 'Hidden width', 'Units of the one hidden layer.', AE, { form: 'advanced' }),
  num('ae.lr', 'Learning rate', 'Adam step size of the autoencoder.', AE, { form: 'advanced' }),
  num('ae.dropout', 'Dropout', 'Share of hidden units dropped in each training pass.', AE, { max: 0.9 }),
  num('ae.initStd', 'Initial weight spread', 'Standard deviation of the normal initial weights and biases.', AE),
  int('ae.maxRows', 'Training rows at most', 'Larger tables are sampled to this many training rows; every row is scored.', AE, { min: 2 }),
  int('gradstop.window', 'Patience (epochs)', 'Epochs without a better cohesion gap before training stops.', GS, {
    ...GS_RULE,
    form: 'main',
  }),
  num('gradstop.tD', 'Divergence threshold', 'Early mean divergence (radians) above which the first epoch is kept; blank = never.', GS, {
    ...GS_RULE,
    max: Math.PI,
    nullable: true,
    form: 'advanced',
  }),
  int('gradstop.probe', 'Probe rows', 'Rows whose per-row gradients are measured each epoch.', GS, {
    ...GS_RULE,
    min: 2,
    form: 'advanced',
  }),
  int('gradstop.k', 'Group size', 'Rows with the largest and with the smallest gradients in the two groups.', GS, GS_RULE),
  int('gradstop.resampleEvery', 'Re-choose groups every', 'Epochs between new choices of the two groups.', GS, GS_RULE),
  num('gradstop.rDown', 'R_down', 'How clearly the cohesion gap must rise to count as better.', GS, GS_RULE),
  num('gradstop.tCB', 'Benefit threshold', 'A cohesion gap above this always counts as better.', GS, { ...GS_RULE, min: -1 }),
  num('gradstop.tCS', 'Significance threshold', 'A cohesion gap smaller than this in size counts as better.', GS, GS_RULE),
  int('gradstop.smooth', 'Smoothing', 'Previous values each new one is averaged with.', GS, { ...GS_RULE, min: 0 }),
  choice(
    'rejection.mode',
    'Rejection',
    'What the worse half of each batch counts for.',
    REJ,
    [
      { value: 'soft', label: 'Soft: weight t_s' },
      { value: 'hard', label: 'Hard: left out' },
      { value: 'none', label: 'None: robust loss only' },
    ],
    { form: 'main' },
  ),
  num('rejection.q', 'Rejection quantile', 'Rows above this quantile of the batch losses are rejected.', REJ, { max: 1, form: 'advanced' }),
  num('rejection.ts', 'Soft weight t_s', 'Weight of rejected rows in soft rejection.', REJ, { max: 1, form: 'advanced' }),
  num('rejection.alphaR', 'Lowest shape alpha', 'Robust-loss shape of the most outlying rows (2 = squared error).', REJ, {
    min: -10,
    max: 2,
  }),
  num('rejection.c2', 'Loss scale c^2', 'Squared scale of the robust loss.', REJ, { min: 1e-6 }),
  int('rejection.batch', 'Batch size', 'Rows per update; blank = the whole table.', REJ, { min: 2, nullable: true }),
  ...CONTRAST_PARAMS,
];

/** Rules between values; each message shows on the first-named field. */
export const RULES: readonly CrossRule<EngineConfig, Method>[] = [
  {
    id: 'imboost.plainEpochs',
    methods: IMB,
    message: 'At most the warm-up epochs.',
    holds: (c) => c.imboost.plainEpochs <= c.imboost.warmupEpochs,
  },
  { id: 'altbi.scoreFrom', methods: ALT, message: 'Must be below Epochs.', holds: (c) => c.altbi.scoreFrom < c.altbi.epochs },
  { id: 'altbi.plainEpochs', methods: ALT, message: 'At most Epochs.', holds: (c) => c.altbi.plainEpochs <= c.altbi.epochs },
  {
    id: 'model.logvarMax',
    methods: ALL,
    message: 'Must be above the log-variance floor.',
    holds: (c) => c.model.logvarMax > c.model.logvarMin,
  },
];

const BY_ID = new Map(PARAMS.map((p) => [p.id, p]));

/** The table's entry for a setting, or undefined for an unknown id. */
export function param(id: string): Def | undefined {
  return BY_ID.get(id);
}

/** What is wrong with a config, value by value, then across values; [] when nothing. */
export function checkConfig(c: EngineConfig): ConfigIssue[] {
  return checkAgainst(c, PARAMS, RULES);
}

/** The run form's entries for a method: its own in table order, then the shared ones. */
export function formParams(m: Method): Def[] {
  const shown = PARAMS.filter((p) => p.form && (p.formMethods ?? p.methods).includes(m));
  const shared = (p: Def) => p.methods.length === ALL.length;
  return [...shown.filter((p) => !shared(p)), ...shown.filter(shared)];
}

export { ConfigError, type ConfigIssue, type ParamDef } from './paramKit';
