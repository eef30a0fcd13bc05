// Matrix products of the IWAE's layers, blocked for the cache (WebAssembly SIMD; see index.ts).

/**
 * C[m, n] (+)= A · B with B row-major [k, n] and A read through strides: A(i, p) = A[i * ars + p * acs]
 * (ars = k, acs = 1 for a row-major A; ars = 1, acs = m for A stored transposed, as the weight gradients
 * input^T · dA need). Blocked for the cache: a panel of B (KB rows x NB columns, 64 KB) is reused by every
 * row of A before the next one is read, so the [512, 2000] heads of wide tables stream from L2, not memory.
 */
export function gemm(a: usize, ars: i32, acs: i32, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  for (let k0 = 0; k0 < k; k0 += KB) {
    const k1 = min(k, k0 + KB);
    const acc = accumulate || k0 > 0;
    for (let j0 = 0; j0 < n; j0 += NB) gemmPanel(a, ars, acs, b, c, m, k0, k1, j0, min(n, j0 + NB), n, acc);
  }
}

const KB = 256;
const NB = 64;
/** From this many rows of A a panel's 8-column strips of B are first copied to PACK (below, the copy costs more than it saves). */
const PACK_FROM_ROWS = 16;
/**
 * One panel of B as contiguous 8-column strips: the 4 x 8 blocks then read it sequentially instead of with B's row
 * stride (a 1000-wide B row puts every step of the inner loop on a new cache line and page).
 */
const PACK: usize = memory.data(KB * NB * 4, 16);

/**
 * a * b + c. The relaxed-SIMD build (imlab-fma.wasm) fuses it where the CPU has FMA, which doubles the
 * products' throughput on wide networks; the baseline build multiplies and adds.
 */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** C[:, j0..j1) (+)= A[:, k0..k1) · B[k0..k1, j0..j1): 4 x 8 register blocks, 8 accumulators across the p loop. */
