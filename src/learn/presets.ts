/**
 * Synthetic 2-D data sets for Learn mode, generated from a seed so a shared link reproduces them.
 * Pure: no DOM, no TF.js. Each generator works in a raw plane of roughly [-1, 1]^2; the result is
 * min-max scaled to [0, 1] per column because the engine expects that.
 */
import { minMaxScale } from '../core/data/scale';
import { Rng } from '../core/rng';
import type { Method } from '../core/config';

export type PresetId = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';

export interface PresetInfo {
  id: PresetId;
  title: string;
  /** One line: what to look for when this preset runs. */
  caption: string;
  /** Share of outliers the preset is tuned for; choosing the preset sets it. */
  contamination: number;
  /** What else choosing the preset sets (points, cluster spread, seed, the methods side by side). */
  sets?: { rows?: number; spread?: number; seed?: number; method?: Method; methodB?: Method };
}

export const PRESETS: readonly PresetInfo[] = [
  {
    id: 'a',
    contamination: 0.05,
    title: 'Scattered outliers',
    caption:
      'One dense cloud of inliers, outliers sprinkled around it. Look for the red outlier-risk curve staying above the blue inlier one from the first epochs: the model learns the cloud first.',
  },
  {
    id: 'b',
    contamination: 0.2,
    title: 'Dense outlier cluster',
    caption:
      'The outliers sit in one tight clump, denser than the inliers, so the model learns them first and the unsupervised ranking turns upside down (AUC below 0.5). No unsupervised detector does better: IsolationForest and kNN rank the clump as the most normal rows too (AUC 0.09 and 0.00). Look for a few answers in the query rounds flipping the red curve up.',
  },
  {
    id: 'c',
    contamination: 0.15,
    title: 'Measurement error',
    caption:
      'Every outlier is one repeated value (a stuck sensor) just outside the cloud. A repeated value is the easiest thing to memorize, so the unsupervised ranking fails; see whether a few labels push it out.',
  },
  {
    id: 'd',
    contamination: 0.1,
    title: 'Overlapping classes',
    caption:
      'Outliers are a wider cloud over the same region as the inliers. Those inside the inlier cloud cannot be told apart by any method; look at how far the AUC can go.',
  },
  {
    id: 'e',
    contamination: 0.1,
    title: 'Two clusters and a ring',
    caption:
      'Two inlier clusters inside a thin ring of outliers. The model has to learn two separate shapes at once; watch both clusters turn blue while the ring stays red.',
  },
  {
    id: 'f',
    contamination: 0.1,
    sets: { rows: 400, spread: 0.5, seed: 5, method: 'gradstop', methodB: 'ae' },
    title: 'Stopping in time (GradStop)',
    caption:
      'Two tight clusters in a ring, GradStop beside the plain autoencoder. Trained on, the autoencoder learns to rebuild the ring too and its AUC falls; GradStop keeps an epoch from before that and stops. On other seeds and sizes the rule often does not fire: try them.',
  },
  {
    id: 'g',
    contamination: 0.1,
    sets: { rows: 1000, seed: 2, method: 'contrast' },
    title: 'Outliers in the pockets of a curve (contrast)',
    caption:
      "Inliers along a wave, outliers in the hollows under its two crests. The IWAE's warm-up rebuilds the whole band the wave spans, hollows included, and ranks many pocket outliers as normal; the contrast stage then trains an encoder on the rows the warm-up ranks most normal and scores each row by its nearest such row, which the hollows lack. Watch the AUC chart: the warm-up's points, then the contrast stage's at the end.",
  },
];

export function presetInfo(id: PresetId): PresetInfo {
  return PRESETS.find((p) => p.id === id) ?? PRESETS[0];
}

export function isPresetId(v: unknown): v is PresetId {
  return typeof v === 'string' && PRESETS.some((p) => p.id === v);
}

export interface DataParams {
  preset: PresetId;
  rows: number;
  /** Share of outliers, in (0, 0.5). */
  contamination: number;
  /** Multiplies the inlier clusters' standard deviations (1 = the preset as designed). */
  spread: number;
  seed: number;
}

export interface LearnData {
  /** Row-major (x, y) pairs scaled to [0, 1]. */
  points: Float32Array;
  /** 1 = outlier, 0 = inlier, per row. */
  truth: Uint8Array;
  rows: number;
  outliers: number;
}

export const ROWS_MIN = 200;
export const ROWS_MAX = 5000;
export const CONTAMINATION_MIN = 0.01;
export const CONTAMINATION_MAX = 0.3;
export const SPREAD_MIN = 0.5;
export const SPREAD_MAX = 2;

type Point = [number, number];

interface Generator {
  inlier(rng: Rng, spread: number): Point;
  outlier(rng: Rng, spread: number): Point;
}

