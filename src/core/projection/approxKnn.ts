import { throwIfAborted } from '../errors';
import { rng } from '../metrics/stats';
import type { TaskOptions } from '../progress';
import { search, type RetrievalBackend } from '../retrieval';
import type { Matrix } from '../vectors';
import type { Knn } from './knnGraph';

/**
 * Approximate kNN for large projections: an inverted file (IVF). Seeded spherical k-means (on a
 * sample) places `lists` cells and every point goes to the nearest; each point is then compared, with the retrieval engine's exact
 * top-k, only against the members of its `probes` nearest cells, instead of against all n points.
 * With lists ≈ 2√n and 8 probes that is ~8/(2√n) of the exact work (about 1/80 at 100k points).
 * Same vectors, options and seed → the same neighbours. The result has the shape and ordering of
 * exactKnn's (nearest first, ties by lower index, the point itself excluded); a point whose probed
 * cells hold fewer than k other points gets its neighbours by an exact search instead (counted
 * in `exactRows`).
 */
export interface IvfOptions extends TaskOptions {
  /** Cells (default round(2√n), at least 1, at most n). */
  lists?: number;
  /** Cells searched per point (default 8). */
  probes?: number;
  /** Lloyd iterations of the spherical k-means on a sample of the points (default 6). */
  iterations?: number;
  seed?: number;
  backend?: RetrievalBackend;
}

export const IVF_DEFAULTS = { probes: 8, iterations: 6, seed: 42 } as const;

/** k-means trains on this many points per cell at most (a seeded sample). */
const TRAIN_PER_LIST = 32;

export interface IvfKnn extends Knn {
  /** Points whose probed cells held fewer than k others, so searched exactly against all. */
  exactRows: number;
  lists: number;
  probes: number;
}