function gemmPanel(a: usize, ars: i32, acs: i32, b: usize, c: usize, m: i32, k0: i32, k1: i32, j0: i32, j1: i32, n: i32, accumulate: bool): void {
  const ar = (<usize>ars) << 2;
  const ac = (<usize>acs) << 2;
  const bRow = (<usize>n) << 2;
  const bStart = b + <usize>k0 * bRow;
  const aStart = a + <usize>k0 * ac;
  const kn = k1 - k0;
  const j8 = j0 + ((j1 - j0) & ~7);
  const j4 = j0 + ((j1 - j0) & ~3);
  // The same products in the same order either way: packing moves where B is read from, not a single sum.
  const packed = m >= PACK_FROM_ROWS;
  if (packed) {
    for (let j = j0; j < j8; j += 8) {
      let src = bStart + (<usize>j << 2);
      let dst = PACK + <usize>(j - j0) * <usize>kn * 4;
      for (let p = 0; p < kn; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += bRow;
        dst += 32;
      }
    }
  }
  const bStep: usize = packed ? 32 : bRow;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = aStart + <usize>i * ar;
    const cRow0 = c + <usize>i * bRow;
    let j = j0;
    for (; j < j8; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let bp = packed ? PACK + <usize>(j - j0) * <usize>kn * 4 : bStart + (<usize>j << 2);
      let ap = a0;
      for (let p = 0; p < kn; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const x0 = f32x4.splat(load<f32>(ap));
        const x1 = f32x4.splat(load<f32>(ap + ar));
        const x2 = f32x4.splat(load<f32>(ap + 2 * ar));
        const x3 = f32x4.splat(load<f32>(ap + 3 * ar));
        c00 = madd(x0, b0, c00);
        c01 = madd(x0, b1, c01);
        c10 = madd(x1, b0, c10);
        c11 = madd(x1, b1, c11);
        c20 = madd(x2, b0, c20);
        c21 = madd(x2, b1, c21);
        c30 = madd(x3, b0, c30);
        c31 = madd(x3, b1, c31);
        bp += bStep;
        ap += ac;
      }
      const cp = cRow0 + (<usize>j << 2);
      store8(cp, c00, c01, accumulate);
      store8(cp + bRow, c10, c11, accumulate);
      store8(cp + 2 * bRow, c20, c21, accumulate);
      store8(cp + 3 * bRow, c30, c31, accumulate);
    }
    for (; j < j4; j += 4) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let bp = bStart + (<usize>j << 2);
      let ap = a0;
      for (let p = 0; p < kn; p++) {
        const b0 = v128.load(bp);
        c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(ap)), b0));
        c1 = f32x4.add(c1, f32x4.mul(f32x4.splat(load<f32>(ap + ar)), b0));
        c2 = f32x4.add(c2, f32x4.mul(f32x4.splat(load<f32>(ap + 2 * ar)), b0));
        c3 = f32x4.add(c3, f32x4.mul(f32x4.splat(load<f32>(ap + 3 * ar)), b0));
        bp += bRow;
        ap += ac;
      }
      const cp = cRow0 + (<usize>j << 2);
      store4(cp, c0, accumulate);
      store4(cp + bRow, c1, accumulate);
      store4(cp + 2 * bRow, c2, accumulate);
      store4(cp + 3 * bRow, c3, accumulate);
    }
    if (j < j1) {
      // The last 1-3 columns as one vector: the loads run up to 3 floats past the row (the arena keeps 16 bytes
      // of slack after every buffer), and only the valid lanes are stored.
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let bp = bStart + (<usize>j << 2);
      let ap = a0;
      for (let p = 0; p < kn; p++) {
        const b0 = v128.load(bp);
        c0 = madd(f32x4.splat(load<f32>(ap)), b0, c0);
        c1 = madd(f32x4.splat(load<f32>(ap + ar)), b0, c1);
        c2 = madd(f32x4.splat(load<f32>(ap + 2 * ar)), b0, c2);
        c3 = madd(f32x4.splat(load<f32>(ap + 3 * ar)), b0, c3);
        bp += bRow;
        ap += ac;
      }
      const cp = cRow0 + (<usize>j << 2);
      const lanes = j1 - j;
      storeLanes(cp, c0, lanes, accumulate);
      storeLanes(cp + bRow, c1, lanes, accumulate);
      storeLanes(cp + 2 * bRow, c2, lanes, accumulate);
      storeLanes(cp + 3 * bRow, c3, lanes, accumulate);
    }
  }
  for (; i < m; i++) {
    const a0 = aStart + <usize>i * ar;
    const cRow = c + <usize>i * bRow;
    for (let j = j0; j < j1; j += 4) {
      let c0 = f32x4.splat(0);
      let bp = bStart + (<usize>j << 2);
      let ap = a0;
      for (let p = 0; p < kn; p++) {
        c0 = madd(f32x4.splat(load<f32>(ap)), v128.load(bp), c0);
        bp += bRow;
        ap += ac;
      }
      storeLanes(cRow + (<usize>j << 2), c0, min(4, j1 - j), accumulate);
    }
  }
}

/** Stores the first `lanes` (1-4) lanes of v at p, added to what is there when accumulating. */
// @ts-ignore: decorator
@inline function storeLanes(p: usize, v: v128, lanes: i32, accumulate: bool): void {
  if (lanes == 4) {
    store4(p, v, accumulate);
    return;
  }
  const x0 = f32x4.extract_lane(v, 0);
  store<f32>(p, accumulate ? load<f32>(p) + x0 : x0);
  if (lanes > 1) {
    const x1 = f32x4.extract_lane(v, 1);
    store<f32>(p + 4, accumulate ? load<f32>(p + 4) + x1 : x1);
  }
  if (lanes > 2) {
    const x2 = f32x4.extract_lane(v, 2);
    store<f32>(p + 8, accumulate ? load<f32>(p + 8) + x2 : x2);
  }
}

// @ts-ignore: decorator
@inline function store4(p: usize, v: v128, accumulate: bool): void {
  v128.store(p, accumulate ? f32x4.add(v128.load(p), v) : v);
}

// @ts-ignore: decorator
@inline function store8(p: usize, v0: v128, v1: v128, accumulate: bool): void {
  store4(p, v0, accumulate);
  store4(p + 16, v1, accumulate);
}

/** out[cols, rows] = in[rows, cols]^T (the backward pass multiplies by transposed weights). */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const s = src + ((<usize>i * <usize>cols) << 2);
    for (let j = 0; j < cols; j++) store<f32>(dst + ((<usize>j * <usize>rows + <usize>i) << 2), load<f32>(s + (<usize>j << 2)));
  }
}
