/** The WASM engine's scoring passes: every row of a table, chunk by chunk, split over helper threads when big. */
import type { EngineConfig } from '../config';
import type { Matrix } from '../data/matrix';
import type { Rng } from '../rng';
import { yieldToLoop } from '../train/control';
import type { RowPart } from '../threads/split';
import { scoreSplit, type RowSlices } from '../threads/splitPass';
import { negBound } from './loss';
import { forward, type Net } from './network';

/** Rows scored between two yields to the event loop. */
const YIELD_ROWS = 65_536;
/**
 * Decoder rows (rows x K) of one forward pass when scoring: a scoring chunk's noise is drawn whole (its layout
 * decides the numbers) and its rows go through the network in pieces of this size. Eval mode treats every row
 * alone, so the scores are the same bits; the scratch stays ~2 MB instead of ~13 MB for 8,192 rows at K = 2.
 */
const FORWARD_ROWS = 2048;

const matrixIds = new WeakMap<Matrix, number>();
let matrices = 0;

/** A name for a scored table in helper threads' caches, the same for the same Matrix object. */
export function matrixKey(m: Matrix): string {
  let mid = matrixIds.get(m);
  if (mid === undefined) matrixIds.set(m, (mid = ++matrices));
  return `m${mid}`;
}

/** The engine's parts a scoring pass draws on. */
export interface ScoringSource {
  net(): Net;
  readonly rng: Rng;
  readonly cfg: EngineConfig;
  noise(k: number, b: number): number;
  readWeights(): Float32Array[];
}

/**
 * Scores the rows of `x` chunk by chunk; a big pass is split over idle helper threads (core/threads/splitPass.ts),
 * which are sent their slice of `x` once, named `key`.
 */
export function scoreRows(src: ScoringSource, key: string, x: Float32Array, rows: number, k: number): Promise<Float32Array> {
  const { arch, w } = src.net();
  const d = arch.inputDim;
  const slices: RowSlices = { key, copy: (start, size) => x.slice(start * d, (start + size) * d) };
  const chunk = Math.max(1, Math.floor(src.cfg.scoreChunk / Math.max(1, k / 2)));
  const host = {
    rng: src.rng,
    latent: arch.latent,
    cols: d,
    paramCount: w.total,
    config: src.cfg,
    readWeights: () => src.readWeights(),
    scoreRange: (part: RowPart, out: Float32Array) => scoreRange(src, x, part, k, chunk, out),
  };
  return scoreSplit(host, slices, rows, k, chunk);
}

/** Rows [part.start, part.start + part.count) from the stream's current state, into `out`. */
async function scoreRange(src: ScoringSource, x: Float32Array, part: RowPart, k: number, chunk: number, out: Float32Array): Promise<void> {
  const n = src.net();
  const { kern } = n;
  const end = part.start + part.count;
  let sinceYield = 0;
  for (let start = part.start; start < end; start += chunk) {
    const size = Math.min(chunk, end - start);
    kern.resetScratch();
    const eps = src.noise(k, size);
    const piece = Math.max(1, Math.floor(FORWARD_ROWS / k));
    const scratch = kern.position();
    for (let at = 0; at < size; at += piece) {
      const count = Math.min(piece, size - at);
      kern.rewind(scratch);
      const rows = rowsIn(n, x, start + at, count);
      const pass = forward(n, rows, count, k, count === size ? eps : noiseRows(n, eps, k, size, at, count), 'eval');
      out.set(negBound(kern.f32(pass.logw, k * count), k, count), start + at);
    }
    // A big table's pass takes a while: let the worker answer the page (labels, table windows) meanwhile.
    sinceYield += size;
    if (sinceYield >= YIELD_ROWS && start + size < end) {
      sinceYield = 0;
      kern.resetScratch();
      await yieldToLoop();
    }
  }
  kern.resetScratch();
}

/** Rows [start, start + size) of `x` (row-major, this engine's width), copied into scratch. */
function rowsIn(n: Net, x: Float32Array, start: number, size: number): number {
  const d = n.arch.inputDim;
  const p = n.kern.alloc(size * d);
  n.kern.f32(p, size * d).set(x.subarray(start * d, (start + size) * d));
  return p;
}

/** Rows [at, at + count) of noise [K, rows, latent], copied to a new [K, count, latent] buffer. */
function noiseRows(n: Net, eps: number, k: number, rows: number, at: number, count: number): number {
  const { kern } = n;
  const l = n.arch.latent;
  const out = kern.alloc(k * count * l);
  const f = new Float32Array(kern.k.memory.buffer);
  for (let s = 0; s < k; s++) f.copyWithin(out / 4 + s * count * l, eps / 4 + (s * rows + at) * l, eps / 4 + (s * rows + at + count) * l);
  return out;
}
