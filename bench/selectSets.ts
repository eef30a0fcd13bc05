/**
 * The sets the selection of defaults runs on (bench/select.ts): three families under one folder, each with the
 * protocol the project uses for it, and the seeded sample a big set is cut to.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { takeLabels, takeRows, type Matrix } from '../src/core/data/matrix';
import type { SplitMode } from '../src/core/data/split';
import { loadDataset } from './load';
import { stratifiedSample, type Family } from './selection';

declare const __filename: string;

export interface SetSpec {
  family: Family;
  name: string;
  file: string;
  pollution: number | null;
  split: SplitMode;
  /** Rows kept before pollution subsampling (a seeded, label-stratified sample): null = all. */
  sampleRows: number | null;
}

/** The reference's pollution ratios for ../shared/data/more (its utils.py, as the folder's README lists). */
const MORE_POLLUTION: Record<string, number> = {
  aloi: 0.0304,
  campaign: 0.11265,
  celeba: 0.0224,
  cover: 0.009,
  skin: 0.2075,
  smtp: 0.0003,
};
/** Big sets are sampled for speed: 5000 rows, more where the pollution ratio would leave fewer than 20 outliers. */
const MORE_ROWS = 5000;
const MORE_MIN_OUTLIERS = 20;
const MORE_MAX_ROWS = 30000;
/** CIFAR-10 / SVHN embeddings (~5,200 rows x 512 columns) are sampled to this many rows; MVTec sets are smaller. */
const EMBEDDING_ROWS = 1500;
const SAMPLE_SEED = 15;

export function datasetsTable(): Record<string, { pollution: number }> {
  const here = path.dirname(__filename);
  return JSON.parse(readFileSync(path.join(here, '..', 'bench', 'datasets.json'), 'utf8'));
}

export function discoverSets(root: string): SetSpec[] {
  const table = datasetsTable();
  const npz = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.npz'))
          .sort()
      : [];
  const sets: SetSpec[] = [];
  for (const f of npz(root)) {
    const name = f.replace(/\.npz$/, '');
    // The 15 shared sets on the reference's own rows, so the numbers compare with reference-results.tsv.
    sets.push({
      family: 'classical',
      name,
      file: path.join(root, f),
      pollution: table[name]?.pollution ?? null,
      split: 'reference',
      sampleRows: null,
    });
  }
  for (const f of npz(path.join(root, 'embeddings'))) {
    const name = f.replace(/\.npz$/, '');
    sets.push({
      family: 'embeddings',
      name,
      file: path.join(root, 'embeddings', f),
      pollution: 0.05,
      split: 'random',
      sampleRows: EMBEDDING_ROWS,
    });
  }
  for (const f of npz(path.join(root, 'more'))) {
    const name = f.replace(/\.npz$/, '');
    const r = MORE_POLLUTION[name] ?? null;
    const rows = r ? Math.min(MORE_MAX_ROWS, Math.max(MORE_ROWS, Math.ceil(MORE_MIN_OUTLIERS / r))) : MORE_ROWS;
    sets.push({ family: 'more', name, file: path.join(root, 'more', f), pollution: r, split: 'stratified', sampleRows: rows });
  }
  return sets;
}

export function loadSampled(set: SetSpec): { X: Matrix; y: Uint8Array } {
  const { X, y } = loadDataset(set.file, 'label');
  if (set.sampleRows == null || set.sampleRows >= y.length) return { X, y };
  const keep = stratifiedSample(y, set.sampleRows, SAMPLE_SEED);
  return { X: takeRows(X, keep), y: takeLabels(y, keep) };
}
