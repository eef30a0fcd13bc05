// IMLab's compute kernels in WebAssembly SIMD (AssemblyScript). Raw f32 buffers in linear memory,
// addressed by byte offsets the host (src/core/wasm/) allocates; no AssemblyScript heap, no GC.
// The host strings these kernels into the IWAE's forward pass, its hand-written backward pass and Adam.

/** First free byte after the module's static data: the host's allocations start here. */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------
// Matrix products

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

// ---------------------------------------------------------------------------------------------
// BatchNorm (no affine) + LeakyReLU

/**
 * Train mode: per group of rows/groups consecutive rows, the columns' mean and biased variance
 * (two passes, as tf.moments), normed = (a - mean) / sqrt(var + eps), out = LeakyReLU(normed).
 * Writes mean, var and 1/std per [group, column] for the running statistics and the backward pass.
 */
export function bnTrainForward(
  a: usize, normed: usize, out: usize, rows: i32, width: i32, groups: i32, eps: f32, slope: f32,
  meanOut: usize, varOut: usize, invStdOut: usize,
): void {
  const per = rows / groups;
  const rowBytes = (<usize>width) << 2;
  const inv: f32 = 1 / <f32>per;
  for (let g = 0; g < groups; g++) {
    const base = <usize>g * <usize>per * rowBytes;
    const gm = meanOut + <usize>g * rowBytes;
    const gv = varOut + <usize>g * rowBytes;
    const gi = invStdOut + <usize>g * rowBytes;
    columnMean(a + base, per, width, inv, gm);
    // Variance: the mean of squared deviations from the mean.
    memory.fill(gv, 0, rowBytes);
    for (let r = 0; r < per; r++) {
      const row = a + base + <usize>r * rowBytes;
      let j = 0;
      for (; j + 4 <= width; j += 4) {
        const o = <usize>j << 2;
        const dv = f32x4.sub(v128.load(row + o), v128.load(gm + o));
        v128.store(gv + o, f32x4.add(v128.load(gv + o), f32x4.mul(dv, dv)));
      }
      for (; j < width; j++) {
        const o = <usize>j << 2;
        const dv = load<f32>(row + o) - load<f32>(gm + o);
        store<f32>(gv + o, load<f32>(gv + o) + dv * dv);
      }
    }
    for (let j = 0; j < width; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(gv + o) * inv;
      store<f32>(gv + o, v);
      store<f32>(gi + o, 1 / Mathf.sqrt(v + eps));
    }
    normalize(a + base, normed + base, out + base, per, width, gm, gi, slope);
  }
}

/** Eval mode: running statistics. invStdOut[width] receives 1/sqrt(var + eps). */
export function bnEvalForward(
  a: usize, normed: usize, out: usize, rows: i32, width: i32, eps: f32, slope: f32, runMean: usize, runVar: usize, invStdOut: usize,
): void {
  for (let j = 0; j < width; j++) {
    const o = <usize>j << 2;
    store<f32>(invStdOut + o, 1 / Mathf.sqrt(load<f32>(runVar + o) + eps));
  }
  normalize(a, normed, out, rows, width, runMean, invStdOut, slope);
}

function columnMean(a: usize, rows: i32, width: i32, inv: f32, mean: usize): void {
  const rowBytes = (<usize>width) << 2;
  memory.fill(mean, 0, rowBytes);
  for (let r = 0; r < rows; r++) {
    const row = a + <usize>r * rowBytes;
    let j = 0;
    for (; j + 4 <= width; j += 4) {
      const o = <usize>j << 2;
      v128.store(mean + o, f32x4.add(v128.load(mean + o), v128.load(row + o)));
    }
    for (; j < width; j++) {
      const o = <usize>j << 2;
      store<f32>(mean + o, load<f32>(mean + o) + load<f32>(row + o));
    }
  }
  for (let j = 0; j < width; j++) {
    const o = <usize>j << 2;
    store<f32>(mean + o, load<f32>(mean + o) * inv);
  }
}

