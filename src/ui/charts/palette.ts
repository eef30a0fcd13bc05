/**
 * The charts' colors, read from the CSS variables in styles.css (the one place they are defined), so a
 * chart and the text or swatch next to it never disagree. Read once, at the first render that needs them
 * (the stylesheet is applied by then); the fallbacks only matter where no stylesheet is (unit tests).
 */
const VARS = {
  inlier: ['--inlier', '#1d4ed8'],
  outlier: ['--outlier', '#b43c0a'],
  neutral: ['--chart-neutral', '#5b6472'],
  grid: ['--chart-grid', '#e3e6eb'],
  marker: ['--chart-marker', '#4b5563'],
  candidate: ['--outlier', '#b43c0a'],
  bar: ['--chart-bar', '#7b93c9'],
  auc: ['--inlier', '#1d4ed8'],
  ap: ['--chart-ap', '#7c3aed'],
  tick: ['--chart-tick', '#3d4450'],
  axis: ['--chart-axis', '#9aa3af'],
  learnInlier: ['--learn-inlier', '#2b63b0'],
  learnOutlier: ['--learn-outlier', '#c0392b'],
  learnMarker: ['--learn-marker', '#4a525e'],
  round: ['--chart-round', '#c0157a'],
} as const;

export type Palette = Record<keyof typeof VARS, string>;

let cached: Palette | null = null;

function read(): Palette {
  const style = typeof document !== 'undefined' ? getComputedStyle(document.documentElement) : null;
  const out = {} as Palette;
  let fromCss = false;
  for (const [key, [name, fallback]] of Object.entries(VARS) as [keyof Palette, readonly [string, string]][]) {
    const v = style?.getPropertyValue(name).trim();
    if (v) fromCss = true;
    out[key] = v || fallback;
  }
  // Cache only what the stylesheet said: before it applies, ask again next time.
  if (fromCss) cached = out;
  return out;
}

/** Every chart color, e.g. `COLORS.inlier`; each property reads the palette (cached after the first read). */
export const COLORS: Palette = Object.defineProperties(
  {} as Palette,
  Object.fromEntries(Object.keys(VARS).map((k) => [k, { enumerable: true, get: () => (cached ?? read())[k as keyof Palette] }])),
);
