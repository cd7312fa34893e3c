import type { Matrix } from '../vectors';
import type { DocLabels } from './types';

/**
 * Slow, obviously-correct SPEC §1 ranking for tests and spot checks: float64 dot products and a
 * full sort of every row (score descending, lower index first). Not for real pools.
 */
export interface ReferenceResult {
  k: number;
  indices: Int32Array;
  scores: Float64Array;
  relevantRanks?: Int32Array[];
  aboveByLabel?: Int32Array[];
}

export function referenceSearch(
  queries: Matrix,
  docs: Matrix,
  opts: { k: number; relevant?: ReadonlyArray<Int32Array>; docLabels?: DocLabels },
): ReferenceResult {
  const n = docs.rows;
  const k = Math.min(opts.k, n);
  const indices = new Int32Array(queries.rows * k);
  const scores = new Float64Array(queries.rows * k);
  const relevantRanks: Int32Array[] = [];
  const aboveByLabel: Int32Array[] = [];
  const L = opts.docLabels?.count ?? 0;
  for (let q = 0; q < queries.rows; q++) {
    const s = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let t = 0; t < docs.dim; t++) acc += queries.data[q * queries.dim + t] * docs.data[j * docs.dim + t];
      s[j] = acc;
    }
    const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => s[b] - s[a] || a - b);
    const rankOf = new Int32Array(n);
    order.forEach((j, r) => (rankOf[j] = r + 1));
    for (let r = 0; r < k; r++) {
      indices[q * k + r] = order[r];
      scores[q * k + r] = s[order[r]];
    }
    const req = opts.relevant?.[q];
    if (!req) continue;
    relevantRanks.push(Int32Array.from(req, (j) => rankOf[j]));
    const labels = opts.docLabels?.labels;
    if (labels) {
      const above = new Int32Array(req.length * L);
      req.forEach((j, r) => {
        for (let p = 0; p < rankOf[j] - 1; p++) above[r * L + labels[order[p]]]++;
      });
      aboveByLabel.push(above);
    }
  }
  return {
    k,
    indices,
    scores,
    ...(opts.relevant ? { relevantRanks } : {}),
    ...(opts.relevant && opts.docLabels ? { aboveByLabel } : {}),
  };
}
