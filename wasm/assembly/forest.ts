// The random forest's walk (src/core/peers/forestPredict.ts) in WebAssembly: the same flat arrays, the same eight
// interleaved walks, the same sums in the same order, so the predictions are the same numbers as the JavaScript walk.

/**
 * Adds to out[i] (f64), for rows [b0, b1) of X (f32, d columns, row-major), the leaf value each tree sends the row to.
 * Trees start at roots[t] (i32); a node k has feature[k] (i32), threshold[k] (f64), children at children[2k] (x <= t)
 * and children[2k + 1] (i32), leaf[k] (u8: 1 at a leaf, whose children are itself) and leafValue[k] (f64).
 */
export function forestSum(
  X: usize,
  d: i32,
  b0: i32,
  b1: i32,
  roots: usize,
  trees: i32,
  feature: usize,
  threshold: usize,
  children: usize,
  leaf: usize,
  leafValue: usize,
  out: usize,
): void {
  const rowBytes = (<usize>d) << 2;
  for (let t = 0; t < trees; t++) {
    const r = load<i32>(roots + ((<usize>t) << 2));
    let i = b0;
    for (; i + 7 < b1; i += 8) {
      const o0 = X + (<usize>i) * rowBytes;
      const o1 = o0 + rowBytes;
      const o2 = o1 + rowBytes;
      const o3 = o2 + rowBytes;
      const o4 = o3 + rowBytes;
      const o5 = o4 + rowBytes;
      const o6 = o5 + rowBytes;
      const o7 = o6 + rowBytes;
      let k0 = r;
      let k1 = r;
      let k2 = r;
      let k3 = r;
      let k4 = r;
      let k5 = r;
      let k6 = r;
      let k7 = r;
      while (
        (load<u8>(leaf + k0) &
          load<u8>(leaf + k1) &
          load<u8>(leaf + k2) &
          load<u8>(leaf + k3) &
          load<u8>(leaf + k4) &
          load<u8>(leaf + k5) &
          load<u8>(leaf + k6) &
          load<u8>(leaf + k7)) ==
        0
      ) {
        k0 = step(o0, k0, feature, threshold, children);
        k1 = step(o1, k1, feature, threshold, children);
        k2 = step(o2, k2, feature, threshold, children);
        k3 = step(o3, k3, feature, threshold, children);
        k4 = step(o4, k4, feature, threshold, children);
        k5 = step(o5, k5, feature, threshold, children);
        k6 = step(o6, k6, feature, threshold, children);
        k7 = step(o7, k7, feature, threshold, children);
      }
      const p = out + ((<usize>i) << 3);
      store<f64>(p, load<f64>(p) + load<f64>(leafValue + ((<usize>k0) << 3)));
      store<f64>(p + 8, load<f64>(p + 8) + load<f64>(leafValue + ((<usize>k1) << 3)));
      store<f64>(p + 16, load<f64>(p + 16) + load<f64>(leafValue + ((<usize>k2) << 3)));
      store<f64>(p + 24, load<f64>(p + 24) + load<f64>(leafValue + ((<usize>k3) << 3)));
      store<f64>(p + 32, load<f64>(p + 32) + load<f64>(leafValue + ((<usize>k4) << 3)));
      store<f64>(p + 40, load<f64>(p + 40) + load<f64>(leafValue + ((<usize>k5) << 3)));
      store<f64>(p + 48, load<f64>(p + 48) + load<f64>(leafValue + ((<usize>k6) << 3)));
      store<f64>(p + 56, load<f64>(p + 56) + load<f64>(leafValue + ((<usize>k7) << 3)));
    }
    for (; i < b1; i++) {
      const o = X + (<usize>i) * rowBytes;
      let k = r;
      while (load<u8>(leaf + k) == 0) k = step(o, k, feature, threshold, children);
      const p = out + ((<usize>i) << 3);
      store<f64>(p, load<f64>(p) + load<f64>(leafValue + ((<usize>k) << 3)));
    }
  }
}

/** One split: to children[2k] when x <= t, else (a NaN too) to children[2k + 1]. */
// @ts-ignore: decorator
@inline
function step(row: usize, k: i32, feature: usize, threshold: usize, children: usize): i32 {
  const x = <f64>load<f32>(row + ((<usize>load<i32>(feature + ((<usize>k) << 2))) << 2));
  const right = !(x <= load<f64>(threshold + ((<usize>k) << 3)));
  return load<i32>(children + ((<usize>(2 * k + <i32>right)) << 2));
}
