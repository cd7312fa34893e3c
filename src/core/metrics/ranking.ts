/**
 * Per-query ranking metrics of SPEC §3. Every function takes the 1-based ranks of the query's
 * relevant documents (one entry per relevant document, any order) and is pure, so per-query
 * values can be kept for drill-down and averaged afterwards.
 */

/** Recall@k = |Rel ∩ top_k| / |Rel|. */
export function recallAt(relRanks: readonly number[], k: number): number {
  if (relRanks.length === 0) return 0;
  let hit = 0;
  for (const r of relRanks) if (r <= k) hit++;
  return hit / relRanks.length;
}

/** Success@k = 1 if any relevant document is in the top k. */
export function successAt(relRanks: readonly number[], k: number): number {
  for (const r of relRanks) if (r <= k) return 1;
  return 0;
}

/** MRR@k: reciprocal rank of the first relevant document if it is within k, else 0. */
export function reciprocalRankAt(relRanks: readonly number[], k: number): number {
  const first = minRank(relRanks);
  return first <= k ? 1 / first : 0;
}

/** nDCG@k with binary gains, discount 1/log2(rank+1), ideal DCG over min(|Rel|, k) documents. */
export function ndcgAt(relRanks: readonly number[], k: number): number {
  let dcg = 0;
  for (const r of relRanks) if (r <= k) dcg += 1 / Math.log2(r + 1);
  let ideal = 0;
  const m = Math.min(relRanks.length, k);
  for (let i = 1; i <= m; i++) ideal += 1 / Math.log2(i + 1);
  return ideal > 0 ? dcg / ideal : 0;
}

/** AP = (1/|Rel|) Σ_{d ∈ Rel} precision@rank(d); the i-th relevant document in rank order has precision i / rank. */
export function averagePrecision(relRanks: readonly number[]): number {
  if (relRanks.length === 0) return 0;
  const sorted = [...relRanks].sort((a, b) => a - b);
  let s = 0;
  for (let i = 0; i < sorted.length; i++) s += (i + 1) / sorted[i];
  return s / sorted.length;
}

/** MaxRank(q): depth needed to recover every relevant document. */
export function maxRank(relRanks: readonly number[]): number {
  let m = 0;
  for (const r of relRanks) if (r > m) m = r;
  return m;
}

export function minRank(relRanks: readonly number[]): number {
  let m = Infinity;
  for (const r of relRanks) if (r < m) m = r;
  return m;
}

/** nMax@R = (MaxRank − |Rel|) / (N − |Rel|): 0 at the optimum, 1 when a relevant document is last. */
export function normalizedMaxRank(relRanks: readonly number[], poolSize: number): number {
  const rel = relRanks.length;
  if (poolSize <= rel) return 0;
  return (maxRank(relRanks) - rel) / (poolSize - rel);
}

/** Complete@K: 1 when all relevant documents are within the top K. */
export function completeAt(relRanks: readonly number[], K: number): number {
  return maxRank(relRanks) <= K ? 1 : 0;
}

/**
 * K values for Complete@K (SPEC §3): 1 only when every query has exactly one relevant document
 * (Complete@1 is otherwise impossible), then 2, 5, 10, 20, 100.
 */
export function completeKs(maxRelevant: number): number[] {
  return maxRelevant === 1 ? [1, 2, 5, 10, 20, 100] : [2, 5, 10, 20, 100];
}
