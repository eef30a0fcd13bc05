// The seeded noise of the reparameterisation, the same stream as src/core/rng.ts (see index.ts).

let rngState: u32 = 0;

/** mulberry32, as src/core/rng.ts: uniform in [0, 1) in float64. */
function nextUniform(): f64 {
  const s = (rngState = rngState + 0x6d2b79f5);
  let t = s;
  t = (t ^ (t >>> 15)) * (t | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return <f64>(t ^ (t >>> 14)) / 4294967296.0;
}

/**
 * n standard normals into dst (float32) by Box-Muller on the mulberry32 stream starting at `state`,
 * exactly as Rng.normal() draws them; returns the stream's new state.
 */
export function fillNormal(dst: usize, n: i32, state: u32): u32 {
  rngState = state;
  for (let i = 0; i < n; i++) {
    let u = nextUniform();
    while (u <= 1e-12) u = nextUniform();
    const v = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextUniform());
    store<f32>(dst + ((<usize>i) << 2), <f32>v);
  }
  return rngState;
}