function normalize(a: usize, normed: usize, out: usize, rows: i32, width: i32, mean: usize, invStd: usize, slope: f32): void {
  const rowBytes = (<usize>width) << 2;
  const vs = f32x4.splat(slope);
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    let j = 0;
    for (; j + 4 <= width; j += 4) {
      const o = <usize>j << 2;
      const nv = f32x4.mul(f32x4.sub(v128.load(a + off + o), v128.load(mean + o)), v128.load(invStd + o));
      v128.store(normed + off + o, nv);
      v128.store(out + off + o, v128.bitselect(nv, f32x4.mul(nv, vs), f32x4.gt(nv, zero)));
    }
    for (; j < width; j++) {
      const o = <usize>j << 2;
      const nv = (load<f32>(a + off + o) - load<f32>(mean + o)) * load<f32>(invStd + o);
      store<f32>(normed + off + o, nv);
      store<f32>(out + off + o, nv > 0 ? nv : nv * slope);
    }
  }
}

/**
 * Backward through LeakyReLU and BatchNorm: dA = invStd * (dN - mean(dN) - normed * mean(dN * normed))
 * per group with batch statistics (groups > 0), or dA = dN * invStd with running statistics (groups = 0).
 * dN = dOut where normed > 0, else slope * dOut. dA may alias dOut.
 */
export function bnBackward(dOut: usize, normed: usize, invStd: usize, rows: i32, width: i32, groups: i32, slope: f32, dA: usize, scratch: usize): void {
  const rowBytes = (<usize>width) << 2;
  const vs = f32x4.splat(slope);
  const zero = f32x4.splat(0);
  // dN first, in place into dA.
  const total = rows * width;
  let e = 0;
  for (; e + 4 <= total; e += 4) {
    const o = <usize>e << 2;
    const d = v128.load(dOut + o);
    v128.store(dA + o, v128.bitselect(d, f32x4.mul(d, vs), f32x4.gt(v128.load(normed + o), zero)));
  }
  for (; e < total; e++) {
    const o = <usize>e << 2;
    const d = load<f32>(dOut + o);
    store<f32>(dA + o, load<f32>(normed + o) > 0 ? d : d * slope);
  }
  if (groups == 0) {
    for (let r = 0; r < rows; r++) {
      const off = dA + <usize>r * rowBytes;
      let j = 0;
      for (; j + 4 <= width; j += 4) {
        const o = <usize>j << 2;
        v128.store(off + o, f32x4.mul(v128.load(off + o), v128.load(invStd + o)));
      }
      for (; j < width; j++) {
        const o = <usize>j << 2;
        store<f32>(off + o, load<f32>(off + o) * load<f32>(invStd + o));
      }
    }
    return;
  }
  const per = rows / groups;
  const inv: f32 = 1 / <f32>per;
  const mdn = scratch;
  const mdnn = scratch + rowBytes;
  for (let g = 0; g < groups; g++) {
    const base = <usize>g * <usize>per * rowBytes;
    const gi = invStd + <usize>g * rowBytes;
    memory.fill(mdn, 0, rowBytes * 2);
    for (let r = 0; r < per; r++) {
      const off = base + <usize>r * rowBytes;
      let j = 0;
      for (; j + 4 <= width; j += 4) {
        const o = <usize>j << 2;
        const d = v128.load(dA + off + o);
        v128.store(mdn + o, f32x4.add(v128.load(mdn + o), d));
        v128.store(mdnn + o, f32x4.add(v128.load(mdnn + o), f32x4.mul(d, v128.load(normed + off + o))));
      }
      for (; j < width; j++) {
        const o = <usize>j << 2;
        const d = load<f32>(dA + off + o);
        store<f32>(mdn + o, load<f32>(mdn + o) + d);
        store<f32>(mdnn + o, load<f32>(mdnn + o) + d * load<f32>(normed + off + o));
      }
    }
    const vinv = f32x4.splat(inv);
    for (let r = 0; r < per; r++) {
      const off = base + <usize>r * rowBytes;
      let j = 0;
      for (; j + 4 <= width; j += 4) {
        const o = <usize>j << 2;
        const m1 = f32x4.mul(v128.load(mdn + o), vinv);
        const m2 = f32x4.mul(v128.load(mdnn + o), vinv);
        const c = f32x4.sub(f32x4.sub(v128.load(dA + off + o), m1), f32x4.mul(v128.load(normed + off + o), m2));
        v128.store(dA + off + o, f32x4.mul(v128.load(gi + o), c));
      }
      for (; j < width; j++) {
        const o = <usize>j << 2;
        const m1 = load<f32>(mdn + o) * inv;
        const m2 = load<f32>(mdnn + o) * inv;
        const c = load<f32>(dA + off + o) - m1 - load<f32>(normed + off + o) * m2;
        store<f32>(dA + off + o, load<f32>(gi + o) * c);
      }
    }
  }
}

