import { throwIfAborted } from '../errors';
import { rng } from '../metrics/stats';
import type { TaskOptions } from '../progress';
import { search, type RetrievalBackend } from '../retrieval';
import type { Matrix } from '../vectors';
import type { Knn } from './knnGraph';

/**
 * Approximate kNN for large projections: an inverted file (IVF). Seeded spherical k-means (on a
 * sample) places `lists` cells and every point goes to the nearest; each point is then compared, with the retrieval engine's exact
 * top-k, only against the members of its nearest cells, instead of against all n points.
 *
 * How many cells a point needs depends on the data: on clustered embeddings 4 of 2√n cells find
 * ~0.99 of the exact neighbours, on unclustered vectors of intrinsic dimension 16, 8 cells find
 * only ~0.6. So the search states its own recall: a seeded sample of `recallSample` points is
 * also searched exactly (against all n points, ~recallSample/n of the exact work), and while the
 * sample's recall is below `targetRecall` every point probes twice as many cells (only the new
 * cells are searched), up to `maxProbes`. The estimate reached is returned, never hidden.
 *
 * Same vectors, options and seed → the same neighbours. The result has the shape and ordering of
 * exactKnn's (nearest first, ties by lower index, the point itself excluded); a point whose probed
 * cells hold fewer than k other points gets its neighbours by an exact search instead (counted
 * in `exactRows`).
 */
export interface IvfOptions extends TaskOptions {
  /** Cells (default round(2√n), at least 1, at most n). */
  lists?: number;
  /** Cells searched per point at first (default 4). */
  probes?: number;
  /** Probes double while the sampled recall is below this (default 0.9; 0 = never). */
  targetRecall?: number;
  /** Cells searched per point at most (default 64). */
  maxProbes?: number;
  /** Points whose exact neighbours estimate the recall (default 300; 0 = no estimate). */
  recallSample?: number;
  /** Lloyd iterations of the spherical k-means on a sample of the points (default 6). */
  iterations?: number;
  seed?: number;
  backend?: RetrievalBackend;
}

export const IVF_DEFAULTS = { probes: 4, targetRecall: 0.9, maxProbes: 64, recallSample: 300, iterations: 6, seed: 42 } as const;

/** k-means trains on this many points per cell at most (a seeded sample). */
const TRAIN_PER_LIST = 32;

export interface IvfKnn extends Knn {
  /** Points whose probed cells held fewer than k others, so searched exactly against all. */
  exactRows: number;
  lists: number;
  /** Cells searched per point in the end. */
  probes: number;
  /**
   * Share of the sampled points' exact k nearest neighbours found (NaN with no sample; the
   * probing stops on this point estimate), and the sample's size (all points when
   * n ≤ recallSample: then the figure is exact).
   */
  recall: number;
  /** Standard error of `recall` over the sampled points (0 when every point is sampled). */
  recallStdError: number;
  recallSample: number;
}

