/**
 * Per-query ranking metrics of SPEC §3. Every function takes the 1-based ranks of the query's
 * relevant documents (one entry per relevant document, any order) and is pure, so per-query
 * values can be kept for drill-down and averaged afterwards. A relevant document that was never
 * ranked (judged but absent from the pool, or from a run) has rank `Infinity`: it counts in
 * |Rel|, earns no gain and no precision, and keeps Complete@K false (SPEC §3, "Runs that miss
 * relevant documents"); `censoredMaxRank` turns it into a finite rank for Max@R.
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

/**
 * nDCG@k, discount 1/log2(rank+1). Without `gains`: binary gains, ideal DCG over min(|Rel|, k)
 * documents. With `gains` (one per entry of `ranks`, the judged grades, as trec_eval's
 * ndcg_cut): DCG = Σ_{rank ≤ k} gain / log2(rank+1), ideal DCG = the k largest gains in order.
 * `ranks` may hold judged documents that are not "relevant" for the other metrics (0 < grade <
 * threshold): they still earn their gain, as in trec_eval. Gains ≤ 0 count nothing.
 */
export function ndcgAt(ranks: readonly number[], k: number, gains?: ArrayLike<number>): number {
  let dcg = 0;
  for (let i = 0; i < ranks.length; i++) {
    const g = gains ? Math.max(0, gains[i]) : 1;
    if (ranks[i] <= k && g > 0) dcg += g / Math.log2(ranks[i] + 1);
  }
  const sorted = gains ? Array.from(gains, (g) => Math.max(0, g)).sort((a, b) => b - a) : new Array<number>(ranks.length).fill(1);
  let ideal = 0;
  const m = Math.min(sorted.length, k);
  for (let i = 0; i < m; i++) ideal += sorted[i] / Math.log2(i + 2);
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

/**
 * MaxRank for Max@R when some relevant documents were never ranked: their rank is censored at
 * `censorAt` (pool size + 1, or run depth + 1), so the value stays finite and is never better
 * than the truth.
 */
export function censoredMaxRank(relRanks: readonly number[], censorAt: number): number {
  return Math.min(maxRank(relRanks), censorAt);
}

/** 1 when some relevant document was never ranked (its MaxRank is censored), else 0. */
export function isCensored(relRanks: readonly number[]): number {
  return relRanks.some((r) => r === Infinity) ? 1 : 0;
}

/**
 * nMax@R = (MaxRank − |Rel|) / (N − |Rel|): 0 at the optimum, 1 when a relevant document is last.
 * A relevant document outside the pool (rank ∞) counts as last: 1.
 */
export function normalizedMaxRank(relRanks: readonly number[], poolSize: number): number {
  const rel = relRanks.length;
  if (poolSize <= rel) return isCensored(relRanks) ? 1 : 0;
  return Math.min(1, (maxRank(relRanks) - rel) / (poolSize - rel));
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
