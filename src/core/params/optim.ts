/** Adam's settings, shared by every method but the plain autoencoder (ae.lr). */
import { ALL, num, type Def } from './methods';

export interface OptimConfig {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export const OPTIM_DEFAULTS: OptimConfig = { lr: 1e-3, weightDecay: 5e-7, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export const OPTIM_PARAMS: readonly Def[] = [
  num('optim.lr', 'Learning rate', 'Adam step size.', ALL),
  num('optim.weightDecay', 'Weight decay', "Adam's coupled L2 weight decay.", ALL),
  num('optim.beta1', 'Adam beta1', 'Decay of the first moment.', ALL, { max: 1 }),
  num('optim.beta2', 'Adam beta2', 'Decay of the second moment.', ALL, { max: 1 }),
  num('optim.eps', 'Adam epsilon', 'Added to the root of the second moment.', ALL),
];
