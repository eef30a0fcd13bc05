import { makeConfig, type ComputeEngine, type EngineConfig, type Method } from '../core/config';

/** The methods and their names come from the parameter table, like the app's. */
export { isMethod, methodLabel, METHODS } from '../core/config';

/** Importance samples per point for every method: steadier per-point losses than IMBoost's 2, cheaper than ALTBI's 50. */
export const DEMO_K = 10;

/**
 * The engine's configuration for a demo run. The schedules stay the papers' (IMBoost: 10 plain +
 * 40 trimmed warm-up epochs, 50 polarization epochs with 5 query rounds; ALTBI: 90 epochs), which are
 * short already. Two changes keep a 2-D demo quick and legible: the same K for all methods (with
 * K = 2 the per-point loss is noisy enough to blur a 2-D picture), and an ODIM ensemble of 3.
 * Every epoch is scored so the views move live.
 */
export function demoConfig(method: Method, seed: number, engine: ComputeEngine = 'auto'): EngineConfig {
  return makeConfig({
    method,
    seed,
    engine,
    traceEveryEpoch: true,
    // The paper's procedure, without the app's polarization guard: Learn shows how a few labels repair the IM
    // effect's failures (presets b and c), and on 400 points the guard's few held-out answers rarely prove it.
    // The paper's rho-quantile warm-up threshold too (the app's default is the reference code's 0.6 x quantile), and
    // no answers' stage and the paper's questions alone (no top or random shares): Learn shows what the loop itself
    // does with the labels.
    imboost: { k: DEMO_K, guard: 'off', warmupThreshold: 'quantile', answersStage: 'off', topShare: 0, randomShare: 0 },
    altbi: { k: DEMO_K },
    odim: { k: DEMO_K, models: 3 },
  });
}
