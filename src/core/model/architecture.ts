/** Encoder widths and latent size by feature count: the reference's per-dataset table reduced to a rule. */
export interface Architecture {
  inputDim: number;
  hidden: number[];
  latent: number;
}

/**
 * The bands of the reference's table (protocol.md): d <= 3, 4..6, 7..100, 101..699, >= 700.
 * d = 100 belongs to the narrow band: their table has no set between 64 and 166 features, and the
 * reference's own run on a 100-feature set used [32,16] / 8 (and beat the wider network there).
 */
export const WIDTH_BANDS: readonly { maxD: number; hidden: readonly number[]; latent: number }[] = [
  { maxD: 3, hidden: [32, 16], latent: 2 },
  { maxD: 6, hidden: [32, 16], latent: 4 },
  { maxD: 100, hidden: [32, 16], latent: 8 },
  { maxD: 699, hidden: [128, 64], latent: 32 },
  { maxD: Infinity, hidden: [512, 256], latent: 128 },
];

export function architectureFor(d: number, hidden: number[] | null = null, latent: number | null = null): Architecture {
  const band = WIDTH_BANDS.find((b) => d <= b.maxD) ?? WIDTH_BANDS[WIDTH_BANDS.length - 1];
  return { inputDim: d, hidden: hidden ?? [...band.hidden], latent: latent ?? band.latent };
}
