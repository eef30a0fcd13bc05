import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helper shared with the lint rule
import { importsOf, pathBack } from '../eslint/importGraph.js';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Lints `text` as if it were the file at `file` (which need not exist). */
async function messagesFor(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('layers', () => {
  it('refuses an import from src/core into src/ui', async () => {
    const msgs = await messagesFor('src/core/train/bad.ts', "import { useLab } from '../../ui/store';\nexport const s = useLab;\n");
    expect(msgs.join('\n')).toMatch(/no-restricted-imports: .*src\/core imports only src\/core/);
  });

  it('refuses React in src/core, src/ui from src/persist, src/persist from src/worker', async () => {
    expect((await messagesFor('src/core/bad.ts', "import { useState } from 'react';\nexport const u = useState;\n")).join()).toMatch(
      /no-restricted-imports/,
    );
    expect(
      (await messagesFor('src/persist/bad.ts', "import type { LabState } from '../ui/store';\nexport type S = LabState;\n")).join(),
    ).toMatch(/src\/persist imports only/);
    expect((await messagesFor('src/worker/bad.ts', "import { openDb } from '../persist/db';\nexport const o = openDb;\n")).join()).toMatch(
      /src\/worker imports only/,
    );
  });

  it('lets src/ui import src/core and src/worker, and core import core', async () => {
    expect(
      await messagesFor(
        'src/ui/fine.ts',
        "import { makeConfig } from '../core/config';\nimport type { EngineApi } from '../worker/api';\nexport type A = EngineApi;\nexport const m = makeConfig;\n",
      ),
    ).toEqual([]);
    expect(await messagesFor('src/core/train/fine.ts', "import { rocAuc } from '../metrics';\nexport const r = rocAuc;\n")).toEqual([]);
  });

  it('refuses an import that closes a circle of files', async () => {
    // src/core/train/progress.ts imports ../metrics: metrics importing progress back closes a circle.
    const msgs = await messagesFor(
      'src/core/metrics.ts',
      "import type { ProgressEvent } from './train/progress';\nexport type P = ProgressEvent;\n",
    );
    expect(msgs.join('\n')).toMatch(
      /imlab\/no-cycle: Import closes a circle of files: src\/core\/metrics.ts -> src\/core\/train\/progress.ts -> src\/core\/metrics.ts/,
    );
  });

  it('finds no circle of files in src', () => {
    const files = sourceFiles(path.join(root, 'src'));
    const circles = files
      .map((f) => ({ f, back: (importsOf(f) as string[]).map((d) => pathBack(d, f)).find((p) => p != null) }))
      .filter((c) => c.back)
      .map((c) => [c.f, ...c.back].map((p: string) => path.relative(root, p)).join(' -> '));
    expect(circles).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });
});
