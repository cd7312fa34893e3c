import type { TaskOptions } from '../progress';
import type { RetrievalBackend } from '../retrieval';
import type { Matrix } from '../vectors';
import { findAbParams } from './abParams';
import { fuzzySimplicialSet, type FuzzyGraph } from './fuzzyGraph';
import { ivfKnn } from './approxKnn';
import { exactKnn, type Knn } from './knnGraph';
import { optimizeLayout } from './optimize';
import { pcaInit } from './pcaInit';

/**
 * A 2-D UMAP layout of L2-normalised vectors: cosine kNN from the retrieval engine (exact, or an
 * approximate inverted-file search from IVF_FROM points on, which states its recall), the fuzzy simplicial set, a PCA start and seeded SGD epochs (see optimize.ts). Same vectors, options
 * and seed → the same layout, bit for bit (with the same kNN kernel: onnxruntime and the
 * TypeScript fallback may differ in the last bit of a score, hence in the order of near-ties).
 */
export interface UmapOptions extends TaskOptions {
  /** Nearest other points per point (default 15). */
  neighbors?: number;
  /** Minimum distance between points in the layout (default 0.1). */
  minDist?: number;
  spread?: number;
  /** Default: 500 up to 10,000 points, else 200 (as umap-learn). */
  epochs?: number;
  learningRate?: number;
  negativeSampleRate?: number;
  seed?: number;
  /** Precomputed neighbours (else they are searched with `knnMethod` and `backend`). */
  knn?: Knn;
  /**
   * How neighbours are searched: `exact` (brute force), `ivf` (approximate, see approxKnn.ts) or
   * `auto` (default): exact below IVF_FROM points, ivf from there on.
   */
  knnMethod?: 'auto' | KnnMethod;
  backend?: RetrievalBackend;
}

export type KnnMethod = 'exact' | 'ivf';

/** From this many points on, `auto` searches neighbours approximately (IVF). */
export const IVF_FROM = 50_000;

export const UMAP_DEFAULTS = { neighbors: 15, minDist: 0.1, spread: 1, learningRate: 1, negativeSampleRate: 5, seed: 42 } as const;

export function defaultEpochs(n: number): number {
  return n <= 10_000 ? 500 : 200;
}

export interface UmapLayout {
  /** x, y interleaved per point. */
  coords: Float32Array;
  neighbors: number;
  epochs: number;
  /** How the neighbours were found (`given` = passed in as `knn`). */
  knnMethod: KnnMethod | 'given';
  /**
   * With ivf neighbours: the share of the exact neighbours they hold, estimated on a seeded
   * sample of `sample` points searched exactly (see approxKnn.ts) with its standard error, and the
   * cells probed per point.
   */
  knnRecall?: { value: number; stdError: number; sample: number; probes: number };
  /** Seconds spent per stage. */
  timings: { knn: number; graph: number; init: number; epochs: number };
}

export async function umapLayout(vectors: Matrix, opts: UmapOptions = {}): Promise<UmapLayout> {
  const n = vectors.rows;
  const neighbors = opts.neighbors ?? UMAP_DEFAULTS.neighbors;
  const seed = opts.seed ?? UMAP_DEFAULTS.seed;
  const epochs = opts.epochs ?? defaultEpochs(n);
  if (!Number.isInteger(neighbors) || neighbors < 1) throw new RangeError(`umapLayout: neighbors must be a positive integer, got ${neighbors}`);
  const timings = { knn: 0, graph: 0, init: 0, epochs: 0 };
  const knnMethod = opts.knn ? 'given' : opts.knnMethod && opts.knnMethod !== 'auto' ? opts.knnMethod : n >= IVF_FROM ? 'ivf' : 'exact';
  if (n <= 2) return { coords: tinyLayout(n), neighbors: Math.max(0, n - 1), epochs: 0, knnMethod, timings };

  let t = performance.now();
  const search = { backend: opts.backend, signal: opts.signal, onProgress: opts.onProgress };
  const ivf = !opts.knn && knnMethod === 'ivf' ? await ivfKnn(vectors, neighbors, { ...search, seed }) : undefined;
  const knn = opts.knn ?? ivf ?? (await exactKnn(vectors, neighbors, search));
  const knnRecall = ivf && { value: ivf.recall, stdError: ivf.recallStdError, sample: ivf.recallSample, probes: ivf.probes };
  if (knn.n !== n) throw new RangeError(`umapLayout: kNN of ${knn.n} points for ${n} vectors`);
  timings.knn = lap();
  const graph = fuzzySimplicialSet(knn);
  // Edges too weak to be sampled even once in `epochs` are dropped (umap-learn does the same).
  const pruned = pruneWeak(graph, epochs);
  timings.graph = lap();
  // The SGD state is float32 (as umap-learn's): half the memory traffic of float64, same layouts.
  const coords = Float32Array.from(pcaInit(vectors, seed));
  timings.init = lap();
  const { a, b } = findAbParams(opts.spread ?? UMAP_DEFAULTS.spread, opts.minDist ?? UMAP_DEFAULTS.minDist);
  await optimizeLayout(pruned, coords, {
    epochs,
    a,
    b,
    seed,
    learningRate: opts.learningRate ?? UMAP_DEFAULTS.learningRate,
    negativeSampleRate: opts.negativeSampleRate ?? UMAP_DEFAULTS.negativeSampleRate,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  timings.epochs = lap();
  return { coords, neighbors: knn.k, epochs, knnMethod, ...(knnRecall && { knnRecall }), timings };

  function lap(): number {
    const now = performance.now();
    const s = (now - t) / 1000;
    t = now;
    return +s.toFixed(3);
  }
}

/** Drops edges too weak to be sampled once in `epochs` (as umap-learn). */
export function pruneWeak(g: FuzzyGraph, epochs: number): FuzzyGraph {
  let max = 0;
  for (const w of g.weight) max = Math.max(max, w);
  const floor = max / epochs;
  let kept = 0;
  for (const w of g.weight) if (w >= floor) kept++;
  if (kept === g.weight.length) return g;
  const out: FuzzyGraph = { n: g.n, head: new Int32Array(kept), tail: new Int32Array(kept), weight: new Float32Array(kept) };
  let o = 0;
  for (let e = 0; e < g.weight.length; e++) {
    if (g.weight[e] < floor) continue;
    out.head[o] = g.head[e];
    out.tail[o] = g.tail[e];
    out.weight[o] = g.weight[e];
    o++;
  }
  return out;
}

/** Zero, one or two points: nothing to optimise; two points sit 1 apart. */
function tinyLayout(n: number): Float32Array {
  return n === 2 ? Float32Array.from([0, 0, 1, 0]) : new Float32Array(2 * n);
}
