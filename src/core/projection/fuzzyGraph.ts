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
  // Union entries: every (i, j) from i's row, plus (j, i) when i is not in j's row.
  const heads: number[] = [];
  const tails: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = indices[t];
      const a = w[t];
      const b = directed(j, i);
      const u = a + b - a * b;
      if (u <= 0) continue;
      heads.push(i);
      tails.push(j);
      weights.push(u);
      if (b === 0) {
        heads.push(j);
        tails.push(i);
        weights.push(u);
      }
    }
  }
  return toCsr(n, heads, tails, weights);
}

/** Sort edges by (head, tail): a counting sort on head, then a sort of each short row. */
function toCsr(n: number, heads: number[], tails: number[], weights: number[]): FuzzyGraph {
  const m = heads.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) start[heads[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[fill[heads[e]]++] = e;
  const head = new Int32Array(m);
  const tail = new Int32Array(m);
  const weight = new Float32Array(m);
  for (let i = 0; i < n; i++) {
    const row = Array.from(order.subarray(start[i], start[i + 1])).sort((x, y) => tails[x] - tails[y]);
    for (let r = 0; r < row.length; r++) {
      const e = row[r];
      head[start[i] + r] = i;
      tail[start[i] + r] = tails[e];
      weight[start[i] + r] = weights[e];
    }
  }
  return { n, head, tail, weight };
}
