import type { Matrix } from '../vectors';

/**
 * Rows of a vector table read in tiles, so that a search can stream a pool of any size through
 * its kernel without holding a second float32 copy: in-memory float32 rows are handed out as
 * views, float16 rows (half the memory) are widened into the caller's scratch tile.
 */
export interface RowSource {
  readonly rows: number;
  readonly dim: number;
  /** Storage of one value: what the table costs in memory is `rows · dim · bytesPerValue`. */
  readonly bytesPerValue: number;
  /**
   * Rows `[start, start + count)` as row-major float32: a view of the table when it is float32
   * in an ordinary ArrayBuffer, else `scratch` (≥ count · dim values) filled and returned.
   * Valid until the next call.
   */
  read(start: number, count: number, scratch: Float32Array): Float32Array;
  /**
   * Float16 tables only: rows `[start, start + count)` as their binary16 bit patterns, a view of
   * the table or `scratch` filled, for a kernel that widens them itself (exactly, as `read` does).
   * Valid until the next call.
   */
  readF16?(start: number, count: number, scratch: Uint16Array): Uint16Array;
}

export function isRowSource(x: Matrix | RowSource): x is RowSource {
  return typeof (x as RowSource).read === 'function';
}

/**
 * A float32 matrix as a row source. Views of a SharedArrayBuffer are copied tile by tile
 * (onnxruntime-node does not take them as tensors); others are handed out without a copy.
 */
export function matrixRows(m: Matrix): RowSource {
  const shared = !(m.data.buffer instanceof ArrayBuffer);
  return {
    rows: m.rows,
    dim: m.dim,
    bytesPerValue: 4,
    read(start, count, scratch) {
      const view = m.data.subarray(start * m.dim, (start + count) * m.dim);
      if (!shared) return view;
      const out = scratch.subarray(0, view.length);
      out.set(view);
      return out;
    },
  };
}

/** Float16 rows (IEEE binary16 bit patterns), widened to float32 a tile at a time. */
export function f16Rows(rows: number, dim: number, data: Uint16Array): RowSource {
  if (data.length !== rows * dim) throw new RangeError(`f16Rows: expected ${rows * dim} values, got ${data.length}`);
  return {
    rows,
    dim,
    bytesPerValue: 2,
    read(start, count, scratch) {
      const out = scratch.subarray(0, count * dim);
      widenF16(data, start * dim, out);
      return out;
    },
    readF16: (start, count) => data.subarray(start * dim, (start + count) * dim),
  };
}

let f16Table: Float32Array | undefined;

/** All 65,536 binary16 values as float32: widening is one table look-up per value. */
function table(): Float32Array {
  if (f16Table) return f16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    t[h] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return (f16Table = t);
}

/** `out[i] = float(src[from + i])` for every i < out.length. */
export function widenF16(src: Uint16Array, from: number, out: Float32Array): void {
  const t = table();
  for (let i = 0; i < out.length; i++) out[i] = t[src[from + i]];
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Round one float32 to the nearest binary16 (ties to even; overflow to ±Infinity). */
export function toF16(x: number): number {
  f32[0] = x;
  const b = u32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit bit in, round to nearest even.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rem > mid || (rem === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and reaches Infinity at the top).
  return sign | (half + (rem > 0x1000 || (rem === 0x1000 && half & 1) ? 1 : 0));
}

/** A float32 matrix rounded to float16 rows (half the memory; see `f16Rows`). */
export function toF16Rows(m: Matrix): RowSource {
  const out = new Uint16Array(m.data.length);
  for (let i = 0; i < out.length; i++) out[i] = toF16(m.data[i]);
  return f16Rows(m.rows, m.dim, out);
}
