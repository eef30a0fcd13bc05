import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillPlaceholder } from '../vite.config';

describe('the service worker build step', () => {
  it('fills both placeholders of public/sw.js', () => {
    const sw = readFileSync(path.join(__dirname, '../public/sw.js'), 'utf8');
    const filled = fillPlaceholder(fillPlaceholder(sw, "'__IMLAB_VERSION__'", '"abc"'), '/* __IMLAB_PRECACHE__ */ []', '["./"]');
    expect(filled).not.toMatch(/__IMLAB_/);
  });

  it('fails when a placeholder is missing', () => {
    expect(() => fillPlaceholder('const VERSION = 1;', "'__IMLAB_VERSION__'", '"x"')).toThrow(/lost its placeholder '__IMLAB_VERSION__'/);
  });
});
