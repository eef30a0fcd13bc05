/**
 * A category's rarity on the numeric features' scale. A robust z-score says how far a value lies from the typical
 * rows; a category has no distance, only a share p of the rows holding it. The two meet through the normal tail:
 * a category held by p of the rows is as rare as a value beyond ±z with z = Φ⁻¹(1 − p/2) (p = 0.8%: 2.65σ,
 * p = 0.01%: 3.9σ), so both sort on one scale. A share at or above RARE_SHARE (|z| ≤ 2, about one row in 22) is
 * ordinary, not something that stands out: without that floor a common category would still rank ~1σ and lead
 * a row whose numbers are all near their medians.
 */

/** The |z| below which a category does not stand out. */
export const RARE_Z = 2;
/** 2 · (1 − Φ(RARE_Z)): the share of rows a category must stay under to stand out. */
export const RARE_SHARE = 0.0455002638963584;

/** The rarity of a category held by `share` of the rows, as a |z| (0 when it is not rare). */
export function rarityZ(share: number): number {
  if (!(share < RARE_SHARE)) return 0;
  return upperTailZ(Math.max(share, 1e-300) / 2);
}

// Acklam's rational approximation of Φ⁻¹ in its lower tail (q < 0.02425), relative error below 1.2e-9:
// RARE_SHARE / 2 ≈ 0.0228 keeps every call in that region.
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** z such that 1 − Φ(z) = q, for 0 < q < 0.02425. */
function upperTailZ(q: number): number {
  const t = Math.sqrt(-2 * Math.log(q));
  const num = ((((C[0] * t + C[1]) * t + C[2]) * t + C[3]) * t + C[4]) * t + C[5];
  const den = (((D[0] * t + D[1]) * t + D[2]) * t + D[3]) * t + 1;
  return -num / den;
}
