import type { Matrix } from '../vectors';

/** A point's neighbour: its index among the projected points, language, 1-based rank and cosine. */
export interface PointNeighbour {
  index: number;
  lang: string;
  rank: number;
  similarity: number;
}

/**
 * The `k` points most similar to point `index` among all projected points (cosine = dot product
 * of the L2-normalised rows), the point itself left out; ranks are 1-based with the SPEC §1 tie
 * rule (higher similarity first, then lower index). One row against all: a plain loop is enough.
 */
export function pointNeighbours(vectors: Matrix, index: number, k: number, langOf: (i: number) => string): PointNeighbour[] {
  const { rows: n, dim, data } = vectors;
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`point ${index} outside the ${n} projected points`);
  const kk = Math.max(0, Math.min(Math.floor(k), n - 1));
  if (kk === 0) return [];
  const bestS = new Float64Array(kk).fill(-Infinity);
  const bestI = new Int32Array(kk).fill(-1);
  const q = index * dim;
  for (let j = 0; j < n; j++) {
    if (j === index) continue;
    let s = 0;
    const o = j * dim;
    for (let d = 0; d < dim; d++) s += data[q + d] * data[o + d];
    s = Math.fround(s);
    // Strictly greater: an equal score keeps the earlier (lower) index ahead.
    if (!(s > bestS[kk - 1])) continue;
    let p = kk - 1;
    while (p > 0 && s > bestS[p - 1]) {
      bestS[p] = bestS[p - 1];
      bestI[p] = bestI[p - 1];
      p--;
    }
    bestS[p] = s;
    bestI[p] = j;
  }
  const out: PointNeighbour[] = [];
  for (let r = 0; r < kk; r++) out.push({ index: bestI[r], lang: langOf(bestI[r]), rank: r + 1, similarity: bestS[r] });
  return out;
}
