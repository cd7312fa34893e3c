import type { Progress, TaskOptions } from '../progress';
import type { Matrix } from '../vectors';
import { search } from './search';
import type { ResolvedBackend, RetrievalBackend, TopK } from './types';

export interface NeighbourOptions extends TaskOptions {
  /** Neighbours per sentence in each direction (default 4, enough for margin scoring). */
  k?: number;
  backend?: RetrievalBackend;
}

export interface Neighbours {
  /** For each row of `a`, its nearest rows of `b`. */
  forward: TopK;
  /** For each row of `b`, its nearest rows of `a`. */
  backward: TopK;
  backend: ResolvedBackend;
}

/** Exact k nearest neighbours in both directions between two sentence sets (bitext mining, SPEC §4). */
export async function nearestNeighbours(a: Matrix, b: Matrix, opts: NeighbourOptions = {}): Promise<Neighbours> {
  const k = opts.k ?? 4;
  const report = opts.onProgress;
  const phase = (dir: string) => report && ((p: Progress) => report({ ...p, phase: `nearest neighbours (${dir})` }));
  const fwd = await search(a, b, { k, backend: opts.backend, signal: opts.signal, onProgress: phase('forward') });
  const bwd = await search(b, a, { k, backend: fwd.backend, signal: opts.signal, onProgress: phase('backward') });
  return {
    forward: { k: fwd.k, indices: fwd.indices, scores: fwd.scores },
    backward: { k: bwd.k, indices: bwd.indices, scores: bwd.scores },
    backend: fwd.backend,
  };
}

/**
 * LASER ratio margin (Artetxe & Schwenk 2019) over each source sentence's candidates:
 * `margin(x, y) = cos(x, y) / (Σ_{z∈NN_k(x)} cos(x, z) / 2k + Σ_{z∈NN_k(y)} cos(y, z) / 2k)`.
 * Candidates are the `forward` neighbours of x; the neighbourhood averages use the first
 * `marginK` entries of `forward` (for x) and `backward` (for y), fewer if the pool is smaller.
 * Returns the candidates re-ordered by margin (descending, lower index first on ties), with the
 * margin as score: row i's first index is x_i's margin-best match.
 */
export function marginRescore(forward: TopK, backward: TopK, marginK = 4): TopK {
  const rows = forward.k === 0 ? 0 : forward.indices.length / forward.k;
  const meanOf = (t: TopK, i: number) => {
    const kk = Math.min(marginK, t.k);
    let s = 0;
    for (let j = 0; j < kk; j++) s += t.scores[i * t.k + j];
    return kk > 0 ? s / kk : 0;
  };
  const k = forward.k;
  const indices = new Int32Array(rows * k);
  const scores = new Float32Array(rows * k);
  const cand: Array<{ idx: number; margin: number }> = [];
  for (let i = 0; i < rows; i++) {
    const mx = meanOf(forward, i);
    cand.length = 0;
    for (let j = 0; j < k; j++) {
      const y = forward.indices[i * k + j];
      const cos = forward.scores[i * k + j];
      cand.push({ idx: y, margin: cos / ((mx + meanOf(backward, y)) / 2) });
    }
    cand.sort((p, q) => q.margin - p.margin || p.idx - q.idx);
    for (let j = 0; j < k; j++) {
      indices[i * k + j] = cand[j].idx;
      scores[i * k + j] = cand[j].margin;
    }
  }
  return { k, indices, scores };
}
