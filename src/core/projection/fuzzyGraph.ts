import type { Knn } from './knnGraph';

/**
 * UMAP's fuzzy simplicial set, built from an exact kNN list over typed arrays (as umap-learn's
 * `fuzzy_simplicial_set` with local_connectivity = 1, set_op_mix_ratio = 1):
 * per point, `ρ` = distance to the nearest non-identical neighbour and `σ` solved so that
 * `Σ_j exp(−max(0, d_ij − ρ_i)/σ_i) = log2(k)`; directed weights `w_ij` are those terms; the
 * symmetric graph is their fuzzy union `w_ij + w_ji − w_ij·w_ji`.
 */
export interface FuzzyGraph {
  n: number;
  /** Edge list in CSR order (by head, then tail); each undirected edge appears in both directions. */
  head: Int32Array;
  tail: Int32Array;
  weight: Float32Array;
}

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/** `σ` and `ρ` of every point (binary search on `σ`, 64 steps at most). */
export function smoothKnnDistances(knn: Knn): { sigma: Float64Array; rho: Float64Array } {
  const { n, k, distances } = knn;
  const sigma = new Float64Array(n);
  const rho = new Float64Array(n);
  const target = Math.log2(Math.max(k, 1));
  let meanAll = 0;
  for (let t = 0; t < distances.length; t++) meanAll += distances[t];
  meanAll /= Math.max(distances.length, 1);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let meanI = 0;
    let r = 0;
    for (let j = 0; j < k; j++) {
      const d = distances[o + j];
      meanI += d;
      if (r === 0 && d > 0) r = d;
    }
    meanI /= Math.max(k, 1);
    rho[i] = r;
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let it = 0; it < 64; it++) {
      let psum = 0;
      for (let j = 0; j < k; j++) {
        const d = distances[o + j] - r;
        psum += d > 0 ? Math.exp(-d / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    // Never let σ collapse far below the typical distance (umap-learn's MIN_K_DIST_SCALE).
    sigma[i] = Math.max(mid, MIN_K_DIST_SCALE * (r > 0 ? meanI : meanAll));
  }
  return { sigma, rho };
}

export function fuzzySimplicialSet(knn: Knn): FuzzyGraph {
  const { n, k, indices, distances } = knn;
  const { sigma, rho } = smoothKnnDistances(knn);
  const w = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const d = distances[i * k + j] - rho[i];
      w[i * k + j] = d <= 0 ? 1 : Math.exp(-d / sigma[i]);
    }
  }
  // Directed weight of i → j, or 0 when j is not among i's neighbours (rows hold k entries).
  const directed = (i: number, j: number): number => {
    for (let t = i * k; t < (i + 1) * k; t++) if (indices[t] === j) return w[t];
    return 0;
  };
  // Union entries: every (i, j) from i's row, plus (j, i) when i is not in j's row (typed arrays:
  // at a million points these are tens of millions of entries).
  const cap = 2 * n * k;
  const heads = new Int32Array(cap);
  const tails = new Int32Array(cap);
  const weights = new Float64Array(cap);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = indices[t];
      const a = w[t];
      const b = directed(j, i);
      const u = a + b - a * b;
      if (u <= 0) continue;
      heads[m] = i;
      tails[m] = j;
      weights[m++] = u;
      if (b === 0) {
        heads[m] = j;
        tails[m] = i;
        weights[m++] = u;
      }
    }
  }
  return toCsr(n, m, heads, tails, weights);
}

/** Sort the first m edges by (head, tail): a counting sort on head, then an insertion sort of each short row. */
function toCsr(n: number, m: number, heads: Int32Array, tails: Int32Array, weights: Float64Array): FuzzyGraph {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) start[heads[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const head = new Int32Array(m);
  const tail = new Int32Array(m);
  const weight = new Float32Array(m);
  for (let e = 0; e < m; e++) {
    const i = heads[e];
    const p = fill[i]++;
    // Keep the row sorted by tail as edges arrive (a row holds a few tens of edges).
    let q = p;
    while (q > start[i] && tail[q - 1] > tails[e]) {
      tail[q] = tail[q - 1];
      weight[q] = weight[q - 1];
      q--;
    }
    head[p] = i;
    tail[q] = tails[e];
    weight[q] = weights[e];
  }
  return { n, head, tail, weight };
}
