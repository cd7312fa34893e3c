import { aggregateQueries } from '../eval/aggregate';
import * as m from '../metrics/ranking';
import type { MetricValues, TrecMetricsReport } from '../report/schema';
import type { Qrels, Run } from './parse';

/**
 * Score a run against qrels with the metrics of SPEC §3. A relevant document absent from the
 * run has rank ∞: it counts as not retrieved, Complete@K is 0, and the query is left out of
 * Max@R (reported with `Max@R.queries`, the number of queries it averages). nMax@R needs the
 * pool size, which a run does not have, so it is not reported. Queries judged but absent from
 * the run score 0; queries without any relevant document are skipped (as trec_eval does).
 */
export function scoreRun(qrels: Qrels, run: Run, ks: number[], perQuery: boolean): TrecMetricsReport {
  const per: Record<string, MetricValues> = {};
  const maxRanks: number[] = [];
  let maxRel = 0;
  for (const rel of qrels.values()) maxRel = Math.max(maxRel, rel.size);
  const completeKs = m.completeKs(maxRel);
  for (const [qid, rel] of qrels) {
    if (rel.size === 0) continue;
    const ranking = run.get(qid) ?? [];
    const rankOf = new Map<string, number>();
    ranking.forEach((d, i) => rankOf.set(d, i + 1));
    const ranks = [...rel].map((d) => rankOf.get(d) ?? Infinity);
    const v: MetricValues = {};
    for (const k of ks) {
      v[`Recall@${k}`] = m.recallAt(ranks, k);
      v[`Success@${k}`] = m.successAt(ranks, k);
      v[`MRR@${k}`] = m.reciprocalRankAt(ranks, k);
      v[`nDCG@${k}`] = m.ndcgAt(ranks, k);
    }
    v.AP = m.averagePrecision(ranks);
    for (const K of completeKs) v[`Complete@${K}`] = m.completeAt(ranks, K);
    const mr = m.maxRank(ranks);
    if (Number.isFinite(mr)) {
      v.MaxRank = mr;
      maxRanks.push(mr);
    }
    per[qid] = v;
  }
  const agg = aggregateQueries(Object.values(per));
  const { queries, ...metrics } = agg;
  metrics['Max@R.queries'] = maxRanks.length;
  return { queries, metrics, perQuery: perQuery ? per : undefined };
}
