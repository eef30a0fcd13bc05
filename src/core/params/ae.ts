/** The plain autoencoder's settings (methods ae, gradstop, rejection). */
import { AE, int, num, type Def } from './methods';

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

export const AE_DEFAULTS: AeConfig = { hidden: 64, dropout: 0.2, initStd: 0.02, lr: 0.005, epochs: 100, maxRows: 10000 };

export const AE_PARAMS: readonly Def[] = [
  int('ae.epochs', 'Epochs', 'Full-batch epochs at most (GradStop may stop earlier).', AE, { form: 'main' }),
  int('ae.hidden', 'Hidden width', 'Units of the one hidden layer.', AE, { form: 'advanced' }),
  num('ae.lr', 'Learning rate', 'Adam step size of the autoencoder.', AE, { form: 'advanced' }),
  num('ae.dropout', 'Dropout', 'Share of hidden units dropped in each training pass.', AE, { max: 0.9 }),
  num('ae.initStd', 'Initial weight spread', 'Standard deviation of the normal initial weights and biases.', AE),
  int('ae.maxRows', 'Training rows at most', 'Larger tables are sampled to this many training rows; every row is scored.', AE, { min: 2 }),
];
