import { DEFAULT_CONFIG, type ConfigOverrides } from './config';

/**
 * Parses `section.key=value` assignments (comma- or space-separated, e.g.
 * `imboost.lambda1=1 model.hidden=64/32`) into config overrides. Keys are checked against the
 * defaults and values parsed by the default's type, so a typo fails loudly instead of being ignored.
 */
export function parseAssignments(text: string, into: ConfigOverrides = {}): ConfigOverrides {
  const out = into as Record<string, unknown>;
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`expected key=value, got "${item}"`);
    const path = item.slice(0, eq).split('.');
    const raw = item.slice(eq + 1);
    let def: unknown = DEFAULT_CONFIG;
    for (const p of path) {
      if (def === null || typeof def !== 'object' || Array.isArray(def) || !(p in def)) throw new Error(`unknown config key "${path.join('.')}"`);
      def = (def as Record<string, unknown>)[p];
    }
    if (def !== null && typeof def === 'object' && !Array.isArray(def)) throw new Error(`"${path.join('.')}" is a section, not a value`);
    let node = out;
    for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = parseValue(raw, def, path.join('.'));
  }
  return out as ConfigOverrides;
}

const CHOICES: Record<string, string[]> = {
  method: ['imboost', 'altbi', 'odim'],
  engine: ['auto', 'wasm', 'tfjs'],
  'imboost.query': ['MM', 'CP', 'RD'],
  'imboost.warmupThreshold': ['quantile', 'scaled-quantile'],
  'imboost.finalScore': ['last', 'average'],
  'imboost.guard': ['off', 'on'],
  'model.decoderBn': ['pooled', 'per-sample'],
};

function parseValue(raw: string, def: unknown, key: string): unknown {
  if (raw === 'null') return null;
  if (typeof def === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new Error(`${key} takes true or false, got "${raw}"`);
    return raw === 'true';
  }
  if (typeof def === 'string') {
    const allowed = CHOICES[key];
    if (allowed && !allowed.includes(raw)) throw new Error(`${key} takes one of ${allowed.join(', ')}, got "${raw}"`);
    return raw;
  }
  // Numbers, and the nullable numeric settings (budget, latent, ensembleEpochs) and width lists.
  const nums = raw.split('/').map(Number);
  if (nums.some((v) => !Number.isFinite(v))) throw new Error(`${key} takes a number, got "${raw}"`);
  if (Array.isArray(def) || key === 'model.hidden') return nums;
  if (nums.length !== 1) throw new Error(`${key} takes one number, got "${raw}"`);
  return nums[0];
}
