/**
 * Language-preference metrics (SPEC §3): English inclination (EIR), its mirror (SIR) and the
 * share of top-k slots each language takes. Documents carry a small integer language label.
 */

/** A relevant document of one query: its rank and, per language label, how many docs rank above it. */
export interface RelevantHit {
  rank: number;
  label: number;
  /** above[l] = number of documents of label l ranked strictly above this one. */
  above: ArrayLike<number>;
}

/**
 * Irrelevant documents of label `other` ranked above the best-ranked relevant document of label
 * `own`. Returns undefined when the query has no relevant document of label `own`.
 */
export function irrelevantAbove(rel: readonly RelevantHit[], own: number, other: number): number | undefined {
  let best: RelevantHit | undefined;
  for (const h of rel) if (h.label === own && (!best || h.rank < best.rank)) best = h;
  if (!best) return undefined;
  let relevantOtherAbove = 0;
  for (const h of rel) if (h.label === other && h.rank < best.rank) relevantOtherAbove++;
  return best.above[other] - relevantOtherAbove;
}

/**
 * Share of the top-k slots taken by each label, for one query: counts / min(k, n).
 * `topLabels` lists the labels of the ranked documents, best first.
 */
export function labelShareAt(topLabels: ArrayLike<number>, k: number, labelCount: number): Float64Array {
  const share = new Float64Array(labelCount);
  const n = Math.min(k, topLabels.length);
  if (n === 0) return share;
  for (let i = 0; i < n; i++) share[topLabels[i]] += 1;
  for (let l = 0; l < labelCount; l++) share[l] /= n;
  return share;
}

/** The four cells of the top-1 decomposition; per query exactly one of them is 1. */
export const TOP1_KEYS = ['Top1.relevant.own', 'Top1.relevant.other', 'Top1.nonrelevant.own', 'Top1.nonrelevant.other'] as const;

/**
 * Top-1 decomposition (XLens's reading of MLAIRE's idea, SPEC §3): is the top document relevant,
 * and is it in the query's own language? Averaged over queries, the four shares sum to 1.
 */
export function top1Cell(relevant: boolean, ownLanguage: boolean): Record<(typeof TOP1_KEYS)[number], number> {
  const cell = `Top1.${relevant ? 'relevant' : 'nonrelevant'}.${ownLanguage ? 'own' : 'other'}`;
  return Object.fromEntries(TOP1_KEYS.map((k) => [k, k === cell ? 1 : 0])) as Record<(typeof TOP1_KEYS)[number], number>;
}
