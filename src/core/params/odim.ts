/** ODIM's settings: an ensemble of models, each stopped early at the IM effect. */
import { K_HELP, ODIM, int, type Def } from './methods';

export interface OdimConfig {
  k: number;
  batch: number;
  /** Upper bound on updates per model, in case patience never runs out. */
  maxUpdates: number;
  /** Patience is ceil(patienceUpdates / checkIter) checks. */
  patienceUpdates: number;
  models: number;
}

export const ODIM_DEFAULTS: OdimConfig = { k: 50, batch: 64, maxUpdates: 3000, patienceUpdates: 100, models: 10 };

export const ODIM_PARAMS: readonly Def[] = [
  int('odim.models', 'Models', 'Ensemble members, each stopped early on its own.', ODIM, { form: 'main' }),
  int('odim.batch', 'Batch size', 'Rows per update.', ODIM, { min: 2, form: 'main' }),
  int('odim.maxUpdates', 'Max updates per model', 'Upper bound in case the stopping rule never fires.', ODIM, { form: 'main' }),
  int('odim.patienceUpdates', 'Patience (updates)', 'Updates without a better bimodality before a model stops.', ODIM, {
    form: 'advanced',
  }),
  int('odim.k', 'Importance samples', K_HELP, ODIM, { form: 'advanced' }),
];
