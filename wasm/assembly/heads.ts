// The IWAE's encoder and decoder heads and its bound, forward and backward (WebAssembly SIMD; see index.ts).

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
