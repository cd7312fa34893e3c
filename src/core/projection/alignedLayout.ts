import { throwIfAborted } from '../errors';
import { rng } from '../metrics/stats';
import type { TaskOptions } from '../progress';
import type { RetrievalBackend } from '../retrieval';
import type { Matrix } from '../vectors';
import { findAbParams } from './abParams';
import { alignLayouts } from './align';
import { fuzzySimplicialSet, type FuzzyGraph } from './fuzzyGraph';
import { exactKnn, type Knn } from './knnGraph';
import { LayoutOptimizer } from './optimize';
import { pcaInit } from './pcaInit';
import { defaultEpochs, pruneWeak, UMAP_DEFAULTS } from './umap';

/**
 * Two UMAP layouts laid out jointly, after umap-learn's AlignedUMAP: each layout keeps its own
 * fuzzy graph (its model's neighbourhoods), and whenever a point's edge is sampled the point is
 * also pulled toward its partner's current position in the other layout, with strength
 * `lambda × J`, where J is the Jaccard overlap of the point's graph neighbourhood in the two
 * layouts (points whose neighbours changed are held loosely, so the change can show). B starts
 * where A starts. Two independent UMAP runs differ non-rigidly even on identical vectors, so a
 * rigid fit of one onto the other leaves layout noise that looks like a model difference; here
 * the distance between a point's two positions (its displacement) is small unless its
 * neighbourhood differs, and `layoutNoise` measures what remains from the seeds alone.
 */
export interface AlignedLayoutOptions extends TaskOptions {
  neighbors?: number;
  minDist?: number;
  spread?: number;
  epochs?: number;
  learningRate?: number;
  negativeSampleRate?: number;
  /** Seeds of layout A and layout B (initial jitter and negative samples); default 42 and 43. */
  seeds?: [number, number];
  /** Strength of the pull toward the partner (umap-learn's `alignment_regularisation`, 0.01). */
  lambda?: number;
  /** Precomputed neighbours of A and B (else exact kNN with `backend`). */
  knn?: [Knn | undefined, Knn | undefined];
  backend?: RetrievalBackend;
}

export const ALIGNED_DEFAULTS = { lambda: 0.01, seeds: [42, 43] as [number, number] };

export interface AlignedLayout {
  /** x, y interleaved per point of A, and of B, in one frame. */
  a: Float32Array;
  b: Float32Array;
  /** `[indexInA, indexInB]` of the points both show. */
  pairs: ReadonlyArray<readonly [number, number]>;
  /** Per pair: distance between the point's position in A and in B, in layout radii. */
  displacement: Float32Array;
  /** Root-mean-square distance of the paired points from their joint centroid (the unit above). */
  radius: number;
  neighbors: number;
  epochs: number;
  lambda: number;
  seeds: [number, number];
}

