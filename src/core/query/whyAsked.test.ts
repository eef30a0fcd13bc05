import { describe, expect, it } from 'vitest';
import { whyAsked } from './whyAsked';

describe('whyAsked', () => {
  it('names the uncertainty of a GMM-posterior query, with its side and the rule’s target', () => {
    expect(whyAsked('MM', 0.62, 0.4)).toBe(
      'Asked because the model is unsure: its loss lies where the typical and the unusual rows overlap (62% inlier; the rule asks rows whose weaker side is nearest 40%).',
    );
    expect(whyAsked('MM', 0.3, 0.4)).toMatch(/\(70% outlier;/);
  });

  it('says what the other rules ask for', () => {
    expect(whyAsked('RD', null, 0.4)).toMatch(/^Asked at random/);
    expect(whyAsked('CP', null, 0.4)).toMatch(/most or least anomalous/);
    expect(whyAsked('MM', null, 0.4)).toMatch(/cannot tell/);
    expect(whyAsked('MM', NaN, 0.4)).toMatch(/forest on your answers/);
  });
});
