/**
 * A signed log scale for the risk traces: warm-up risks differ by a few units, while polarization
 * can push the outlier risk into the hundreds. On a linear axis the warm-up gap would vanish.
 */
export function symlog(v: number): number {
  return Math.sign(v) * Math.log10(1 + Math.abs(v));
}

export function symexp(y: number): number {
  return Math.sign(y) * (10 ** Math.abs(y) - 1);
}

const NICE = [1, 3, 10, 30, 100, 300, 1000, 3000];

/** Tick positions (in symlog units) covering [min, max] of the raw values. */
export function symlogTicks(min: number, max: number): number[] {
  const raw = [0, ...NICE, ...NICE.map((v) => -v)].filter((v) => v >= min - 1e-9 && v <= max + 1e-9);
  // Always frame the data: the nice values just outside it.
  const above = [...NICE, Infinity].find((v) => v >= max) ?? max;
  const below = -([...NICE, Infinity].find((v) => v >= -min) ?? -min);
  const all = [...new Set([...raw, Number.isFinite(above) ? above : max, Number.isFinite(below) ? below : min])];
  if (min >= 0)
    return all
      .filter((v) => v >= 0)
      .sort((a, b) => a - b)
      .map(symlog);
  if (max <= 0)
    return all
      .filter((v) => v <= 0)
      .sort((a, b) => a - b)
      .map(symlog);
  return all.sort((a, b) => a - b).map(symlog);
}

export function formatSymlogTick(y: number): string {
  const v = symexp(y);
  const r = Math.round(v);
  return Math.abs(v - r) < 0.05 ? String(r) : v.toFixed(1);
}