export async function alignedLayout(va: Matrix, vb: Matrix, pairs: ReadonlyArray<readonly [number, number]>, opts: AlignedLayoutOptions = {}): Promise<AlignedLayout> {
  const neighbors = opts.neighbors ?? UMAP_DEFAULTS.neighbors;
  const lambda = opts.lambda ?? ALIGNED_DEFAULTS.lambda;
  const seeds = opts.seeds ?? ALIGNED_DEFAULTS.seeds;
  const nA = va.rows;
  const nB = vb.rows;
  const epochs = opts.epochs ?? defaultEpochs(Math.max(nA, nB));
  for (const [i, j] of pairs) if (!(i >= 0 && i < nA && j >= 0 && j < nB)) throw new RangeError(`alignedLayout: pair (${i}, ${j}) outside ${nA} and ${nB} points`);
  const knnOpts = { backend: opts.backend, signal: opts.signal, onProgress: opts.onProgress };
  const knnA = opts.knn?.[0] ?? (await exactKnn(va, neighbors, knnOpts));
  const knnB = opts.knn?.[1] ?? (vb === va ? knnA : await exactKnn(vb, neighbors, knnOpts));
  const graphA = fuzzySimplicialSet(knnA);
  const graphB = vb === va ? graphA : fuzzySimplicialSet(knnB);

  const partnerA = new Int32Array(nA).fill(-1);
  const partnerB = new Int32Array(nB).fill(-1);
  for (const [i, j] of pairs) {
    partnerA[i] = j;
    partnerB[j] = i;
  }
  const [weightA, weightB] = neighbourhoodOverlap(graphA, graphB, partnerA, partnerB);

  // Start: A from its principal components; B's paired points where their partners start (plus
  // B's own jitter), B's other points from B's principal components fitted onto A's frame.
  const a = Float32Array.from(pcaInit(va, seeds[0]));
  const ownB = pcaInit(vb, seeds[1]);
  const fitted = alignLayouts(a, ownB, pairs).coords;
  const b = Float32Array.from(fitted);
  const jitter = rng(seeds[1] ^ 0x4a17);
  for (const [i, j] of pairs) {
    b[2 * j] = a[2 * i] + 1e-4 * (jitter() - 0.5);
    b[2 * j + 1] = a[2 * i + 1] + 1e-4 * (jitter() - 0.5);
  }

  const { a: ca, b: cb } = findAbParams(opts.spread ?? UMAP_DEFAULTS.spread, opts.minDist ?? UMAP_DEFAULTS.minDist);
  const common = { epochs, a: ca, b: cb, learningRate: opts.learningRate ?? UMAP_DEFAULTS.learningRate, negativeSampleRate: opts.negativeSampleRate ?? UMAP_DEFAULTS.negativeSampleRate };
  const runA = new LayoutOptimizer(pruneWeak(graphA, epochs), a, { ...common, seed: seeds[0], anchor: { partner: partnerA, other: b, weight: weightA, lambda } });
  const runB = new LayoutOptimizer(pruneWeak(graphB, epochs), b, { ...common, seed: seeds[1], anchor: { partner: partnerB, other: a, weight: weightB, lambda } });
  let lastReport = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    // Alternate which layout moves first, so neither always chases the other.
    if (epoch % 2 === 0) {
      runA.epoch(epoch);
      runB.epoch(epoch);
    } else {
      runB.epoch(epoch);
      runA.epoch(epoch);
    }
    const now = performance.now();
    if (opts.onProgress && (now - lastReport > 100 || epoch === epochs - 1)) {
      lastReport = now;
      opts.onProgress({ phase: 'joint layout epochs', done: epoch + 1, total: epochs, unit: 'steps' });
    }
    if (opts.signal) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      throwIfAborted(opts.signal);
    }
  }

  const { displacement, radius } = displacements(a, b, pairs);
  return { a, b, pairs, displacement, radius, neighbors: knnA.k, epochs, lambda, seeds };
}

/**
 * Per point with a partner: the Jaccard overlap of its graph neighbours in its own layout and its
 * partner's neighbours in the other, both counted among paired points (as umap-learn's
 * `build_neighborhood_similarities`; 1 when neither has a paired neighbour).
 */
export function neighbourhoodOverlap(ga: FuzzyGraph, gb: FuzzyGraph, partnerA: Int32Array, partnerB: Int32Array): [Float64Array, Float64Array] {
  const rowsA = rows(ga);
  const rowsB = rows(gb);
  const wa = new Float64Array(ga.n);
  const wb = new Float64Array(gb.n);
  for (let i = 0; i < ga.n; i++) {
    const j = partnerA[i];
    if (j < 0) continue;
    const mine = new Set<number>();
    for (const t of rowsA[i]) if (partnerA[t] >= 0) mine.add(partnerA[t]);
    let inter = 0;
    let theirs = 0;
    for (const t of rowsB[j]) {
      if (partnerB[t] < 0) continue;
      theirs++;
      if (mine.has(t)) inter++;
    }
    const union = mine.size + theirs - inter;
    wa[i] = wb[j] = union > 0 ? inter / union : 1;
  }
  return [wa, wb];
}

/** Each point's neighbours in a CSR-ordered graph. */
function rows(g: FuzzyGraph): number[][] {
  const out: number[][] = Array.from({ length: g.n }, () => []);
  for (let e = 0; e < g.head.length; e++) out[g.head[e]].push(g.tail[e]);
  return out;
}

/** Distances between paired positions, in units of the pairs' RMS distance from their joint centroid. */
export function displacements(a: ArrayLike<number>, b: ArrayLike<number>, pairs: ReadonlyArray<readonly [number, number]>): { displacement: Float32Array; radius: number } {
  let cx = 0;
  let cy = 0;
  for (const [i, j] of pairs) {
    cx += a[2 * i] + b[2 * j];
    cy += a[2 * i + 1] + b[2 * j + 1];
  }
  const m = pairs.length;
  cx /= Math.max(1, 2 * m);
  cy /= Math.max(1, 2 * m);
  let sq = 0;
  for (const [i, j] of pairs) sq += (a[2 * i] - cx) ** 2 + (a[2 * i + 1] - cy) ** 2 + (b[2 * j] - cx) ** 2 + (b[2 * j + 1] - cy) ** 2;
  const radius = m ? Math.sqrt(sq / (2 * m)) : 0;
  const displacement = new Float32Array(m);
  pairs.forEach(([i, j], t) => {
    const d = Math.hypot(a[2 * i] - b[2 * j], a[2 * i + 1] - b[2 * j + 1]);
    displacement[t] = radius > 0 ? d / radius : 0;
  });
  return { displacement, radius };
}
