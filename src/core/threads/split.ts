/**
 * Splitting a scoring pass over threads without changing a single number: the pass draws its noise chunk by chunk
 * from one seeded stream (mulberry32, two uniforms per normal), so a part that starts at a chunk boundary can start
 * from the stream's state there, computed in O(1) instead of drawn.
 */

export interface RowPart {
  start: number;
  count: number;
}

/** `parts` contiguous ranges of whole chunks (the last chunk may be short), as even as chunks allow. */
export function planParts(rows: number, chunk: number, parts: number): RowPart[] {
  const chunks = Math.ceil(rows / chunk);
  const p = Math.max(1, Math.min(parts, chunks));
  const out: RowPart[] = [];
  for (let j = 0; j < p; j++) {
    const start = Math.floor((j * chunks) / p) * chunk;
    const end = Math.min(rows, Math.floor(((j + 1) * chunks) / p) * chunk);
    out.push({ start, count: end - start });
  }
  return out;
}

const GOLDEN = 0x6d2b79f5;

/**
 * The Rng state after `normals` standard normals from `state`, assuming none of them hit Box-Muller's
 * u <= 1e-12 redraw (about one normal in 10^12). The caller checks the assumption: each part reports the state it
 * ended at, and a part whose predecessor did not end where this predicted is scored again in order.
 */
export function stateAfterNormals(state: number, normals: number): number {
  // Each uniform adds GOLDEN to the state mod 2^32; Math.imul wraps the product the same way.
  return (state + Math.imul((2 * normals) % 4294967296, GOLDEN)) >>> 0;
}
