import type { Corpus } from '../data/corpus';
import type { Encoder, TextRole } from '../encoders/encoder';
import type { TaskOptions } from '../progress';
import type { RetrievalBackend } from '../retrieval';
import { matrix, type Matrix } from '../vectors';
import { selectPoints, type PointSelection, type SelectOptions } from './select';
import { UMAP_DEFAULTS, umapLayout, type UmapLayout } from './umap';

/**
 * A corpus projected to 2-D: select the points, encode them (questions and sentences as `query`,
 * passages as `passage`), lay them out with UMAP. The vectors are returned too, for neighbour
 * lookups. Seeded: the same corpus, model and options give the same points and layout.
 */
export interface ProjectOptions extends SelectOptions, TaskOptions {
  neighbors?: number;
  minDist?: number;
  epochs?: number;
  backend?: RetrievalBackend;
}

export interface Projection extends PointSelection {
  /** x, y interleaved per point. */
  coords: Float32Array;
  vectors: Matrix;
  /** `knn`: how the neighbours were searched (approximate from IVF_FROM points on, then with `knnRecall`). */
  layout: { method: 'umap'; neighbors: number; minDist: number; seed: number; dim: number; epochs: number; knn: UmapLayout['knnMethod']; knnRecall?: UmapLayout['knnRecall'] };
  timings: { encode: number; knn: number; graph: number; init: number; epochs: number };
}

export async function projectCorpus(corpus: Corpus, encoder: Encoder, opts: ProjectOptions = {}): Promise<Projection> {
  const seed = opts.seed ?? UMAP_DEFAULTS.seed;
  const minDist = opts.minDist ?? UMAP_DEFAULTS.minDist;
  const selection = selectPoints(corpus, { ...opts, seed });
  const t = performance.now();
  const vectors = await encodeByRole(encoder, selection, opts);
  const encode = +((performance.now() - t) / 1000).toFixed(3);
  const layout = await umapLayout(vectors, {
    neighbors: opts.neighbors,
    minDist,
    epochs: opts.epochs,
    seed,
    backend: opts.backend,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  return {
    ...selection,
    coords: layout.coords,
    vectors,
    layout: { method: 'umap', neighbors: layout.neighbors, minDist, seed, dim: vectors.dim, epochs: layout.epochs, knn: layout.knnMethod, ...(layout.knnRecall && { knnRecall: layout.knnRecall }) },
    timings: { encode, ...layout.timings },
  };
}

/** One encode call per role; rows scattered back to point order. */
export async function encodeByRole(encoder: Encoder, s: PointSelection, opts: TaskOptions): Promise<Matrix> {
  const n = s.texts.length;
  let out: Matrix | undefined;
  for (const role of ['query', 'passage'] as TextRole[]) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (s.role[i] === role) idx.push(i);
    if (idx.length === 0) continue;
    const m = await encoder.encode(idx.map((i) => s.texts[i]), { role, signal: opts.signal, onProgress: opts.onProgress });
    // The dimension is taken from the vectors (a remote encoder may learn it on its first call).
    out ??= matrix(n, m.dim);
    if (m.dim !== out.dim) throw new Error(`encoder ${encoder.info.name}: ${m.dim}-d passage vectors but ${out.dim}-d query vectors`);
    const { dim, data } = out;
    idx.forEach((i, r) => data.set(m.data.subarray(r * dim, (r + 1) * dim), i * dim));
  }
  return out ?? matrix(0, encoder.info.dim);
}