export async function ivfKnn(vectors: Matrix, k: number, opts: IvfOptions = {}): Promise<IvfKnn> {
  const n = vectors.rows;
  const d = vectors.dim;
  const kk = Math.max(0, Math.min(k, n - 1));
  const lists = Math.max(1, Math.min(n, opts.lists ?? Math.round(2 * Math.sqrt(n))));
  let probes = Math.max(1, Math.min(lists, opts.probes ?? IVF_DEFAULTS.probes));
  const maxProbes = Math.max(probes, Math.min(lists, opts.maxProbes ?? IVF_DEFAULTS.maxProbes));
  const targetRecall = opts.targetRecall ?? IVF_DEFAULTS.targetRecall;
  const out: IvfKnn = { n, k: kk, indices: new Int32Array(n * kk), distances: new Float32Array(n * kk), exactRows: 0, lists, probes, recall: NaN, recallStdError: NaN, recallSample: 0 };
  if (kk === 0) return out;
  const seed = opts.seed ?? IVF_DEFAULTS.seed;
  const backend = opts.backend;
  const signal = opts.signal;
  const iterations = opts.iterations ?? IVF_DEFAULTS.iterations;
  const progress = (done: number) => opts.onProgress?.({ phase: 'approximate nearest neighbours', done, total: iterations + 1 + probes * lists, unit: 'steps' });

  // Seeded start: `lists` distinct points.
  const r = rng(seed);
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
    throwIfAborted(signal);
    const top = await search(train, centroids, { k: 1, backend, signal });
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
    progress(it + 1);
  }

  // Each point's nearest cells, nearest first; it is a member of the first. Ranked up to
  // `probes` for now, up to `maxProbes` once the recall asks for more.
  let near = await search(vectors, centroids, { k: probes, backend, signal });
  const members: number[][] = Array.from({ length: lists }, () => []);
  for (let i = 0; i < n; i++) members[near.indices[i * near.k]].push(i);
  progress(iterations + 1);

  // The recall sample: seeded, distinct points (all of them when n is small), searched exactly.
  const sample = recallSample(n, Math.min(n, opts.recallSample ?? IVF_DEFAULTS.recallSample), seed);
  const truth = sample.length > 0 ? await search(gather(vectors, sample), vectors, { k: Math.min(n, kk + 1), backend, signal }) : undefined;

  // Per point, the best kk other points met so far: scores descending, lower index first on ties.
  const bestS = new Float32Array(n * kk).fill(-Infinity);
  const bestI = new Int32Array(n * kk).fill(-1);
  let searched = 0; // cells of each point's ranking searched so far
  for (;;) {
    if (near.k < probes) near = await search(vectors, centroids, { k: maxProbes, backend, signal });
    // Cells ranked [searched, probes) of each point: each cell is searched by all who rank it so.
    const askers: number[][] = Array.from({ length: lists }, () => []);
    for (let i = 0; i < n; i++) for (let p = searched; p < probes; p++) askers[near.indices[i * near.k + p]].push(i);
    for (let c = 0; c < lists; c++) {
      throwIfAborted(signal);
      const m = members[c];
      const q = askers[c];
      if (m.length > 0 && q.length > 0) {
        const top = await search(gather(vectors, q), gather(vectors, m), { k: Math.min(kk + 1, m.length), backend, signal });
        for (let a = 0; a < q.length; a++) {
          const i = q[a];
          // The cell's candidates come best first: once one does not make the list, none after it does.
          for (let x = 0; x < top.k; x++) {
            const j = m[top.indices[a * top.k + x]];
            if (j !== i && !insert(bestS, bestI, i * kk, kk, top.scores[a * top.k + x], j)) break;
          }
        }
      }
      progress(iterations + 1 + searched * lists + (c + 1) * (probes - searched));
    }
    searched = probes;
    if (!truth || probes >= maxProbes || sampleRecall(truth, sample, bestI, kk).mean >= targetRecall) break;
    probes = Math.min(maxProbes, 2 * probes);
  }
  out.probes = probes;
  // Points with an unfilled slot (their probed cells held fewer than kk others): exact search.
  const short: number[] = [];
  for (let i = 0; i < n; i++) if (bestI[i * kk + kk - 1] < 0) short.push(i);
  if (short.length > 0) {
    const top = await search(gather(vectors, short), vectors, { k: kk + 1, backend, signal });
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
  if (truth) {
    const { mean, stdError } = sampleRecall(truth, sample, bestI, kk);
    out.recall = mean;
    out.recallStdError = sample.length === n ? 0 : stdError;
    out.recallSample = sample.length;
  }
  for (let e = 0; e < n * kk; e++) {
    out.indices[e] = bestI[e];
    out.distances[e] = Math.max(0, 1 - bestS[e]);
  }
  return out;
}

/** `size` distinct points of n, seeded (independent of the k-means sample), ascending. */
function recallSample(n: number, size: number, seed: number): number[] {
  if (size >= n) return Array.from({ length: n }, (_, i) => i);
  const r = rng(seed ^ 0x2ec411);
  const picked = new Set<number>();
  while (picked.size < size) picked.add(Math.floor(r() * n));
  return [...picked].sort((x, y) => x - y);
}

/**
 * Mean over the sampled points of the share of each one's exact kk nearest others (`truth`: their
 * top kk + 1 among all) found in `bestI`, and the standard error of that mean.
 */
function sampleRecall(truth: { k: number; indices: Int32Array }, sample: readonly number[], bestI: Int32Array, kk: number): { mean: number; stdError: number } {
  let sum = 0;
  let sq = 0;
  sample.forEach((i, a) => {
    const exact = new Set<number>();
    for (let x = 0; x < truth.k && exact.size < kk; x++) {
      const j = truth.indices[a * truth.k + x];
      if (j !== i) exact.add(j);
    }
    let hits = 0;
    for (let x = 0; x < kk; x++) if (exact.has(bestI[i * kk + x])) hits++;
    sum += hits / kk;
    sq += (hits / kk) ** 2;
  });
  const m = sample.length;
  const mean = sum / m;
  const variance = m > 1 ? Math.max(0, (sq - m * mean * mean) / (m - 1)) : 0;
  return { mean, stdError: Math.sqrt(variance / m) };
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
