import { describe, expect, it } from 'vitest';
import { makeConfig } from './config';
import { parseAssignments } from './configAssign';

describe('parseAssignments', () => {
  it('parses numbers, lists, null, booleans and choices by the default type', () => {
    const o = parseAssignments(
      'imboost.lambda1=0.5,model.hidden=64/32 model.latent=6 imboost.budget=null traceEveryEpoch=true imboost.query=CP',
    );
    const c = makeConfig(o);
    expect(c.imboost.lambda1).toBe(0.5);
    expect(c.imboost.lambda2).toBe(1);
    expect(c.model.hidden).toEqual([64, 32]);
    expect(c.model.latent).toBe(6);
    expect(c.imboost.budget).toBeNull();
    expect(c.traceEveryEpoch).toBe(true);
    expect(c.imboost.query).toBe('CP');
  });

  it('merges into existing overrides', () => {
    const o = parseAssignments('imboost.rho=0.9', { imboost: { query: 'RD' } });
    expect(makeConfig(o).imboost).toMatchObject({ rho: 0.9, query: 'RD' });
  });

  it('rejects unknown keys, sections, bad numbers and bad choices', () => {
    expect(() => parseAssignments('imboost.lamda1=1')).toThrow(/unknown config key "imboost.lamda1"/);
    expect(() => parseAssignments('imboost=1')).toThrow(/section/);
    expect(() => parseAssignments('imboost.k=two')).toThrow(/number/);
    expect(() => parseAssignments('imboost.k=2/3')).toThrow(/imboost.k \(Importance samples\): Enter a number/);
    expect(() => parseAssignments('imboost.query=XY')).toThrow(/MM, CP, RD/);
    expect(() => parseAssignments('traceEveryEpoch=yes')).toThrow(/true or false/);
    expect(() => parseAssignments('lambda1')).toThrow(/key=value/);
  });
});
