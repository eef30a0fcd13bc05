// BatchNorm (no affine) + LeakyReLU, forward and backward (WebAssembly SIMD; see index.ts).

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
