import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, hashFromSettings, sameRun, settingsFromHash, type LearnSettings } from './settings';

describe('settings in the URL hash', () => {
  it('round-trips every field', () => {
    const s: LearnSettings = {
      preset: 'd',
      rows: 1700,
      contamination: 0.07,
      spread: 1.4,
      seed: 9001,
      method: 'odim',
      compare: true,
      methodB: 'imboost',
      speed: 'slow',
    };
    const hash = hashFromSettings(s);
    expect(hash.startsWith('#/learn?')).toBe(true);
    expect(settingsFromHash(hash)).toEqual(s);
  });

  it('gives the defaults for a bare route', () => {
    expect(settingsFromHash('#/learn')).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromHash('')).toEqual(DEFAULT_SETTINGS);
  });

  it("uses the preset's own contamination when the link has none", () => {
    expect(settingsFromHash('#/learn?preset=b').contamination).toBe(0.2);
    expect(settingsFromHash('#/learn?preset=b&contamination=0.05').contamination).toBe(0.05);
  });

  it('ignores bad values', () => {
    const s = settingsFromHash('#/learn?preset=q&rows=abc&method=svm&speed=warp&compare=yes&seed=');
    expect(s).toEqual(DEFAULT_SETTINGS);
  });

  it('treats a speed change as the same run and a seed change as another', () => {
    expect(sameRun(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, speed: 'fastest' })).toBe(true);
    expect(sameRun(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, methodB: 'odim' })).toBe(true); // no second run
    expect(sameRun(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, seed: 2 })).toBe(false);
    expect(sameRun({ ...DEFAULT_SETTINGS, compare: true }, { ...DEFAULT_SETTINGS, compare: true, methodB: 'odim' })).toBe(false);
  });
});
