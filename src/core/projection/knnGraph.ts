import type { TaskOptions } from '../progress';
import { search, type RetrievalBackend } from '../retrieval';
import type { Matrix } from '../vectors';

/**
 * Each point's `k` nearest *other* points, nearest first, row-major (`[i·k, (i+1)·k)`), with
 * cosine distances `1 − s` (rows are L2-normalised, so `s` is a dot product). Ties follow the
 * retrieval order of SPEC §1 (lower index first).
 */
export interface Knn {
  n: number;
  k: number;
  indices: Int32Array;
  distances: Float32Array;
}

/** Exact kNN by the retrieval engine's brute-force top-k (onnxruntime when available). */
export async function exactKnn(vectors: Matrix, k: number, opts: TaskOptions & { backend?: RetrievalBackend } = {}): Promise<Knn> {
  const n = vectors.rows;
  const kk = Math.max(0, Math.min(k, n - 1));
  const out: Knn = { n, k: kk, indices: new Int32Array(n * kk), distances: new Float32Array(n * kk) };
  if (kk === 0) return out;
  const top = await search(vectors, vectors, {
    k: kk + 1,
    backend: opts.backend,
    signal: opts.signal,
    onProgress: opts.onProgress && ((p) => opts.onProgress?.({ ...p, phase: 'exact nearest neighbours' })),
  });
  const width = top.k;
  for (let i = 0; i < n; i++) {
    // The point itself is usually first, but an exact duplicate with a lower index outranks it.
    let w = 0;
    for (let r = 0; r < width && w < kk; r++) {
      const j = top.indices[i * width + r];
      if (j === i) continue;
      out.indices[i * kk + w] = j;
      out.distances[i * kk + w] = Math.max(0, 1 - top.scores[i * width + r]);
      w++;
    }
  }
  return out;
}
