import { selectRows, type Matrix } from '../vectors';
import { rng } from './stats';
import { scoreBlocks, type RetrievalBackend } from '../retrieval';

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
 * Most multiply-adds `languageSeparability` spends (rows classified × languages × dim). Beyond
 * it, a seeded sample of rows is classified (every row still counts in the class means), so the
 * cost stops growing with rows × languages: 10,000 languages × 3 sentences at d = 2048 would
 * need 6·10^11. 205 FLORES languages × 200 sentences at d = 2048 (1.7·10^10) stay exact.
 */
export const SEPARABILITY_MAX_MULADDS = 2e10;

/**
 * Language separability: accuracy of a leave-one-out nearest-centroid classifier (cosine to the
 * class mean, the point itself excluded from its own class). 1/#languages ≈ languages are mixed;
 * near 1 = embeddings cluster by language, which hurts mixed-language retrieval.
 * The n × L dot products with the class sums run on the exact retrieval kernel (205 FLORES
 * languages × 200 sentences at d = 2048 take ~0.2 s there instead of ~30 s in plain loops), a
 * block of rows at a time: memory stays O(block × L), not O(n × L) (10,000 languages × 3
 * sentences once needed 3.2 GB for a full sorted n × L table). `classified` says how many rows
 * were classified (all of them unless n × L × dim exceeds `maxMulAdds`).
 */
export async function languageSeparability(
  x: Matrix,
  labels: ArrayLike<number>,
  labelCount: number,
  opts: { backend?: RetrievalBackend; maxMulAdds?: number; seed?: number } = {},
): Promise<{ accuracy: number; byLabel: number[]; classified: number }> {
  const { rows, dim, data } = x;
  const sums = new Float32Array(labelCount * dim);
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
  const tried = new Int32Array(labelCount);
  let total = 0;
  const rowsOf = sampleRows(rows, Math.floor((opts.maxMulAdds ?? SEPARABILITY_MAX_MULADDS) / Math.max(1, labelCount * dim)), opts.seed ?? 11);
  const queries = rowsOf ? selectRows(x, rowsOf) : x;
  await scoreBlocks(queries, { rows: labelCount, dim, data: sums }, { backend: opts.backend }, (first, count, block) => {
    for (let b = 0; b < count; b++) {
      const i = rowsOf ? rowsOf[first + b] : first + b;
      tried[labels[i]]++;
      if (classify(i, block.subarray(b * labelCount, (b + 1) * labelCount))) total++;
    }
  });
  /** Leave-one-out nearest centroid of row i from its L dot products with the class sums. */
  function classify(i: number, dots: Float32Array): boolean {
    const own = labels[i];
    let xx = 0;
    for (let j = 0; j < dim; j++) xx += data[i * dim + j] ** 2;
    let best = -1;
    let bestScore = -Infinity;
    for (let l = 0; l < labelCount; l++) {
      let dot = dots[l];
      let norm2 = sumSq[l];
      if (l === own) {
        if (counts[l] < 2) continue;
        norm2 = norm2 - 2 * dot + xx;
        dot -= xx;
      } else if (counts[l] === 0) continue;
      const score = norm2 > 1e-12 ? dot / Math.sqrt(norm2) : -Infinity;
      if (score > bestScore) {
        bestScore = score;
        best = l;
      }
    }
    if (best !== own) return false;
    correct[own]++;
    return true;
  }
  return {
    accuracy: queries.rows ? total / queries.rows : NaN,
    byLabel: Array.from(tried, (c, l) => (c ? correct[l] / c : NaN)),
    classified: queries.rows,
  };
}

/** A seeded sample of `size` of `n` rows in increasing order, or undefined when all fit. */
function sampleRows(n: number, size: number, seed: number): Int32Array | undefined {
  if (size >= n) return undefined;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const r = rng(seed);
  const m = Math.max(1, size);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(r() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.subarray(0, m).sort();
}
