/**
 * The definitions every report carries (SPEC §1–4), so a reader can recompute each figure by
 * hand. Keys are metric names with `k`/`K` left symbolic; `definitionsFor` picks those a report uses.
 */
export const DEFINITIONS: Record<string, string> = {
  similarity: 'Cosine similarity of L2-normalised embeddings (dot product).',
  rank: 'Documents ordered by similarity to the query, descending; ties broken by pool order (lower index first). 1-based.',
  exact: 'Top-k retrieval is exact: brute force over the whole pool.',
  'Recall@k': 'Mean over queries of |Rel ∩ top-k| / |Rel|. Rel = documents with grade ≥ the relevance threshold (1 unless set), including judged relevant documents never ranked (absent from the pool or the run).',
  'Success@k': 'Fraction of queries with at least one relevant document in the top k.',
  'MRR@k': 'Mean of 1 / rank of the first relevant document when that rank ≤ k, else 0.',
  'nDCG@k': 'DCG@k / ideal DCG@k, discount 1/log2(rank+1). Binary relevance (parallel QA scenarios): gain 1 per relevant document, ideal DCG over min(|Rel|, k) documents; nDCG@1 = 1 exactly when the top document is relevant. Graded relevance (retrieval datasets, TREC qrels): gain = grade of every judged document with grade > 0, whatever the relevance threshold (as trec_eval ndcg_cut); ideal DCG = the k largest judged grades in decreasing order, including documents never ranked, which earn no gain.',
  mAP: 'Mean over queries of AP = (1/|Rel|) Σ_{d∈Rel} precision@rank(d); a relevant document never ranked contributes precision 0.',
  'Max@R': 'Mean over queries of MaxRank(q) = the largest rank of any relevant document: the depth needed to recover all parallel relevant documents (lower is better; optimum |Rel|). A relevant document never ranked (absent from the pool, or from a TREC run) has its rank censored at pool size + 1 (run depth + 1, depth = the most documents the run lists for any query): a lower bound, counted in Max@R.censored. No query is dropped.',
  'Max@R.median': 'Median of MaxRank(q) (censored as in Max@R) over queries; for overall, the median over all queries (not a mean of per-language medians).',
  'Max@R.censored': 'Share of queries with at least one relevant document never ranked (not in the pool, or not listed by the run), whose MaxRank is therefore censored at pool size + 1 (run depth + 1).',
  'nMax@R': 'Mean of (MaxRank − |Rel|) / (N − |Rel|), N = pool size (stored per task in the report\'s `pools`): 0 = all relevant documents on top, 1 = one of them last; a query with a relevant document outside the pool counts 1.',
  'Complete@K': 'Fraction of queries with MaxRank(q) ≤ K (all relevant documents within the top K); 0 for a query with a relevant document never ranked. K = 1 only when every query has one relevant document.',
  EIR: 'English inclination rate. bilingual L+pivot (parallel data): fraction of queries for which at least one irrelevant pivot-language document ranks above the best-ranked relevant document in the query language L. Without parallel documents (a mixed-language pool): over the queries in L ≠ pivot that have a relevant document in L, the fraction for which at least one non-relevant or unjudged pivot-language document ranks above the best-ranked relevant L document; the others are counted in EIR.excluded. Ties: documents with equal scores are ranked in pool order; in bilingual the L documents precede the pivot documents, so an exact tie ranks the L document first (favouring L: EIR is not raised by ties).',
  'EIR.count': 'Mean number of irrelevant pivot-language documents ranked above the best-ranked relevant document in L.',
  'EIR.excluded': 'Inclination without parallel documents: number of queries in L ≠ pivot left out of EIR because none of their relevant documents is in L (summed over languages for overall).',
  SIR: 'Same-language inclination rate (bilingual): fraction of queries for which at least one irrelevant L document ranks above the best-ranked relevant pivot-language document. EIR high / SIR low = English inclination; the reverse = language clustering. Ties: L documents precede pivot documents in the pool, so an exact tie ranks the L document first (favouring L: SIR may be raised by ties).',
  'SIR.count': 'Mean number of irrelevant L documents ranked above the best-ranked relevant pivot-language document.',
  'LangShare@k.<lang>': "Mean share of the top-k slots taken by documents in <lang>; compare with PoolShare.<lang>, the language's share of the pool.",
  'Top1.relevant.own': "Top-1 decomposition (XLens's reading of MLAIRE's idea; its formulas are not public): share of queries whose top document is relevant and in the query's language. The four Top1 shares sum to 1.",
  'Top1.relevant.other': "Top-1 decomposition: share of queries whose top document is relevant and in another language than the query's.",
  'Top1.nonrelevant.own': "Top-1 decomposition: share of queries whose top document is not relevant (or unjudged) and in the query's language.",
  'Top1.nonrelevant.other': "Top-1 decomposition: share of queries whose top document is not relevant (or unjudged) and in another language than the query's.",
  excluded: 'A query without any relevant document (e.g. all its judgements grade 0) is excluded from every metric; the report counts and lists such queries.',
  'PoolShare.<lang>': 'Share of the pool made of documents in <lang>.',
  Alignment: "Wang & Isola alignment: mean ‖f(x) − f(y)‖² over parallel pairs (here: each query-language question and its pivot translation); lower = better aligned. byLanguage[L].Alignment pairs L with the pivot.",
  Uniformity: 'log E exp(−2‖f(x) − f(y)‖²) over pairs of distinct embeddings (all pairs up to 200,000, else 200,000 seeded random pairs); lower = more uniform.',
  LangSeparability: 'Accuracy of a leave-one-out nearest-centroid language classifier (cosine to class means) on the embeddings; ≈ 1/#languages = mixed, near 1 = clustered by language.',
  BitextAcc: 'Bitext mining accuracy L→M: fraction of sentences in L whose nearest neighbour among all M sentences is their translation. xsim = 1 − accuracy.',
  'BitextAcc.margin': 'As BitextAcc, with LASER ratio-margin scoring (k = 4): cos(x,y) / (mean cos of x to its 4 nearest M sentences / 2 + mean cos of y to its 4 nearest L sentences / 2).',
  overall: 'Unweighted mean of the per-query-language values (macro average); `queries` and EIR.excluded are totals; Max@R.median is the median over all queries (for cross, over every off-diagonal query×pool pair), not a mean of medians.',
  cross: 'cross(L→M): queries in L, pool = all passages in M. matrix[L][M] holds each pair; byLanguage[L] averages the pairs M ≠ L.',
  trec: 'xlens metrics: the run ranks each query\'s documents by score, descending, ties in line order (the rank column is ignored). Every judged query with a relevant document is scored, also when the run lists nothing for it (as trec_eval -c); queries whose judgements hold no relevant document are excluded and listed in `excluded`; run queries without judgements are not scored. A relevant document the run does not list is not retrieved: no gain, no precision, Complete@K 0, and for Max@R its rank is censored at depth + 1 (depth = the most documents the run lists for any query). nMax@R is not reported: a run has no pool size.',
  bilingual: 'bilingual(L, pivot): queries in L, pool = passages in L followed by passages in the pivot language; Rel = {p(q)_L, p(q)_pivot}.',
  mono: 'mono(L): queries in L, pool = all passages in L; Rel = {p(q)_L}.',
  multilingual: 'multilingual(Λ): queries in every L ∈ Λ, one pool of the passages of every pool language (default: every language of the corpus, as LAReQA; --pool-langs chooses), in that order; Rel = all translations of p(q) in the pool.',
  'as-given': 'as-given (retrieval datasets: BEIR, MTEB, TREC, MLQA): pool = the corpus documents of the pool languages in file order (the tie order); queries = those with at least one judged document of grade ≥ the threshold (default 1), reported per query language; Rel = those documents, each with its grade as the nDCG gain. Queries whose judgements are all below the threshold are excluded and listed; a relevant document the corpus lacks counts as relevant and never retrieved (or is dropped on request, and the report says so); one in a language outside the pool is not part of the task (counted).',
};

/** Said beside EIR/SIR wherever a report shows them for `bilingual` (SPEC §3). */
export const BILINGUAL_TIE_NOTE =
  'Ties: in bilingual pools the L documents precede the pivot documents, so an exact score tie ranks the L document first; this favours L (ties never raise EIR, they can raise SIR).';

/** The definitions for a report's metric keys (k and K numbers folded back to the symbolic names). */
export function definitionsFor(metricKeys: Iterable<string>, extra: string[] = [], base = ['similarity', 'rank', 'exact', 'overall']): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string) => {
    if (DEFINITIONS[name] && !out[name]) out[name] = DEFINITIONS[name];
  };
  for (const name of [...base, ...extra]) add(name);
  for (const key of metricKeys) {
    add(key);
    add(key.replace(/@\d+/, '@k'));
    add(key.replace(/@\d+/, '@K'));
    add(key.replace(/@\d+\.[^.]+$/, '@k.<lang>'));
    add(key.replace(/\.[^.]+$/, '.<lang>'));
  }
  return out;
}