/**
 * Folds `groups` batch statistics (in order) into the running ones, PyTorch-style with the unbiased
 * variance, in the closed form the TF.js path uses: x <- decay * x + sum_g w_g * s_g.
 */
export function bnRunningUpdate(runMean: usize, runVar: usize, mean: usize, variance: usize, width: i32, groups: i32, weights: usize, decay: f32, unbias: f32): void {
  const rowBytes = (<usize>width) << 2;
  for (let j = 0; j < width; j++) {
    const o = <usize>j << 2;
    let sm: f32 = 0;
    let sv: f32 = 0;
    for (let g = 0; g < groups; g++) {
      const w = load<f32>(weights + ((<usize>g) << 2));
      sm += load<f32>(mean + <usize>g * rowBytes + o) * w;
      sv += load<f32>(variance + <usize>g * rowBytes + o) * unbias * w;
    }
    store<f32>(runMean + o, load<f32>(runMean + o) * decay + sm);
    store<f32>(runVar + o, load<f32>(runVar + o) * decay + sv);
  }
}

// ---------------------------------------------------------------------------------------------
// The IWAE's heads and bound

/** e^x for four lanes: Cephes' expf (range reduction by ln 2, degree-5 polynomial), within 2 ulp. */
// @ts-ignore: decorator
@inline function expv(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const e = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(e, pow2);
}

/** Scalar lane of expv, for tails: the same polynomial, so a value never depends on its position. */
function exps(x: f32): f32 {
  return f32x4.extract_lane(expv(f32x4.splat(x)), 0);
}

/** Element-wise e^x over n floats (the host's loss and tests use it). */
export function expArray(src: usize, dst: usize, n: i32): void {
  let e = 0;
  for (; e + 4 <= n; e += 4) v128.store(dst + ((<usize>e) << 2), expv(v128.load(src + ((<usize>e) << 2))));
  for (; e < n; e++) store<f32>(dst + ((<usize>e) << 2), exps(load<f32>(src + ((<usize>e) << 2))));
}

/**
 * Encoder head: encOut [B, 2L] holds mu | raw log-variance (before its bias). Writes lvQ (clipped, kept in
 * lvq), sigma = exp(lvQ / 2), the in-range mask, z [K, B, L] = mu + eps * sigma, and per (k, b)
 * latentTerm = log p(z) - log q(z|x) = -sum z^2 / 2 + sum lvQ / 2 + sum eps^2 / 2.
 */
export function encHeadForward(
  encOut: usize, bias: usize, eps: usize, k: i32, b: i32, l: i32, lvMin: f32, lvMax: f32,
  lvq: usize, sigma: usize, mask: usize, z: usize, latentTerm: usize,
): void {
  const l2 = (<usize>l) << 3;
  for (let r = 0; r < b; r++) {
    const row = encOut + <usize>r * l2;
    let slv: f32 = 0;
    for (let j = 0; j < l; j++) {
      const raw = load<f32>(row + ((<usize>(l + j)) << 2)) + load<f32>(bias + ((<usize>j) << 2));
      const lv = Mathf.min(Mathf.max(raw, lvMin), lvMax);
      const o = (<usize>(r * l + j)) << 2;
      store<f32>(lvq + o, lv);
      store<f32>(mask + o, raw >= lvMin && raw <= lvMax ? 1 : 0);
      store<f32>(sigma + o, exps(lv * 0.5));
      slv += lv;
    }
    for (let s = 0; s < k; s++) {
      let sz: f32 = 0;
      let se: f32 = 0;
      for (let j = 0; j < l; j++) {
        const o = (<usize>(r * l + j)) << 2;
        const eo = (<usize>((s * b + r) * l + j)) << 2;
        const ev = load<f32>(eps + eo);
        const zv = load<f32>(row + ((<usize>j) << 2)) + ev * load<f32>(sigma + o);
        store<f32>(z + eo, zv);
        sz += zv * zv;
        se += ev * ev;
      }
      store<f32>(latentTerm + ((<usize>(s * b + r)) << 2), -0.5 * sz + 0.5 * slv + 0.5 * se);
    }
  }
}

/**
 * Decoder head: decOut [K*B, 2D] holds the mean's pre-sigmoid | raw log-variance (before its bias), x [B, D].
 * Writes muX = sigmoid, diff = muX - x, e^{-lvX}, the in-range mask of lvX, and
 * logw[k, b] = sum_d -(lvX + diff^2 e^{-lvX} / 2) + latentTerm[k, b].
 */
