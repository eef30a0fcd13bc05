/**
 * What the answers' study scripts (stage-study.ts, loop-sim.ts) share: their common options, the cached label-free
 * scores' shape, and the sets of a suite folder with each one's pollution (bench/datasets.json, or --pollution).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

declare const __dirname: string;

export const STUDY_OPTIONS = {
  seeds: { type: 'string', default: '100,200,300' },
  pollution: { type: 'string' },
  datasets: { type: 'string' },
  cache: { type: 'string', default: '.bench-out/stage-cache' },
} as const;

/** A ranking's scores of the training and the test rows, as cached. */
export type Scores = { train: number[]; test: number[] };

/** The .npz sets of `suite` (those named in `only`, when given), with their pollution ratio. */
export function studySets(
  suite: string,
  only: string | undefined,
  pollution: string | undefined,
): { name: string; file: string; pollution: number | null }[] {
  const known: Record<string, { pollution: number }> = JSON.parse(
    readFileSync(path.join(__dirname, '..', 'bench', 'datasets.json'), 'utf8'),
  );
  const names = only?.split(',');
  return readdirSync(suite)
    .filter((f) => f.endsWith('.npz'))
    .sort()
    .map((f) => f.replace(/\.npz$/, ''))
    .filter((name) => !names || names.includes(name))
    .map((name) => ({
      name,
      file: path.join(suite, `${name}.npz`),
      pollution: pollution ? Number(pollution) : (known[name]?.pollution ?? null),
    }));
}