export async function ivfKnn(vectors: Matrix, k: number, opts: IvfOptions = {}): Promise<IvfKnn> {
  const n = vectors.rows;
  const d = vectors.dim;
  const kk = Math.max(0, Math.min(k, n - 1));
  const lists = Math.max(1, Math.min(n, opts.lists ?? Math.round(2 * Math.sqrt(n))));
  const probes = Math.max(1, Math.min(lists, opts.probes ?? IVF_DEFAULTS.probes));
  const out: IvfKnn = { n, k: kk, indices: new Int32Array(n * kk), distances: new Float32Array(n * kk), exactRows: 0, lists, probes };
  if (kk === 0) return out;
  const backend = opts.backend;
  const progress = (done: number, total: number) => opts.onProgress?.({ phase: 'approximate nearest neighbours', done, total, unit: 'steps' });
  const iterations = opts.iterations ?? IVF_DEFAULTS.iterations;
  const steps = iterations + 1 + lists;

  // Seeded start: `lists` distinct points.
  const r = rng(opts.seed ?? IVF_DEFAULTS.seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const centroids: Matrix = { rows: lists, dim: d, data: new Float32Array(lists * d) };
  for (let c = 0; c < lists; c++) centroids.data.set(vectors.data.subarray(order[c] * d, (order[c] + 1) * d), c * d);

  // Spherical k-means on a seeded sample (TRAIN_PER_LIST points a cell): assign to the most
  // similar centroid, centroid = normalised mean.
  const train = gather(vectors, Array.from(order.subarray(0, Math.min(n, TRAIN_PER_LIST * lists))));
  for (let it = 0; it < iterations; it++) {
    throwIfAborted(opts.signal);
    const top = await search(train, centroids, { k: 1, backend, signal: opts.signal });
    const sums = new Float64Array(lists * d);
    const counts = new Int32Array(lists);
    for (let i = 0; i < train.rows; i++) {
      const c = top.indices[i];
      counts[c]++;
      for (let t = 0; t < d; t++) sums[c * d + t] += train.data[i * d + t];
    }
    for (let c = 0; c < lists; c++) {
      if (counts[c] === 0) continue; // an empty cell keeps its centroid
      let norm = 0;
      for (let t = 0; t < d; t++) norm += sums[c * d + t] * sums[c * d + t];
      norm = Math.sqrt(norm) || 1;
      for (let t = 0; t < d; t++) centroids.data[c * d + t] = sums[c * d + t] / norm;
    }
    progress(it + 1, steps);
  }

  // Each point's `probes` nearest cells; it is a member of the first.
  const near = await search(vectors, centroids, { k: probes, backend, signal: opts.signal });
  const pw = near.k;
  const members: number[][] = Array.from({ length: lists }, () => []);
  const askers: number[][] = Array.from({ length: lists }, () => []);
  for (let i = 0; i < n; i++) {
    members[near.indices[i * pw]].push(i);
    for (let p = 0; p < pw; p++) askers[near.indices[i * pw + p]].push(i);
  }
  progress(iterations + 1, steps);

  // Per point, the best kk other points met so far: scores descending, lower index first on ties.
  const bestS = new Float32Array(n * kk).fill(-Infinity);
  const bestI = new Int32Array(n * kk).fill(-1);
  for (let c = 0; c < lists; c++) {
    throwIfAborted(opts.signal);
    const m = members[c];
    const q = askers[c];
    if (m.length === 0 || q.length === 0) continue;
    const top = await search(gather(vectors, q), gather(vectors, m), { k: Math.min(kk + 1, m.length), backend, signal: opts.signal });
    for (let a = 0; a < q.length; a++) {
      const i = q[a];
      // The cell's candidates come best first: once one does not make the list, none after it does.
      for (let x = 0; x < top.k; x++) {
        const j = m[top.indices[a * top.k + x]];
        if (j !== i && !insert(bestS, bestI, i * kk, kk, top.scores[a * top.k + x], j)) break;
      }
    }
    progress(iterations + 2 + c, steps);
  }
  // Points with an unfilled slot (their probed cells held fewer than kk others): exact search.
  const short: number[] = [];
  for (let i = 0; i < n; i++) if (bestI[i * kk + kk - 1] < 0) short.push(i);
  if (short.length > 0) {
    const top = await search(gather(vectors, short), vectors, { k: kk + 1, backend, signal: opts.signal });
    short.forEach((i, a) => {
      bestS.fill(-Infinity, i * kk, (i + 1) * kk);
      bestI.fill(-1, i * kk, (i + 1) * kk);
      for (let x = 0; x < top.k; x++) {
        const j = top.indices[a * top.k + x];
        if (j !== i) insert(bestS, bestI, i * kk, kk, top.scores[a * top.k + x], j);
      }
    });
  }
  out.exactRows = short.length;
  for (let e = 0; e < n * kk; e++) {
    out.indices[e] = bestI[e];
    out.distances[e] = Math.max(0, 1 - bestS[e]);
  }
  return out;
}

/** Rows `rows` of `m` as a new matrix. */
function gather(m: Matrix, rows: readonly number[]): Matrix {
  const d = m.dim;
  const data = new Float32Array(rows.length * d);
  rows.forEach((i, r) => data.set(m.data.subarray(i * d, (i + 1) * d), r * d));
  return { rows: rows.length, dim: d, data };
}

/**
 * Insert (s, j) into the sorted list at [off, off + k) if it ranks within it (SPEC §1 order:
 * score descending, lower index first; an empty slot holds −∞ and index −1). False if it does not.
 */
function insert(scores: Float32Array, idx: Int32Array, off: number, k: number, s: number, j: number): boolean {
  let p = off + k - 1;
  if (s < scores[p] || (s === scores[p] && idx[p] >= 0 && j > idx[p])) return false;
  while (p > off && (s > scores[p - 1] || (s === scores[p - 1] && (idx[p - 1] < 0 || j < idx[p - 1])))) {
    scores[p] = scores[p - 1];
    idx[p] = idx[p - 1];
    p--;
  }
  scores[p] = s;
  idx[p] = j;
  return true;
}