export function decHeadForward(
  decOut: usize, bias: usize, x: usize, k: i32, b: i32, d: i32, lvMin: f32, lvMax: f32,
  muX: usize, diff: usize, expNeg: usize, mask: usize, latentTerm: usize, logw: usize,
): void {
  const d2 = (<usize>d) << 3;
  const dBytes = (<usize>d) << 2;
  const one = f32x4.splat(1);
  const half = f32x4.splat(0.5);
  const vmin = f32x4.splat(lvMin);
  const vmax = f32x4.splat(lvMax);
  for (let s = 0; s < k; s++) {
    for (let r = 0; r < b; r++) {
      const row = s * b + r;
      const src = decOut + <usize>row * d2;
      const xr = x + <usize>r * dBytes;
      const out = <usize>row * dBytes;
      let acc = f32x4.splat(0);
      let tail: f32 = 0;
      let j = 0;
      for (; j + 4 <= d; j += 4) {
        const o = (<usize>j) << 2;
        const mu = f32x4.div(one, f32x4.add(one, expv(f32x4.neg(v128.load(src + o)))));
        const raw = f32x4.add(v128.load(src + dBytes + o), v128.load(bias + o));
        const lv = f32x4.min(f32x4.max(raw, vmin), vmax);
        const en = expv(f32x4.neg(lv));
        const df = f32x4.sub(mu, v128.load(xr + o));
        v128.store(muX + out + o, mu);
        v128.store(diff + out + o, df);
        v128.store(expNeg + out + o, en);
        v128.store(mask + out + o, v128.and(v128.and(f32x4.ge(raw, vmin), f32x4.le(raw, vmax)), one));
        acc = f32x4.sub(acc, f32x4.add(lv, f32x4.mul(f32x4.mul(df, df), f32x4.mul(en, half))));
      }
      for (; j < d; j++) {
        const o = (<usize>j) << 2;
        const mu: f32 = 1 / (1 + exps(-load<f32>(src + o)));
        const raw = load<f32>(src + dBytes + o) + load<f32>(bias + o);
        const lv = Mathf.min(Mathf.max(raw, lvMin), lvMax);
        const en = exps(-lv);
        const df = mu - load<f32>(xr + o);
        store<f32>(muX + out + o, mu);
        store<f32>(diff + out + o, df);
        store<f32>(expNeg + out + o, en);
        store<f32>(mask + out + o, raw >= lvMin && raw <= lvMax ? 1 : 0);
        tail -= lv + df * df * (en * 0.5);
      }
      const logPx = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3) + tail;
      const li = (<usize>row) << 2;
      store<f32>(logw + li, logPx + load<f32>(latentTerm + li));
    }
  }
}

/**
 * Backward of the decoder head for dLogw [K, B]: dDecOut [K*B, 2D] = [dPre | dLvX] with
 * dLvX = g (diff^2 e^{-lvX} / 2 - 1) mask, dPre = -g diff e^{-lvX} muX (1 - muX); biasGrad += sum_rows dLvX.
 */
export function decHeadBackward(g: usize, muX: usize, diff: usize, expNeg: usize, mask: usize, rows: i32, d: i32, dDecOut: usize, biasGrad: usize): void {
  const dBytes = (<usize>d) << 2;
  const one = f32x4.splat(1);
  const half = f32x4.splat(0.5);
  for (let r = 0; r < rows; r++) {
    const gv: f32 = load<f32>(g + ((<usize>r) << 2));
    const vg = f32x4.splat(gv);
    const src = <usize>r * dBytes;
    const dst = dDecOut + <usize>r * (dBytes << 1);
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const o = (<usize>j) << 2;
      const df = v128.load(diff + src + o);
      const en = v128.load(expNeg + src + o);
      const mu = v128.load(muX + src + o);
      const dlv = f32x4.mul(f32x4.mul(vg, f32x4.sub(f32x4.mul(f32x4.mul(df, df), f32x4.mul(en, half)), one)), v128.load(mask + src + o));
      const dmu = f32x4.mul(vg, f32x4.neg(f32x4.mul(df, en)));
      v128.store(dst + o, f32x4.mul(dmu, f32x4.mul(mu, f32x4.sub(one, mu))));
      v128.store(dst + dBytes + o, dlv);
      v128.store(biasGrad + o, f32x4.add(v128.load(biasGrad + o), dlv));
    }
    for (; j < d; j++) {
      const o = (<usize>j) << 2;
      const df = load<f32>(diff + src + o);
      const en = load<f32>(expNeg + src + o);
      const mu = load<f32>(muX + src + o);
      const dlv = gv * (df * df * (en * 0.5) - 1) * load<f32>(mask + src + o);
      const dmu = gv * -(df * en);
      store<f32>(dst + o, dmu * (mu * (1 - mu)));
      store<f32>(dst + dBytes + o, dlv);
      store<f32>(biasGrad + o, load<f32>(biasGrad + o) + dlv);
    }
  }
}

