/**
 * The definitions every report carries (SPEC §1–4), so a reader can recompute each figure by
 * hand. Keys are metric names with `k`/`K` left symbolic; `definitionsFor` picks those a report uses.
 */
export const DEFINITIONS: Record<string, string> = {
  similarity: 'Cosine similarity of L2-normalised embeddings (dot product).',
  rank: 'Documents ordered by similarity to the query, descending; ties broken by pool order (lower index first). 1-based.',
  exact: 'Top-k retrieval is exact: brute force over the whole pool.',
  'Recall@k': 'Mean over queries of |Rel ∩ top-k| / |Rel|.',
  'Success@k': 'Fraction of queries with at least one relevant document in the top k.',
  'MRR@k': 'Mean of 1 / rank of the first relevant document when that rank ≤ k, else 0.',
  'nDCG@k': 'Binary gains, discount 1/log2(rank+1), ideal DCG over min(|Rel|, k) relevant documents; nDCG@1 = 1 exactly when the top document is relevant.',
  mAP: 'Mean over queries of AP = (1/|Rel|) Σ_{d∈Rel} precision@rank(d).',
  'Max@R': 'Mean over queries of MaxRank(q) = the largest rank of any relevant document: the depth needed to recover all parallel relevant documents (lower is better; optimum |Rel|).',
  'Max@R.median': 'Median of MaxRank(q) over queries.',
  'nMax@R': 'Mean of (MaxRank − |Rel|) / (N − |Rel|), N = pool size: 0 = all relevant documents on top, 1 = one of them last.',
  'Complete@K': 'Fraction of queries with MaxRank(q) ≤ K (all relevant documents within the top K). K = 1 only when every query has one relevant document.',
  EIR: 'English inclination rate (bilingual L+pivot): fraction of queries for which at least one irrelevant pivot-language document ranks above the best-ranked relevant document in the query language L.',
  'EIR.count': 'Mean number of irrelevant pivot-language documents ranked above the best-ranked relevant document in L.',
  SIR: 'Same-language inclination rate: fraction of queries for which at least one irrelevant L document ranks above the best-ranked relevant pivot-language document. EIR high / SIR low = English inclination; the reverse = language clustering.',
  'SIR.count': 'Mean number of irrelevant L documents ranked above the best-ranked relevant pivot-language document.',
  'LangShare@k.<lang>': "Mean share of the top-k slots taken by documents in <lang>; compare with PoolShare.<lang>, the language's share of the pool.",
  'PoolShare.<lang>': 'Share of the pool made of documents in <lang>.',
  Alignment: "Wang & Isola alignment: mean ‖f(x) − f(y)‖² over parallel pairs (here: each query-language question and its pivot translation); lower = better aligned. byLanguage[L].Alignment pairs L with the pivot.",
  Uniformity: 'log E exp(−2‖f(x) − f(y)‖²) over pairs of distinct embeddings (all pairs up to 200,000, else 200,000 seeded random pairs); lower = more uniform.',
  LangSeparability: 'Accuracy of a leave-one-out nearest-centroid language classifier (cosine to class means) on the embeddings; ≈ 1/#languages = mixed, near 1 = clustered by language.',
  BitextAcc: 'Bitext mining accuracy L→M: fraction of sentences in L whose nearest neighbour among all M sentences is their translation. xsim = 1 − accuracy.',
  'BitextAcc.margin': 'As BitextAcc, with LASER ratio-margin scoring (k = 4): cos(x,y) / (mean cos of x to its 4 nearest M sentences / 2 + mean cos of y to its 4 nearest L sentences / 2).',
  overall: 'Unweighted mean of the per-query-language values (macro average); `queries` is the total.',
  cross: 'cross(L→M): queries in L, pool = all passages in M. matrix[L][M] holds each pair; byLanguage[L] averages the pairs M ≠ L.',
  bilingual: 'bilingual(L, pivot): queries in L, pool = passages in L followed by passages in the pivot language; Rel = {p(q)_L, p(q)_pivot}.',
  mono: 'mono(L): queries in L, pool = all passages in L; Rel = {p(q)_L}.',
  multilingual: 'multilingual(Λ): queries in every L ∈ Λ, one pool of the passages of every pool language (default: every language of the corpus, as LAReQA; --pool-langs chooses), in that order; Rel = all translations of p(q) in the pool.',
  'as-given': 'as-given (retrieval datasets: BEIR, MTEB, TREC, MLQA): pool = the corpus documents of the pool languages in file order (the tie order); queries = those with at least one judged document of grade ≥ the threshold (default 1), reported per query language; Rel = those documents, each with its grade as the nDCG gain. Queries whose judgements are all below the threshold are excluded and listed; a relevant document the corpus lacks counts as relevant and never retrieved (or is dropped on request, and the report says so); one in a language outside the pool is not part of the task (counted).',
};

/** The definitions for a report's metric keys (k and K numbers folded back to the symbolic names). */
export function definitionsFor(metricKeys: Iterable<string>, extra: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string) => {
    if (DEFINITIONS[name] && !out[name]) out[name] = DEFINITIONS[name];
  };
  for (const base of ['similarity', 'rank', 'exact', 'overall', ...extra]) add(base);
  for (const key of metricKeys) {
    add(key);
    add(key.replace(/@\d+/, '@k'));
    add(key.replace(/@\d+/, '@K'));
    add(key.replace(/@\d+\.[^.]+$/, '@k.<lang>'));
    add(key.replace(/\.[^.]+$/, '.<lang>'));
  }
  return out;
}
