import { DEFAULT_CONFIG, param, type ConfigOverrides } from './config';
import { parseParam, writeParam } from './paramKit';

/**
 * Parses `section.key=value` assignments (comma- or space-separated, e.g.
 * `imboost.lambda1=1 model.hidden=64/32`) into config overrides. Keys and values are checked against
 * the parameter table (config.ts), with the run form's messages, so a typo or an out-of-bounds value
 * fails loudly instead of being ignored.
 */
export function parseAssignments(text: string, into: ConfigOverrides = {}): ConfigOverrides {
  const out = into as Record<string, unknown>;
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`expected key=value, got "${item}"`);
    assignParam(out, item.slice(0, eq), item.slice(eq + 1));
  }
  return out as ConfigOverrides;
}

/** One `key=value` into overrides; the error names the key, its label and the table's message. */
export function assignParam(out: Record<string, unknown>, id: string, raw: string): void {
  const def = param(id);
  if (!def) {
    const section = (DEFAULT_CONFIG as unknown as Record<string, unknown>)[id];
    if (section !== null && typeof section === 'object') throw new Error(`"${id}" is a section, not a value`);
    throw new Error(`unknown config key "${id}"`);
  }
  try {
    writeParam(out, id, parseParam(def, raw));
  } catch (e) {
    throw new Error(`${id} (${def.label}): ${(e as Error).message} Got "${raw}".`);
  }
}
