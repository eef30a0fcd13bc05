/**
 * NT-Xent (SimCLR's loss, the paper's eq. 1) over 2M embeddings: rows 0..M-1 are the first views of M instances,
 * rows M..2M-1 their second views. Every view is an anchor once; its positive is the other view of its instance and
 * the other 2M - 2 views are its negatives. The loss is the mean over the 2M anchors (eq. 1 sums; the mean keeps the
 * step size independent of the batch).
 */

export interface NtXentResult {
  loss: number;
  /** dLoss/dEmbedding [2M, dim]. */
  grad: Float32Array;
}

/** Loss and gradient of NT-Xent with temperature tau on embeddings z [2M, dim]. */
export function ntXent(z: Float32Array, n: number, dim: number, tau: number): NtXentResult {
  if (n % 2 !== 0 || n < 4) throw new Error('NT-Xent needs an even number of views, at least 4');
  const m = n / 2;
  // Unit vectors and norms.
  const u = new Float32Array(n * dim);
  const norm = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += z[a * dim + k] ** 2;
    // A zero embedding has no direction: a tiny floor keeps its gradient finite.
    const l = Math.max(Math.sqrt(s), 1e-8);
    norm[a] = l;
    for (let k = 0; k < dim; k++) u[a * dim + k] = z[a * dim + k] / l;
  }
  // Cosine similarities (symmetric).
  const sim = new Float32Array(n * n);
  for (let a = 0; a < n; a++) {
    const ao = a * dim;
    for (let b = a + 1; b < n; b++) {
      const bo = b * dim;
      // Two partial sums break the add chain (a measurable share of a step).
      let s0 = 0;
      let s1 = 0;
      let k = 0;
      for (; k + 1 < dim; k += 2) {
        s0 += u[ao + k] * u[bo + k];
        s1 += u[ao + k + 1] * u[bo + k + 1];
      }
      if (k < dim) s0 += u[ao + k] * u[bo + k];
      const s = s0 + s1;
      sim[a * n + b] = s;
      sim[b * n + a] = s;
    }
  }
  // g[a][b] = dLoss/dsim(a,b) through anchor a's term; the full gradient of the symmetric entry is g + g^T.
  const g = new Float32Array(n * n);
  let loss = 0;
  const scale = 1 / (n * tau);
  const e = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    const pos = a < m ? a + m : a - m;
    const row = a * n;
    let max = -Infinity;
    for (let b = 0; b < n; b++) if (b !== a && sim[row + b] > max) max = sim[row + b];
    let sum = 0;
    for (let b = 0; b < n; b++) {
      e[b] = b === a ? 0 : Math.exp((sim[row + b] - max) / tau);
      sum += e[b];
    }
    loss += Math.log(sum) + (max - sim[row + pos]) / tau;
    for (let b = 0; b < n; b++) g[row + b] = (e[b] / sum) * scale;
    g[row + pos] -= scale;
  }
  // dLoss/du_a = sum_b (g_ab + g_ba) u_b; then through the normalisation: (du - u (u . du)) / |z|.
  const grad = new Float32Array(n * dim);
  const du = new Float64Array(dim);
  // The symmetric weights g + g^T once, row by row (the column reads of g inside the loop below cost more than the sums).
  const sym = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) sym[a * n + b] = sym[b * n + a] = g[a * n + b] + g[b * n + a];
  for (let a = 0; a < n; a++) {
    du.fill(0);
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      const w = sym[a * n + b];
      const bo = b * dim;
      for (let k = 0; k < dim; k++) du[k] += w * u[bo + k];
    }
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += du[k] * u[a * dim + k];
    for (let k = 0; k < dim; k++) grad[a * dim + k] = (du[k] - u[a * dim + k] * dot) / norm[a];
  }
  return { loss: loss / n, grad };
}
