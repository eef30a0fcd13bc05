/** Losses span from about -10 to a few hundred: two significant decimals near zero, none far out. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function formatAuc(v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? '–' : v.toFixed(3);
}

/** What an AUC means, in words, for someone who has not met the metric. */
export function aucVerdict(auc: number): string {
  if (auc >= 0.9) return 'outliers ranked on top';
  if (auc >= 0.7) return 'outliers mostly ranked on top';
  if (auc >= 0.55) return 'barely better than chance';
  if (auc >= 0.45) return 'no better than a coin flip';
  return 'upside down: the outliers look more typical than the inliers';
}
