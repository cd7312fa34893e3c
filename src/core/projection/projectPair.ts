import type { Corpus } from '../data/corpus';
import type { Encoder } from '../encoders/encoder';
import type { Progress } from '../progress';
import type { Matrix } from '../vectors';
import { ALIGNED_DEFAULTS, alignedLayout } from './alignedLayout';
import { exactKnn } from './knnGraph';
import { encodeByRole, type ProjectOptions } from './project';
import { selectPoints, type PointSelection } from './select';
import { UMAP_DEFAULTS } from './umap';

/**
 * Compare's projections: the same points of one corpus embedded by two models, laid out jointly
 * (alignedLayout.ts), with each point's displacement between its two positions, and the noise
 * baseline: model A laid out jointly with itself under the same two seeds, where every
 * displacement is layout noise. A point that moved further than the baseline's 95th percentile
 * moved more than layout noise usually moves a point.
 */
export interface ProjectPairOptions extends ProjectOptions {
  /** Seeds of the two layouts (default 42 and 43): the comparison and the baseline use both. */
  seeds?: [number, number];
  lambda?: number;
}

export interface DisplacementSummary {
  points: number;
  /** Displacement A → B, in layout radii. */
  median: number;
  p90: number;
  /** The same for model A against itself (seeds as above). */
  baseline: { median: number; p90: number; p95: number };
  /** Points whose displacement exceeds the baseline's 95th percentile (about 5% would by noise alone). */
  beyondNoise: number;
}

export interface ProjectedPair extends PointSelection {
  /** x, y interleaved per point: model A's and model B's positions in one frame. */
  a: Float32Array;
  b: Float32Array;
  /** Per point, in layout radii: A → B, and A → A under the other seed (the noise baseline). */
  displacement: Float32Array;
  baseline: Float32Array;
  summary: DisplacementSummary;
  layout: { method: 'aligned-umap'; neighbors: number; minDist: number; seeds: [number, number]; lambda: number; epochs: number; dims: [number, number] };
}

export async function projectPair(corpus: Corpus, encoderA: Encoder, encoderB: Encoder, opts: ProjectPairOptions = {}): Promise<ProjectedPair> {
  const seeds = opts.seeds ?? ALIGNED_DEFAULTS.seeds;
  const minDist = opts.minDist ?? UMAP_DEFAULTS.minDist;
  const neighbors = opts.neighbors ?? UMAP_DEFAULTS.neighbors;
  const selection = selectPoints(corpus, { ...opts, seed: opts.seed ?? UMAP_DEFAULTS.seed });
  const phase = (name: string) => opts.onProgress && ((p: Progress) => opts.onProgress!({ ...p, phase: `${name}: ${p.phase}` }));
  const va = await encodeByRole(encoderA, selection, { signal: opts.signal, onProgress: phase('model A') });
  const vb = await encodeByRole(encoderB, selection, { signal: opts.signal, onProgress: phase('model B') });
  return { ...selection, ...(await layPair(va, vb, { ...opts, seeds, minDist, neighbors })) };
}

/** The joint layout of two embeddings of the same points, and the noise baseline of the first. */
export async function layPair(va: Matrix, vb: Matrix, opts: ProjectPairOptions & { seeds: [number, number] }): Promise<Omit<ProjectedPair, keyof PointSelection>> {
  if (va.rows !== vb.rows) throw new RangeError(`layPair: ${va.rows} and ${vb.rows} points`);
  const n = va.rows;
  const pairs = Array.from({ length: n }, (_, i) => [i, i] as const);
  const common = { neighbors: opts.neighbors, minDist: opts.minDist, epochs: opts.epochs, lambda: opts.lambda, seeds: opts.seeds, backend: opts.backend, signal: opts.signal };
  const knnA = await exactKnn(va, opts.neighbors ?? UMAP_DEFAULTS.neighbors, { backend: opts.backend, signal: opts.signal });
  const progress = (name: string) => opts.onProgress && ((p: Progress) => opts.onProgress!({ ...p, phase: `${name}: ${p.phase}` }));
  const joint = await alignedLayout(va, vb, pairs, { ...common, knn: [knnA, undefined], onProgress: progress('joint layout of A and B') });
  const noise = await alignedLayout(va, va, pairs, { ...common, knn: [knnA, knnA], onProgress: progress('noise baseline (A with itself)') });
  return {
    a: joint.a,
    b: joint.b,
    displacement: joint.displacement,
    baseline: noise.displacement,
    summary: summarise(joint.displacement, noise.displacement),
    layout: { method: 'aligned-umap', neighbors: joint.neighbors, minDist: opts.minDist ?? UMAP_DEFAULTS.minDist, seeds: joint.seeds, lambda: joint.lambda, epochs: joint.epochs, dims: [va.dim, vb.dim] },
  };
}

export function summarise(displacement: Float32Array, baseline: Float32Array): DisplacementSummary {
  const p95 = quantile(baseline, 0.95);
  let beyond = 0;
  for (const d of displacement) if (d > p95) beyond++;
  return {
    points: displacement.length,
    median: quantile(displacement, 0.5),
    p90: quantile(displacement, 0.9),
    baseline: { median: quantile(baseline, 0.5), p90: quantile(baseline, 0.9), p95 },
    beyondNoise: beyond,
  };
}

/** Linear-interpolation quantile (type 7); NaN for an empty list. */
export function quantile(xs: ArrayLike<number>, p: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}
