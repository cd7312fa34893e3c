import type { Pooling } from './presets';

/**
 * Pool token states `hidden` [rows, seqLen, dim] (right-padded; row r has `lengths[r]` real
 * tokens) into `out` at row `outRows[r]`, then L2-normalise when asked. Mean pooling averages
 * the real tokens only (the attention mask), cls takes the first token, as sentence-transformers
 * and transformers.js do.
 */
export function poolInto(
  hidden: Float32Array,
  rows: number,
  seqLen: number,
  dim: number,
  lengths: ArrayLike<number>,
  pooling: Pooling,
  normalize: boolean,
  out: Float32Array,
  outRows: ArrayLike<number>,
): void {
  const acc = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    const base = r * seqLen * dim;
    const n = pooling === 'cls' ? 1 : lengths[r];
    acc.fill(0);
    for (let t = 0; t < n; t++) {
      const o = base + t * dim;
      for (let j = 0; j < dim; j++) acc[j] += hidden[o + j];
    }
    writeRow(acc, n, normalize, out, outRows[r] * dim);
  }
}

/** Rows that the model already pooled ([rows, dim]): copy, normalising when asked. */
export function copyPooled(pooled: Float32Array, rows: number, dim: number, normalize: boolean, out: Float32Array, outRows: ArrayLike<number>): void {
  const acc = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dim; j++) acc[j] = pooled[r * dim + j];
    writeRow(acc, 1, normalize, out, outRows[r] * dim);
  }
}

function writeRow(acc: Float64Array, n: number, normalize: boolean, out: Float32Array, offset: number): void {
  const dim = acc.length;
  let scale = n > 0 ? 1 / n : 0;
  if (normalize) {
    let ss = 0;
    for (let j = 0; j < dim; j++) ss += acc[j] * acc[j];
    scale = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  }
  for (let j = 0; j < dim; j++) out[offset + j] = acc[j] * scale;
}

/** IEEE half floats (fp16 model outputs arrive as Uint16Array) to float32. */
export function halfToFloat(h: Uint16Array): Float32Array {
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) {
    const x = h[i];
    const sign = x & 0x8000 ? -1 : 1;
    const exp = (x >> 10) & 0x1f;
    const frac = x & 0x3ff;
    out[i] = exp === 0 ? sign * 2 ** -14 * (frac / 1024) : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}
