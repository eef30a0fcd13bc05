import type { EngineConfig } from '../config';
import { fillValues, type ColumnEncoding } from '../data/featureEncoding';
import type { MinMax } from '../data/scale';
import { architectureFor } from '../model/architecture';
import { buildScoringModel, type ScoringModel } from './scorer';

/** What a run leaves that a scorer needs: the training features' min-max ranges, their encoding, the config, the final state. */
export interface FinishedRun {
  /** fitMinMax of the unscaled training features (the worker keeps these, not a second copy of the matrix). */
  scale: MinMax;
  columns: ColumnEncoding[];
  featureNames: string[];
  config: EngineConfig;
  /** The last checkpoint's state: the final weights (after a guard roll-back, the warm-up's). */
  state: Float32Array[];
}

/** The deterministic scorer of a finished run: its final weights, the training table's ranges and fill values. */
export function scorerFromRun(r: FinishedRun, k?: number): ScoringModel {
  const { config } = r;
  return buildScoringModel({
    method: config.method,
    columns: r.columns,
    featureNames: r.featureNames,
    fill: fillValues(r.columns),
    scale: r.scale,
    arch: architectureFor(r.scale.min.length, config.model.hidden, config.model.latent),
    model: config.model,
    state: r.state,
    k,
    noiseSeed: config.seed,
  });
}
