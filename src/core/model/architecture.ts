/** Encoder widths and latent size by feature count: the reference's per-dataset table reduced to a rule. */
export interface Architecture {
  inputDim: number;
  hidden: number[];
  latent: number;
}

export function architectureFor(d: number, hidden: number[] | null = null, latent: number | null = null): Architecture {
  let h: number[];
  let l: number;
  if (d <= 3) [h, l] = [[32, 16], 2];
  else if (d <= 6) [h, l] = [[32, 16], 4];
  else if (d < 100) [h, l] = [[32, 16], 8];
  else if (d < 700) [h, l] = [[128, 64], 32];
  else [h, l] = [[512, 256], 128];
  return { inputDim: d, hidden: hidden ?? h, latent: latent ?? l };
}
