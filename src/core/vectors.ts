/** A dense row-major float32 matrix: `rows` vectors of `dim` numbers each. */
export interface Matrix {
  rows: number;
  dim: number;
  data: Float32Array;
}

export function matrix(rows: number, dim: number, data?: Float32Array): Matrix {
  const d = data ?? new Float32Array(rows * dim);
  if (d.length !== rows * dim) throw new Error(`matrix: expected ${rows * dim} values, got ${d.length}`);
  return { rows, dim, data: d };
}

export function row(m: Matrix, i: number): Float32Array {
  return m.data.subarray(i * m.dim, (i + 1) * m.dim);
}

/** L2-normalise every row in place (zero rows stay zero). Returns the same matrix. */
export function normalizeRows(m: Matrix): Matrix {
  const { rows, dim, data } = m;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) s += data[o + j] * data[o + j];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < dim; j++) data[o + j] *= inv;
    }
  }
  return m;
}

/** Rows `indices` of `m`, copied into a new matrix. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * m.dim);
  for (let i = 0; i < indices.length; i++) out.set(row(m, indices[i]), i * m.dim);
  return { rows: indices.length, dim: m.dim, data: out };
}
