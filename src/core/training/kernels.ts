import { wasmGemm, wasmGemmAvailable } from './wasmGemm';

/**
 * Numeric backend of the training engine. Every adapter and loss is written once against
 * `Kernels` and runs in either precision: float32 in production (matrix products in WebAssembly
 * SIMD, see wasmGemm.ts) and float64 in the finite-difference gradient checks (plain TypeScript
 * products). Scalars (softmax, logs, norms) are computed in JavaScript doubles either way and
 * stored in the backend's array type.
 */
export type Floats = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/** A dense row-major matrix in the backend's precision. */
export interface Mat {
  rows: number;
  cols: number;
  data: Floats;
}

export interface GemmOptions {
  /** A is stored k×m (op(A) = Aᵀ). */
  transA?: boolean;
  /** B is stored n×k (op(B) = Bᵀ). */
  transB?: boolean;
  /** Write into this array (length ≥ m·n) instead of a new one. */
  out?: Floats;
}

export interface Kernels {
  readonly dtype: DType;
  /** `wasm-simd-f32` or `js-f32` / `js-f64`: recorded in checkpoints (results differ in the last bits). */
  readonly gemmName: string;
  alloc(n: number): Floats;
  /** `op(A) (m×k) · op(B) (k×n)` → m×n, row-major. */
  gemm(m: number, n: number, k: number, A: Floats, B: Floats, opts?: GemmOptions): Floats;
}

export type GemmChoice = 'auto' | 'js' | 'wasm';

/** Backend for a precision; float32 uses the WebAssembly kernel unless `gemm: 'js'` (or it is unavailable). */
export function kernels(dtype: DType, gemm: GemmChoice = 'auto'): Kernels {
  const F = dtype === 'float32' ? Float32Array : Float64Array;
  const useWasm = dtype === 'float32' && gemm !== 'js' && wasmGemmAvailable();
  if (gemm === 'wasm' && !useWasm) throw new Error('the WebAssembly SIMD kernel needs float32 and a runtime with WebAssembly SIMD');
  return {
    dtype,
    gemmName: useWasm ? 'wasm-simd-f32' : `js-${dtype === 'float32' ? 'f32' : 'f64'}`,
    alloc: (n) => new F(n),
    gemm(m, n, k, A, B, opts = {}) {
      const out = opts.out ?? new F(m * n);
      if (useWasm && A instanceof Float32Array && B instanceof Float32Array && out instanceof Float32Array) {
        wasmGemm(m, n, k, A, opts.transA ?? false, B, opts.transB ?? false, out);
      } else {
        jsGemm(m, n, k, A, opts.transA ?? false, B, opts.transB ?? false, out);
      }
      return out;
    },
  };
}

export const F32: Kernels = kernels('float32');
export const F64: Kernels = kernels('float64');

export function mat(K: Kernels, rows: number, cols: number): Mat {
  return { rows, cols, data: K.alloc(rows * cols) };
}

/** Rows `idx` of `m`, copied. */
export function gatherRows(K: Kernels, m: Mat, idx: ArrayLike<number>): Mat {
  const out = mat(K, idx.length, m.cols);
  for (let i = 0; i < idx.length; i++) out.data.set(m.data.subarray(idx[i] * m.cols, (idx[i] + 1) * m.cols), i * m.cols);
  return out;
}

/** `dst[idx[i]] += src[i]` row by row (repeated indices accumulate). */
export function scatterAddRows(dst: Mat, idx: ArrayLike<number>, src: Mat): void {
  const d = dst.cols;
  for (let i = 0; i < idx.length; i++) {
    const o = idx[i] * d;
    const s = i * d;
    for (let t = 0; t < d; t++) dst.data[o + t] += src.data[s + t];
  }
}

/**
 * Plain TypeScript product: op(B) is first laid out as n×k rows so every output is a dot product
 * of two contiguous rows; 4×2 register blocking; sums in doubles, ascending in k.
 */
function jsGemm(m: number, n: number, k: number, A: Floats, transA: boolean, B: Floats, transB: boolean, out: Floats): void {
  const a = transA ? transpose(A, k, m) : A;
  const b = transB ? B : transpose(B, k, n);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = b[bj + p];
        s0 += a[a0 + p] * x;
        s1 += a[a1 + p] * x;
        s2 += a[a2 + p] * x;
        s3 += a[a3 + p] * x;
      }
      out[i * n + j] = s0;
      out[(i + 1) * n + j] = s1;
      out[(i + 2) * n + j] = s2;
      out[(i + 3) * n + j] = s3;
    }
  }
  for (; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
      out[i * n + j] = s;
    }
  }
}

/** The transpose of a rows×cols matrix, as a new array of the same type. */
export function transpose(x: Floats, rows: number, cols: number): Floats {
  const out = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  return out;
}
