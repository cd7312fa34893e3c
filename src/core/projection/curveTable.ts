/**
 * A function of d² (a squared layout distance) tabulated for fast evaluation in the SGD loop,
 * where `d^(2b)` would otherwise cost a log and an exp per sample (~30 ns, most of the layout
 * time). The table is indexed by the float32 bit pattern of d² — exponent and the top 10 mantissa
 * bits, i.e. 1,024 buckets per octave — and interpolated linearly within a bucket, which keeps
 * the relative error below ~1e-6 for the smooth curves UMAP uses. Outside [2^-40, 2^40) the
 * function is evaluated exactly. Deterministic: the same input always gives the same value.
 */
const MANTISSA_BITS_DROPPED = 13; // float32 has 23 mantissa bits; keep 10
const LOW_EXPONENT = 127 - 40;
const HIGH_EXPONENT = 127 + 40;
const BASE = LOW_EXPONENT << (23 - MANTISSA_BITS_DROPPED);
const SIZE = (HIGH_EXPONENT - LOW_EXPONENT) << (23 - MANTISSA_BITS_DROPPED);
const FRACTION = 1 / (1 << MANTISSA_BITS_DROPPED);
const LOW = 2 ** -40;
const HIGH = 2 ** 40;

export class CurveTable {
  private readonly values: Float64Array;
  private readonly f32 = new Float32Array(1);
  private readonly bits = new Uint32Array(this.f32.buffer);

  constructor(private readonly fn: (d2: number) => number) {
    this.values = new Float64Array(SIZE + 2); // + 1: float32 rounding may land exactly on 2^40
    for (let i = 0; i <= SIZE + 1; i++) {
      this.bits[0] = (i + BASE) << MANTISSA_BITS_DROPPED;
      this.values[i] = fn(this.f32[0]);
    }
  }

  /** fn(d2) for d2 > 0. */
  at(d2: number): number {
    if (d2 < LOW || d2 >= HIGH) return this.fn(d2);
    this.f32[0] = d2;
    const b = this.bits[0];
    const i = (b >>> MANTISSA_BITS_DROPPED) - BASE;
    const t = (b & ((1 << MANTISSA_BITS_DROPPED) - 1)) * FRACTION;
    const v = this.values;
    return v[i] + (v[i + 1] - v[i]) * t;
  }
}
