import type { Matrix } from './matrix';

/** Per-column min and max, for min-max scaling to [0, 1] (a constant column maps to 0). */
export interface MinMax {
  min: Float64Array;
  max: Float64Array;
}

export function fitMinMax(m: Matrix): MinMax {
  const min = new Float64Array(m.cols).fill(Infinity);
  const max = new Float64Array(m.cols).fill(-Infinity);
  for (let r = 0; r < m.rows; r++) {
    const o = r * m.cols;
    for (let c = 0; c < m.cols; c++) {
      const v = m.data[o + c];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
    }
  }
  return { min, max };
}

export function applyMinMax(m: Matrix, s: MinMax): Matrix {
  const out = new Float32Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    const o = r * m.cols;
    for (let c = 0; c < m.cols; c++) {
      const span = s.max[c] - s.min[c];
      out[o + c] = span > 0 ? (m.data[o + c] - s.min[c]) / span : 0;
    }
  }
  return { data: out, rows: m.rows, cols: m.cols };
}

/** The rows as the file gave them, from min-max scaled ones (a constant column comes back as its value). */
export function unscale(m: Matrix, s: MinMax): Matrix {
  const out = new Float32Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    const o = r * m.cols;
    for (let c = 0; c < m.cols; c++) out[o + c] = m.data[o + c] * (s.max[c] - s.min[c]) + s.min[c];
  }
  return { data: out, rows: m.rows, cols: m.cols };
}

/** The reference scales over all rows before splitting. */
export function minMaxScale(m: Matrix): Matrix {
  return applyMinMax(m, fitMinMax(m));
}
