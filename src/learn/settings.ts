/**
 * Learn mode's whole state as a URL hash query (`#/learn?preset=b&rows=400&...`), so a copied link
 * reopens the same data, method and seed, hence the same run.
 */
import type { Method } from '../core/config';
import { isMethod } from './demoConfig';
import { isPresetId, presetInfo, sanitizeDataParams, type DataParams } from './presets';

export type Speed = 'fastest' | 'fast' | 'normal' | 'slow';

export const SPEEDS: readonly { id: Speed; label: string; delayMs: number }[] = [
  { id: 'fastest', label: 'Fastest (no pause)', delayMs: 0 },
  { id: 'fast', label: 'Fast (30 ms per epoch)', delayMs: 30 },
  { id: 'normal', label: 'Normal (120 ms per epoch)', delayMs: 120 },
  { id: 'slow', label: 'Slow (500 ms per epoch)', delayMs: 500 },
];

export function speedDelay(s: Speed): number {
  return SPEEDS.find((x) => x.id === s)?.delayMs ?? 0;
}

function isSpeed(v: unknown): v is Speed {
  return typeof v === 'string' && SPEEDS.some((s) => s.id === v);
}

export interface LearnSettings extends DataParams {
  method: Method;
  /** Side-by-side: a second run of `methodB` on the same data and seed. */
  compare: boolean;
  methodB: Method;
  speed: Speed;
}

export const DEFAULT_SETTINGS: LearnSettings = {
  preset: 'a',
  rows: 1000,
  contamination: presetInfo('a').contamination,
  spread: 1,
  seed: 1,
  method: 'imboost',
  compare: false,
  methodB: 'altbi',
  speed: 'normal',
};

/** The route the page lives under; the query follows it. */
export const LEARN_ROUTE = '#/learn';

/** Settings from a hash such as `#/learn?preset=b&rows=400`; missing or bad values take defaults. */
export function settingsFromHash(hash: string): LearnSettings {
  const q = hash.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '');
  const d = DEFAULT_SETTINGS;
  const preset = isPresetId(params.get('preset')) ? (params.get('preset') as DataParams['preset']) : d.preset;
  const numberOr = (key: string, fallback: number) => {
    const raw = params.get(key);
    const v = raw == null || raw.trim() === '' ? NaN : Number(raw);
    return Number.isFinite(v) ? v : fallback;
  };
  const data = sanitizeDataParams({
    preset,
    rows: numberOr('rows', d.rows),
    // Without a value the preset's own contamination applies: it is what the preset was tuned for.
    contamination: numberOr('contamination', presetInfo(preset).contamination),
    spread: numberOr('spread', d.spread),
    seed: numberOr('seed', d.seed),
  });
  const method = params.get('method');
  const methodB = params.get('methodB');
  const speed = params.get('speed');
  return {
    ...data,
    method: isMethod(method) ? method : d.method,
    compare: params.get('compare') === '1',
    methodB: isMethod(methodB) ? methodB : d.methodB,
    speed: isSpeed(speed) ? speed : d.speed,
  };
}

/** The hash for these settings; every field is written so a link never depends on today's defaults. */
export function hashFromSettings(s: LearnSettings): string {
  const params = new URLSearchParams({
    preset: s.preset,
    rows: String(s.rows),
    contamination: String(s.contamination),
    spread: String(s.spread),
    seed: String(s.seed),
    method: s.method,
    compare: s.compare ? '1' : '0',
    methodB: s.methodB,
    speed: s.speed,
  });
  return `${LEARN_ROUTE}?${params.toString()}`;
}

/** Whether two settings give the same data and runs (speed only paces them). */
export function sameRun(a: LearnSettings, b: LearnSettings): boolean {
  return (
    a.preset === b.preset &&
    a.rows === b.rows &&
    a.contamination === b.contamination &&
    a.spread === b.spread &&
    a.seed === b.seed &&
    a.method === b.method &&
    a.compare === b.compare &&
    (!a.compare || a.methodB === b.methodB)
  );
}