/**
 * Backward of the encoder head: from dZ [K*B, L] (the decoder's input gradient) and dLogw [K, B],
 * dZ' = dZ - g z (log p(z)); dMuQ = sum_k dZ'; dLvQ = (sum_k dZ' eps sigma / 2 + sum_k g / 2) mask.
 * Writes dEncOut [B, 2L] = [dMuQ | dLvQ] and adds dLvQ's column sums to biasGrad.
 */
export function encHeadBackward(dz: usize, g: usize, z: usize, eps: usize, sigma: usize, mask: usize, k: i32, b: i32, l: i32, dEncOut: usize, biasGrad: usize): void {
  for (let r = 0; r < b; r++) {
    let gs: f32 = 0;
    for (let s = 0; s < k; s++) gs += load<f32>(g + ((<usize>(s * b + r)) << 2));
    for (let j = 0; j < l; j++) {
      let dmu: f32 = 0;
      let dze: f32 = 0;
      for (let s = 0; s < k; s++) {
        const eo = (<usize>((s * b + r) * l + j)) << 2;
        const gv = load<f32>(g + ((<usize>(s * b + r)) << 2));
        const d = load<f32>(dz + eo) - gv * load<f32>(z + eo);
        dmu += d;
        dze += d * load<f32>(eps + eo);
      }
      const o = (<usize>(r * l + j)) << 2;
      const dlv = (dze * (load<f32>(sigma + o) * 0.5) + gs * 0.5) * load<f32>(mask + o);
      const row = dEncOut + ((<usize>(r * 2 * l)) << 2);
      store<f32>(row + ((<usize>j) << 2), dmu);
      store<f32>(row + ((<usize>(l + j)) << 2), dlv);
      const bo = (<usize>j) << 2;
      store<f32>(biasGrad + bo, load<f32>(biasGrad + bo) + dlv);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Adam

/**
 * One Adam update over n parameters with PyTorch's coupled weight decay, in the TF.js path's order of
 * operations: g += wd p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= (m / (sqrt(v) / sqrt(c2) + eps)) lr / c1.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, b1: f32, ob1: f32, b2: f32, ob2: f32, wd: f32, sqrtC2: f32, eps: f32, lrC1: f32): void {
  const vb1 = f32x4.splat(b1), vob1 = f32x4.splat(ob1), vb2 = f32x4.splat(b2), vob2 = f32x4.splat(ob2);
  const vwd = f32x4.splat(wd), vs = f32x4.splat(sqrtC2), ve = f32x4.splat(eps), vl = f32x4.splat(lrC1);
  const decay = wd > 0;
  let e = 0;
  for (; e + 4 <= n; e += 4) {
    const o = (<usize>e) << 2;
    const pv = v128.load(p + o);
    let gv = v128.load(g + o);
    if (decay) gv = f32x4.add(gv, f32x4.mul(pv, vwd));
    const mv = f32x4.add(f32x4.mul(v128.load(m + o), vb1), f32x4.mul(gv, vob1));
    const vv = f32x4.add(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(f32x4.mul(gv, gv), vob2));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = f32x4.add(f32x4.div(f32x4.sqrt(vv), vs), ve);
    v128.store(p + o, f32x4.sub(pv, f32x4.mul(f32x4.div(mv, den), vl)));
  }
  for (; e < n; e++) {
    const o = (<usize>e) << 2;
    const pv = load<f32>(p + o);
    let gv = load<f32>(g + o);
    if (decay) gv = gv + pv * wd;
    const mv = load<f32>(m + o) * b1 + gv * ob1;
    const vv = load<f32>(v + o) * b2 + gv * gv * ob2;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, pv - (mv / (Mathf.sqrt(vv) / sqrtC2 + eps)) * lrC1);
  }
}

// ---------------------------------------------------------------------------------------------
// The seeded noise

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

export { forestSum } from './forest';
