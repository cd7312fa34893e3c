import { aggregateQueries } from '../eval/aggregate';
import { scoreQuery, type ScoredQuery } from '../eval/queryMetrics';
import { completeKs } from '../metrics/ranking';
import { definitionsFor } from '../report/definitions';
import type { MetricValues, TrecMetricsReport } from '../report/schema';
import type { Qrels, Run } from './parse';

export interface ScoreRunOptions {
  ks: number[];
  perQuery?: boolean;
  /** A document is relevant when its grade ≥ this (default 1, trec_eval's -l). nDCG uses every grade > 0. */
  relThreshold?: number;
}

/**
 * Score a run against qrels with the per-query metrics `xlens eval` uses (SPEC §3, "Runs that
 * miss relevant documents"). Every judged query with a relevant document is scored, also when
 * the run lists nothing for it (as `trec_eval -c`). A relevant document the run does not list is
 * never retrieved (no gain, no precision, Complete@K 0) and its rank is censored at depth + 1 for
 * Max@R, depth = the most documents the run lists for any query. Queries whose judgements hold no
 * relevant document are excluded and listed; run queries without judgements are counted.
 * nMax@R needs the pool size, which a run does not have: it is not reported.
 */
export function scoreRun(qrels: Qrels, run: Run, opts: ScoreRunOptions): TrecMetricsReport {
  const threshold = opts.relThreshold ?? 1;
  let depth = 0;
  for (const list of run.values()) depth = Math.max(depth, list.length);
  let maxRel = 0;
  for (const judged of qrels.values()) {
    let n = 0;
    for (const g of judged.values()) if (g >= threshold) n++;
    maxRel = Math.max(maxRel, n);
  }
  const ctK = completeKs(maxRel);
  const per: Record<string, MetricValues> = {};
  const excluded: string[] = [];
  for (const [qid, judged] of qrels) {
    const rankOf = new Map<string, number>();
    (run.get(qid) ?? []).forEach((d, i) => rankOf.set(d, i + 1));
    const q: ScoredQuery = { relevant: [], grades: [], missing: [], belowThreshold: [], topLabels: [], censorAt: depth + 1 };
    const grades: number[] = [];
    const missing: number[] = [];
    for (const [doc, grade] of judged) {
      const rank = rankOf.get(doc);
      if (grade >= threshold) {
        if (rank === undefined) missing.push(grade);
        else (q.relevant.push({ rank, label: -1, above: [] }), grades.push(grade));
      } else if (grade > 0) q.belowThreshold!.push({ rank: rank ?? Infinity, grade });
    }
    if (q.relevant.length + missing.length === 0) {
      excluded.push(qid);
      continue;
    }
    per[qid] = scoreQuery({ ...q, grades, missing }, { ks: opts.ks, completeKs: ctK, poolLangs: [] });
  }
  const { queries, ...metrics } = aggregateQueries(Object.values(per));
  let unjudged = 0;
  for (const qid of run.keys()) if (!qrels.has(qid)) unjudged++;
  return {
    queries,
    metrics,
    relThreshold: threshold,
    depth,
    completeK: ctK,
    excluded,
    runQueriesWithoutJudgements: unjudged,
    // A run brings its own ranking: none of eval's similarity/pool definitions apply.
    definitions: definitionsFor(Object.keys(metrics), ['trec'], []),
    perQuery: opts.perQuery ? per : undefined,
  };
}
