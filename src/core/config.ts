/**
 * Every method and hyperparameter of the engine, in one place: its type (the interfaces), its default
 * (DEFAULT_CONFIG), and its entry in PARAMS (label, one-line help, bounds, which methods read it, whether
 * the run form shows it) plus the cross-field RULES. makeConfig checks every config against them, so the
 * app, Learn, the bench CLI, URL state and restored sessions refuse the same values with the same message;
 * the run form, Learn's method list and the CLI's --method/--set are generated from them.
 * Defaults are the IMBoost/ALTBI/ODIM papers' values, and where the papers are silent, what the authors'
 * code does (see docs/engine.md). Each section's settings are in its own file, src/core/params/<section>.ts; adding a hyperparameter: docs/architecture.md.
 */
import { checkAgainst, ConfigError, type ConfigIssue, type CrossRule } from './paramKit';
import { AE_DEFAULTS, AE_PARAMS, type AeConfig } from './params/ae';
import { CONTRAST_DEFAULTS, CONTRAST_PARAMS, type ContrastConfig } from './params/contrast';
import { ALTBI_DEFAULTS, ALTBI_PARAMS, ALTBI_RULES, type AltbiConfig } from './params/altbi';
import { GRADSTOP_DEFAULTS, GRADSTOP_PARAMS, type GradstopConfig } from './params/gradstop';
import { IMBOOST_DEFAULTS, IMBOOST_PARAMS, IMBOOST_RULES, type ImboostConfig } from './params/imboost';
import { ALL, type Def, type Method } from './params/methods';
import { MODEL_DEFAULTS, MODEL_PARAMS, MODEL_RULES, type ModelConfig } from './params/model';
import { ODIM_DEFAULTS, ODIM_PARAMS, type OdimConfig } from './params/odim';
import { OPTIM_DEFAULTS, OPTIM_PARAMS, type OptimConfig } from './params/optim';
import { REJECTION_DEFAULTS, REJECTION_PARAMS, type RejectionConfig } from './params/rejection';
import { RUN_DEFAULTS, RUN_PARAMS, type RunConfig } from './params/run';

export { METHODS, isMethod, methodLabel, type Method } from './params/methods';
export type {
  AeConfig,
  AltbiConfig,
  ContrastConfig,
  GradstopConfig,
  ImboostConfig,
  ModelConfig,
  OdimConfig,
  OptimConfig,
  RejectionConfig,
  RunConfig,
};
export type { QueryStrategy, WarmupThreshold } from './params/imboost';
export type { ComputeEngine } from './params/run';

/** The whole config: the run's own settings and one section per part of the engine. */
export interface EngineConfig extends RunConfig {
  model: ModelConfig;
  optim: OptimConfig;
  imboost: ImboostConfig;
  altbi: AltbiConfig;
  odim: OdimConfig;
  ae: AeConfig;
  gradstop: GradstopConfig;
  rejection: RejectionConfig;
  contrast: ContrastConfig;
}

const { method, seed, engine, ...runRest } = RUN_DEFAULTS;
export const DEFAULT_CONFIG: EngineConfig = {
  method,
  seed,
  engine,
  model: MODEL_DEFAULTS,
  optim: OPTIM_DEFAULTS,
  imboost: IMBOOST_DEFAULTS,
  altbi: ALTBI_DEFAULTS,
  odim: ODIM_DEFAULTS,
  ae: AE_DEFAULTS,
  gradstop: GRADSTOP_DEFAULTS,
  rejection: REJECTION_DEFAULTS,
  contrast: CONTRAST_DEFAULTS,
  ...runRest,
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
  const merged: Record<string, unknown> = { ...d, ...o };
  // Each section (a plain object of settings) is merged one level deep.
  for (const [key, value] of Object.entries(d))
    if (value && typeof value === 'object' && !Array.isArray(value))
      merged[key] = { ...value, ...(o as Record<string, object | undefined>)[key] };
  return merged as unknown as EngineConfig;
}

/**
 * Every setting of EngineConfig, once. Per method, the run form shows the entries with `form` in this
 * order, the shared ones (seed) last.
 */
export const PARAMS: readonly Def[] = [
  ...RUN_PARAMS,
  ...MODEL_PARAMS,
  ...OPTIM_PARAMS,
  ...IMBOOST_PARAMS,
  ...ALTBI_PARAMS,
  ...ODIM_PARAMS,
  ...AE_PARAMS,
  ...GRADSTOP_PARAMS,
  ...REJECTION_PARAMS,
  ...CONTRAST_PARAMS,
];

/** Rules between values; each message shows on the first-named field. */
export const RULES: readonly CrossRule<EngineConfig, Method>[] = [...IMBOOST_RULES, ...ALTBI_RULES, ...MODEL_RULES];

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
