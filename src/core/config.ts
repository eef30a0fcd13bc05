/**
 * Every hyperparameter of the engine, in one typed place. Defaults are the IMBoost/ALTBI/ODIM
 * papers' values, and where the papers are silent, what the authors' code does (see docs/engine.md).
 */
export type Method = 'imboost' | 'altbi' | 'odim';
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
   * procedure). On by default: see docs/benchmarks.md.
   */
  guard: 'off' | 'on';
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

export interface EngineConfig {
  method: Method;
  seed: number;
  engine: ComputeEngine;
  model: ModelConfig;
  optim: OptimConfig;
  imboost: ImboostConfig;
  altbi: AltbiConfig;
  odim: OdimConfig;
  /** Rows per forward pass when scoring every row. */
  scoreChunk: number;
  /** Score every row after every epoch (live traces); the method itself needs fewer. */
  traceEveryEpoch: boolean;
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
    warmupThreshold: 'quantile',
    query: 'MM',
    budget: null,
    ensembleEpochs: null,
    finalScore: 'average',
    guard: 'on',
  },
  altbi: { k: 50, epochs: 90, updatesPerEpoch: 5, plainEpochs: 10, n0: 128, gamma: 1.03, maxBatch: 20000, rho: 0.92, scoreFrom: 71 },
  odim: { k: 50, batch: 64, maxUpdates: 3000, patienceUpdates: 100, models: 10 },
  scoreChunk: 8192,
  traceEveryEpoch: false,
};

type DeepPartial<T> = { [P in keyof T]?: T[P] extends object ? (T[P] extends unknown[] | null ? T[P] : DeepPartial<T[P]>) : T[P] };
export type ConfigOverrides = DeepPartial<EngineConfig>;

/** Defaults with overrides merged one level deep per section. */
export function makeConfig(o: ConfigOverrides = {}): EngineConfig {
  const d = DEFAULT_CONFIG;
  return {
    ...d,
    ...o,
    model: { ...d.model, ...o.model },
    optim: { ...d.optim, ...o.optim },
    imboost: { ...d.imboost, ...o.imboost },
    altbi: { ...d.altbi, ...o.altbi },
    odim: { ...d.odim, ...o.odim },
  } as EngineConfig;
}
