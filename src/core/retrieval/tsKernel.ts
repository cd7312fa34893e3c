/**
 * Pure TypeScript scoring kernel (the fallback when onnxruntime cannot load): register-blocked
 * dot products (4 queries × 2 docs per inner loop, float64 accumulators). ~4 GFLOP/s on one core.
 */
/**
 * `S[i * n + j] = Σ_t Q[(first + i) * d + t] · D[j * d + t]` for i < m, j < n.
 * Every path sums t in ascending order into a single float64 accumulator, so identical vectors
 * get bit-identical scores wherever they fall in the blocking (exact ties stay ties).
 */
export function dotBlock(Q: Float32Array, first: number, m: number, D: Float32Array, n: number, d: number, S: Float32Array): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const q0 = (first + i) * d;
    const q1 = q0 + d;
    const q2 = q1 + d;
    const q3 = q2 + d;
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const a = j * d;
      const b = a + d;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let t = 0; t < d; t++) {
        const x = D[a + t];
        const y = D[b + t];
        const u0 = Q[q0 + t];
        const u1 = Q[q1 + t];
        const u2 = Q[q2 + t];
        const u3 = Q[q3 + t];
        s00 += u0 * x;
        s01 += u0 * y;
        s10 += u1 * x;
        s11 += u1 * y;
        s20 += u2 * x;
        s21 += u2 * y;
        s30 += u3 * x;
        s31 += u3 * y;
      }
      S[r0 + j] = s00;
      S[r0 + j + 1] = s01;
      S[r1 + j] = s10;
      S[r1 + j + 1] = s11;
      S[r2 + j] = s20;
      S[r2 + j + 1] = s21;
      S[r3 + j] = s30;
      S[r3 + j + 1] = s31;
    }
    for (; j < n; j++) {
      const a = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0; t < d; t++) {
        const x = D[a + t];
        s0 += Q[q0 + t] * x;
        s1 += Q[q1 + t] * x;
        s2 += Q[q2 + t] * x;
        s3 += Q[q3 + t] * x;
      }
      S[r0 + j] = s0;
      S[r1 + j] = s1;
      S[r2 + j] = s2;
      S[r3 + j] = s3;
    }
  }
  for (; i < m; i++) {
    const q = (first + i) * d;
    const r = i * n;
    for (let j = 0; j < n; j++) {
      const a = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) s += Q[q + t] * D[a + t];
      S[r + j] = s;
    }
  }
}
