// Adam, one fused pass over a parameter tensor (WebAssembly SIMD; see index.ts).

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
