import { rng } from '../metrics/stats';
import type { Matrix } from '../vectors';

/**
 * Initial 2-D coordinates: the data's first two principal components (umap-learn's `init="pca"`,
 * which keeps the global arrangement better than a random start and costs far less than a
 * spectral embedding). The components are estimated on at most `sampleRows` seeded rows by
 * subspace iteration; every point is then projected and each axis scaled to [0, 10], plus a
 * seeded jitter of 1e-4 so that identical vectors do not start on top of each other.
 */
export function pcaInit(vectors: Matrix, seed: number, sampleRows = 5000): Float64Array {
  const { rows: n, dim, data } = vectors;
  const out = new Float64Array(n * 2);
  if (n === 0) return out;
  const rand = rng(seed ^ 0x5ca1ab1e);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += data[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;

  // Centred sample rows (float64).
  const sample = sampleIndices(n, sampleRows, rand);
  const m = sample.length;
  const x = new Float64Array(m * dim);
  for (let s = 0; s < m; s++) for (let d = 0; d < dim; d++) x[s * dim + d] = data[sample[s] * dim + d] - mean[d];

  // Subspace iteration: V ← orth(Xᵀ X V), two columns stored as v[0..dim) and v[dim..2dim).
  const v = new Float64Array(2 * dim);
  for (let t = 0; t < v.length; t++) v[t] = rand() - 0.5;
  orthonormalise(v, dim);
  const xv = new Float64Array(2 * m);
  const next = new Float64Array(2 * dim);
  for (let it = 0; it < 30; it++) {
    for (let s = 0; s < m; s++) {
      let a = 0;
      let b = 0;
      for (let d = 0; d < dim; d++) {
        a += x[s * dim + d] * v[d];
        b += x[s * dim + d] * v[dim + d];
      }
      xv[s] = a;
      xv[m + s] = b;
    }
    next.fill(0);
    for (let s = 0; s < m; s++) {
      const a = xv[s];
      const b = xv[m + s];
      for (let d = 0; d < dim; d++) {
        next[d] += x[s * dim + d] * a;
        next[dim + d] += x[s * dim + d] * b;
      }
    }
    if (!orthonormalise(next, dim)) break; // rank < 2: keep the previous basis
    let change = 0;
    for (let t = 0; t < v.length; t++) change = Math.max(change, Math.abs(Math.abs(next[t]) - Math.abs(v[t])));
    v.set(next);
    if (change < 1e-7) break;
  }

  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let d = 0; d < dim; d++) {
      const c = data[i * dim + d] - mean[d];
      a += c * v[d];
      b += c * v[dim + d];
    }
    out[2 * i] = a;
    out[2 * i + 1] = b;
  }
  for (let axis = 0; axis < 2; axis++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, out[2 * i + axis]);
      hi = Math.max(hi, out[2 * i + axis]);
    }
    const scale = hi > lo ? 10 / (hi - lo) : 0;
    for (let i = 0; i < n; i++) out[2 * i + axis] = (out[2 * i + axis] - lo) * scale + 1e-4 * gaussian(rand);
  }
  return out;
}

/** All indices when n ≤ count, else `count` distinct seeded indices in increasing order. */
function sampleIndices(n: number, count: number, rand: () => number): Int32Array {
  if (n <= count) return Int32Array.from({ length: n }, (_, i) => i);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.subarray(0, count).sort();
}

/** Gram–Schmidt on two columns; false when they are (numerically) dependent. */
function orthonormalise(v: Float64Array, dim: number): boolean {
  let n0 = 0;
  for (let d = 0; d < dim; d++) n0 += v[d] * v[d];
  if (!(n0 > 1e-300)) return false;
  n0 = Math.sqrt(n0);
  for (let d = 0; d < dim; d++) v[d] /= n0;
  let dot = 0;
  for (let d = 0; d < dim; d++) dot += v[d] * v[dim + d];
  for (let d = 0; d < dim; d++) v[dim + d] -= dot * v[d];
  let n1 = 0;
  for (let d = 0; d < dim; d++) n1 += v[dim + d] * v[dim + d];
  if (!(n1 > 1e-24)) return false;
  n1 = Math.sqrt(n1);
  for (let d = 0; d < dim; d++) v[dim + d] /= n1;
  return true;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}