function gaussian(rng: Rng, cx: number, cy: number, sd: number): Point {
  return [cx + sd * rng.normal(), cy + sd * rng.normal()];
}

function uniformIn(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

const A_INLIER_SD = 0.15;

const GENERATORS: Record<Exclude<PresetId, 'f'>, Generator> = {
  a: {
    inlier: (rng, s) => gaussian(rng, 0, 0, A_INLIER_SD * s),
    // Uniform in the square, but not inside the inlier cloud: scattered, visibly apart.
    outlier: (rng, s) => {
      for (;;) {
        const p: Point = [uniformIn(rng, -1, 1), uniformIn(rng, -1, 1)];
        if (Math.hypot(p[0], p[1]) > 2.5 * A_INLIER_SD * s) return p;
      }
    },
  },
  // Tuned so the clump is learned first: a fifth of the rows, one tight spot at the cloud's edge.
  b: {
    inlier: (rng, s) => gaussian(rng, 0, 0, 0.25 * s),
    outlier: (rng) => gaussian(rng, 0.5, 0.4, 0.015),
  },
  // One repeated value just outside the cloud: dense enough to be learned before the inliers.
  c: {
    inlier: (rng, s) => gaussian(rng, 0, 0, 0.2 * s),
    outlier: () => [0.35, 0.25],
  },
  d: {
    inlier: (rng, s) => gaussian(rng, 0, 0, 0.2 * s),
    outlier: (rng) => gaussian(rng, 0.2, 0.15, 0.45),
  },
  e: {
    inlier: (rng, s) => (rng.next() < 0.5 ? gaussian(rng, -0.45, 0, 0.12 * s) : gaussian(rng, 0.45, 0, 0.12 * s)),
    outlier: (rng) => {
      const angle = 2 * Math.PI * rng.next();
      const radius = 0.95 + 0.03 * rng.normal();
      return [radius * Math.cos(angle), 0.7 * radius * Math.sin(angle)];
    },
  },
  // Measured with bench/learn-contrast.ts: the contrast stage above the warm-up on every seed tried (docs/benchmarks.md).
  g: {
    inlier: (rng, s) => {
      const t = 2 * rng.next() - 1;
      return [t, 0.5 * Math.sin(3 * t) + 0.04 * s * rng.normal()];
    },
    // Under each crest (t = +-0.52, where sin 3t = +-1), halfway down toward the centre line.
    outlier: (rng) => {
      const t = (rng.next() < 0.5 ? -0.52 : 0.52) + 0.08 * rng.normal();
      return [t, -0.1 * Math.sin(3 * t) + 0.06 * rng.normal()];
    },
  },
};

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Valid parameters from anything (URL values included): clamped, rounded, finite. */
export function sanitizeDataParams(p: DataParams): DataParams {
  const num = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);
  return {
    preset: isPresetId(p.preset) ? p.preset : 'a',
    rows: Math.round(clamp(num(p.rows, 1000), ROWS_MIN, ROWS_MAX)),
    // Rounded so a value read back from a URL is exactly the value that was written.
    contamination: roundTo(clamp(num(p.contamination, 0.1), CONTAMINATION_MIN, CONTAMINATION_MAX), 3),
    spread: roundTo(clamp(num(p.spread, 1), SPREAD_MIN, SPREAD_MAX), 2),
    seed: Math.trunc(clamp(num(p.seed, 1), 0, 2 ** 31 - 1)),
  };
}

/**
 * The data set for these parameters. The outlier rows are shuffled among the inliers so no method
 * can profit from row order. Same parameters, same data, on every machine.
 */
export function generatePreset(params: DataParams): LearnData {
  const p = sanitizeDataParams(params);
  // (f) is (e)'s shapes at other settings, with its own noise.
  const gen = GENERATORS[p.preset === 'f' ? 'e' : p.preset];
  // The preset id is mixed into the seed so presets with one seed do not share their noise.
  const rng = new Rng((Math.imul(p.seed, 0x9e3779b1) ^ p.preset.charCodeAt(0)) >>> 0);
  const outliers = Math.max(1, Math.round(p.rows * p.contamination));
  const order = Int32Array.from({ length: p.rows }, (_, i) => i);
  rng.shuffle(order);
  const truth = new Uint8Array(p.rows);
  for (let i = 0; i < outliers; i++) truth[order[i]] = 1;
  const raw = new Float32Array(p.rows * 2);
  for (let i = 0; i < p.rows; i++) {
    const [x, y] = truth[i] ? gen.outlier(rng, p.spread) : gen.inlier(rng, p.spread);
    raw[2 * i] = x;
    raw[2 * i + 1] = y;
  }
  const scaled = minMaxScale({ data: raw, rows: p.rows, cols: 2 });
  return { points: scaled.data, truth, rows: p.rows, outliers };
}
