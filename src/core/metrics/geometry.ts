import type { Matrix } from '../vectors';
import { rng } from './stats';

/**
 * Embedding-space geometry (SPEC §4) on L2-normalised rows.
 */

function sqDist(a: Float32Array, ao: number, b: Float32Array, bo: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) {
    const d = a[ao + j] - b[bo + j];
    s += d * d;
  }
  return s;
}

/** Alignment (Wang & Isola): mean ‖f(x) − f(y)‖² over parallel pairs (row i of x with row i of y). */
export function alignment(x: Matrix, y: Matrix): number {
  if (x.rows !== y.rows || x.dim !== y.dim) throw new Error('alignment: matrices differ in shape');
  if (x.rows === 0) return NaN;
  let s = 0;
  for (let i = 0; i < x.rows; i++) s += sqDist(x.data, i * x.dim, y.data, i * y.dim, x.dim);
  return s / x.rows;
}

/** Pairs sampled for uniformity when all pairs would be too many. */
export const UNIFORMITY_MAX_PAIRS = 200_000;

/**
 * Uniformity: log E exp(−2‖f(x) − f(y)‖²) over pairs of distinct rows. Exact over all pairs when
 * there are at most UNIFORMITY_MAX_PAIRS of them, otherwise over that many pairs drawn with a
 * seeded generator (so the figure is reproducible).
 */
export function uniformity(x: Matrix, seed = 1): number {
  const n = x.rows;
  if (n < 2) return NaN;
  const all = (n * (n - 1)) / 2;
  let s = 0;
  let count = 0;
  if (all <= UNIFORMITY_MAX_PAIRS) {
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        s += Math.exp(-2 * sqDist(x.data, i * x.dim, x.data, j * x.dim, x.dim));
        count++;
      }
  } else {
    const r = rng(seed);
    while (count < UNIFORMITY_MAX_PAIRS) {
      const i = Math.floor(r() * n);
      const j = Math.floor(r() * n);
      if (i === j) continue;
      s += Math.exp(-2 * sqDist(x.data, i * x.dim, x.data, j * x.dim, x.dim));
      count++;
    }
  }
  return Math.log(s / count);
}

/**
 * Language separability: accuracy of a leave-one-out nearest-centroid classifier (cosine to the
 * class mean, the point itself excluded from its own class). 1/#languages ≈ languages are mixed;
 * near 1 = embeddings cluster by language, which hurts mixed-language retrieval.
 * Returns overall accuracy and per-label accuracy.
 */
export function languageSeparability(x: Matrix, labels: ArrayLike<number>, labelCount: number): { accuracy: number; byLabel: number[] } {
  const { rows, dim, data } = x;
  const sums = new Float64Array(labelCount * dim);
  const counts = new Int32Array(labelCount);
  for (let i = 0; i < rows; i++) {
    const l = labels[i];
    counts[l]++;
    for (let j = 0; j < dim; j++) sums[l * dim + j] += data[i * dim + j];
  }
  const sumSq = new Float64Array(labelCount);
  for (let l = 0; l < labelCount; l++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += sums[l * dim + j] ** 2;
    sumSq[l] = s;
  }
  const correct = new Int32Array(labelCount);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const own = labels[i];
    let xx = 0;
    for (let j = 0; j < dim; j++) xx += data[i * dim + j] ** 2;
    let best = -1;
    let bestScore = -Infinity;
    for (let l = 0; l < labelCount; l++) {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += data[i * dim + j] * sums[l * dim + j];
      let norm2 = sumSq[l];
      if (l === own) {
        if (counts[l] < 2) continue;
        norm2 = norm2 - 2 * dot + xx;
        dot -= xx;
      } else if (counts[l] === 0) continue;
      const score = norm2 > 0 ? dot / Math.sqrt(norm2) : -Infinity;
      if (score > bestScore) {
        bestScore = score;
        best = l;
      }
    }
    if (best === own) correct[own]++;
    if (best === own) total++;
  }
  return {
    accuracy: rows ? total / rows : NaN,
    byLabel: Array.from(counts, (c, l) => (c ? correct[l] / c : NaN)),
  };
}
