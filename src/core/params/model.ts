/** The model's settings: layer widths, log-variance clip, BatchNorm, activation; shared by every method. */
import type { CrossRule } from '../paramKit';
import { ALL, choice, int, num, plain, type Def, type Method } from './methods';

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

export const MODEL_DEFAULTS: ModelConfig = {
  hidden: null,
  latent: null,
  logvarMin: -6,
  logvarMax: 2,
  bnEps: 1e-4,
  bnMomentum: 0.1,
  leakySlope: 0.01,
  decoderBn: 'pooled',
};

export const MODEL_PARAMS: readonly Def[] = [
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
];

export const MODEL_RULES: readonly CrossRule<{ model: ModelConfig }, Method>[] = [
  {
    id: 'model.logvarMax',
    methods: ALL,
    message: 'Must be above the log-variance floor.',
    holds: (c) => c.model.logvarMax > c.model.logvarMin,
  },
];
