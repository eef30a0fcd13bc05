/**
 * Which label-free ranking should stand before any answer (issue 24: "at 0 answers at least the best label-free
 * peer")? On the reference's rows of each set and seed, the IWAE warm-up's test scores (IMBoost's, step for step),
 * IsolationForest, kNN and cosine kNN, and rank blends of them; prints one JSON line per set and seed with each
 * ranking's test AUC, for a leave-datasets-out choice (bench/contrast-table.ts --choose reads the same fields).
 * `node bench/build.mjs bench/prior-study.ts .bench-out/prior-study.cjs && node --experimental-wasm-relaxed-simd
 *  .bench-out/prior-study.cjs <suite folder> [seeds]`
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeConfig } from '../src/core/config';
import { minMaxScale } from '../src/core/data/scale';
import { percentileAgainst } from '../src/core/answers/ranks';
import { rocAuc } from '../src/core/metrics';
import { scorePeer, type PeerId } from '../src/core/peers/peers';
import { runMethod } from '../src/core/train/runMethod';
import { loadDataset } from './load';
import { initNodeBackend } from './node-backend';
import { protocolRows } from './protocol';
import { loadWasmEngine } from './wasm-engine';

declare const __dirname: string;
const [suite = '../shared/data', seedList = '100,200,300'] = process.argv.slice(2);
const DATASETS: Record<string, { pollution: number }> = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'bench', 'datasets.json'), 'utf8'),
);

const mean = (parts: Float64Array[]) => Float64Array.from(parts[0], (_, i) => parts.reduce((a, p) => a + p[i], 0) / parts.length);

void (async () => {
  await initNodeBackend();
  loadWasmEngine();
  const files = readdirSync(suite).filter((f) => f.endsWith('.npz'));
  for (const f of files.sort()) {
    const name = f.replace(/\.npz$/, '');
    const { X, y } = loadDataset(path.join(suite, f), 'label');
    for (const seed of seedList.split(',').map(Number)) {
      const scaled = minMaxScale(X);
      const { Xtr, Xte, yte } = protocolRows(scaled, y, DATASETS[name]?.pollution ?? null, seed, 'reference');
      // The contrast method with no encoder returns IMBoost's warm-up scores at little extra cost.
      const r = await runMethod({
        X: Xtr,
        Xtest: Xte,
        config: makeConfig({ method: 'contrast', seed: 1234, contrast: { encoder: 'none' } }),
      });
      const warm = { train: r.warmup!.scores, test: r.warmup!.testScores! };
      const raw = protocolRows(X, y, DATASETS[name]?.pollution ?? null, seed, 'reference');
      const peer = (id: PeerId) => scorePeer(id, id === 'cosine-knn' ? raw.Xtr : Xtr, id === 'cosine-knn' ? raw.Xte : Xte, seed);
      const sources = { warmup: warm, iforest: peer('iforest'), knn: peer('knn'), cosine: peer('cosine-knn') };
      const rank = Object.fromEntries(Object.entries(sources).map(([k, s]) => [k, percentileAgainst(s.train, s.test)])) as Record<
        keyof typeof sources,
        Float64Array
      >;
      const auc = (s: ArrayLike<number>) => rocAuc(Array.from(s), Array.from(yte));
      const line = {
        dataset: name,
        seed,
        warmup: auc(warm.test),
        iforest: auc(sources.iforest.test),
        knn: auc(sources.knn.test),
        cosine: auc(sources.cosine.test),
        warmup_iforest: auc(mean([rank.warmup, rank.iforest])),
        warmup_iforest_knn: auc(mean([rank.warmup, rank.iforest, rank.knn])),
        iforest_knn: auc(mean([rank.iforest, rank.knn])),
        all4: auc(mean([rank.warmup, rank.iforest, rank.knn, rank.cosine])),
      };
      console.log(JSON.stringify(line));
    }
  }
})();
