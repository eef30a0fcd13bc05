import { describe, expect, it } from 'vitest';
import { parseCli } from '../bench/args';
import { checkConfig, DEFAULT_CONFIG, makeConfig, METHODS, PARAMS, type Method } from '../src/core/config';
import { ConfigError } from '../src/core/paramKit';
import { FIELDS, formFromConfig, validateForm } from '../src/ui/runForm';

function leaves(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('the parameter table', () => {
  it('has exactly one entry per setting of EngineConfig, and the defaults pass it', () => {
    const ids = PARAMS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(leaves(DEFAULT_CONFIG).sort());
    expect(checkConfig(DEFAULT_CONFIG)).toEqual([]);
    for (const p of PARAMS) expect(p.help.length, p.id).toBeGreaterThan(10);
  });

  it('keeps the compute engine as an entry used by every method', () => {
    const engine = PARAMS.find((p) => p.id === 'engine')!;
    expect(engine.label).toBe('Compute engine');
    expect(engine.methods).toEqual(METHODS.map((m) => m.id));
    expect(parseCli(['--engine', 'wasm']).overrides.engine).toBe('wasm');
    expect(() => parseCli(['--engine', 'gpu'])).toThrow('engine (Compute engine): Pick one of: auto, wasm, tfjs.');
  });

  it('gives every method a run form, seed last', () => {
    for (const m of METHODS) {
      const f = FIELDS[m.id];
      expect(f.length).toBeGreaterThan(3);
      expect(f[f.length - 1].id).toBe('seed');
    }
  });

  const refused: [Method, string, string][] = [
    ['imboost', 'imboost.warmupEpochs', '0'],
    ['imboost', 'imboost.rho', '2'],
    ['imboost', 'imboost.rounds', '2.5'],
    ['imboost', 'imboost.alpha', 'abc'],
    ['imboost', 'imboost.plainEpochs', '60'], // more than the warm-up: a cross-field rule
    ['altbi', 'altbi.scoreFrom', '90'], // not below Epochs
    ['odim', 'odim.batch', '1'],
  ];

  it.each(refused)('%s: bench --set refuses %s=%s with the message the run form shows', (method, id, value) => {
    const form = { ...formFromConfig(DEFAULT_CONFIG), [id]: value };
    const message = validateForm(method, form)[id];
    expect(message).toMatch(/\.$/);
    expect(() => parseCli(['--method', method, '--set', `${id}=${value}`])).toThrow(message);
  });

  it('makeConfig refuses the same values for every caller (Learn, worker, restored sessions)', () => {
    expect(() => makeConfig({ imboost: { warmupEpochs: 0 } })).toThrow(ConfigError);
    expect(() => makeConfig({ imboost: { warmupEpochs: 0 } })).toThrow('imboost.warmupEpochs: At least 1.');
    expect(() => makeConfig({ method: 'nope' as Method })).toThrow(
      'method: Pick one of: imboost, altbi, odim, ae, gradstop, rejection, contrast.',
    );
  });

  it('takes the shortcut flags through the table', () => {
    const { overrides } = parseCli([
      '--method',
      'altbi',
      '--query',
      'CP',
      '--budget',
      '3',
      '--set',
      'imboost.lambda1=1,model.hidden=64/32',
    ]);
    expect(makeConfig(overrides)).toMatchObject({
      method: 'altbi',
      imboost: { query: 'CP', budget: 3, lambda1: 1 },
      model: { hidden: [64, 32] },
    });
    expect(() => parseCli(['--method', 'tree'])).toThrow(
      'method (Method): Pick one of: imboost, altbi, odim, ae, gradstop, rejection, contrast.',
    );
    // The bench-only peer on random answers (bench/forest.ts) is no engine setting either.
    expect(makeConfig(parseCli(['--method', 'forest']).overrides).method).toBe('imboost');
    expect(() => parseCli(['--nope'])).toThrow(/Unknown option/);
  });

  it('--method names a label-free peer for the bench only: no engine setting, not in the run form', () => {
    for (const peer of ['iforest', 'knn', 'cosine-knn']) {
      const r = parseCli(['--method', peer, '--split', 'reference']);
      expect(r.peer).toBe(peer);
      expect(r.overrides.method).toBeUndefined();
      expect(METHODS.map((m) => m.id)).not.toContain(peer);
    }
    expect(parseCli(['--method', 'odim']).peer).toBeUndefined();
  });
});
