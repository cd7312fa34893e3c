import * as m from '../metrics/ranking';
import { irrelevantAbove, labelShareAt, top1Cell, type RelevantHit } from '../metrics/inclination';
import type { MetricValues } from '../report/schema';

/**
 * What scoring one query needs from retrieval, or from a TREC run: the one input of every
 * per-query metric, so `xlens eval` and `xlens metrics` score with the same code.
 */
export interface ScoredQuery {
  /**
   * The relevant documents (grade ≥ the relevance threshold) the ranking holds: their 1-based
   * rank and, for the language metrics, their language label and the documents of each label
   * ranked above them (`label: -1, above: []` when unknown, as for a TREC run).
   */
  relevant: RelevantHit[];
  /** Grades of `relevant`, same order: the nDCG gains. Absent: binary relevance, every grade 1. */
  grades?: ArrayLike<number>;
  /**
   * Grades of relevant documents the ranking never holds (not in the pool, or not listed by the
   * run). They count in |Rel| and in the ideal DCG; no gain, no precision, Complete@K false,
   * MaxRank censored at `censorAt`.
   */
  missing?: ArrayLike<number>;
  /**
   * Judged documents with 0 < grade < the relevance threshold (only with a threshold above 1):
   * not relevant for any metric but nDCG, where they earn their grade (as trec_eval). Rank
   * `Infinity` when the ranking does not hold them.
   */
  belowThreshold?: Array<{ rank: number; grade: number }>;
  /** Language labels of the ranked documents, best first (at least max(k) of them, or the pool). */
  topLabels: ArrayLike<number>;
  /** Documents ranked for this query (the pool): nMax@R. Absent for a run, whose pool is unknown. */
  poolSize?: number;
  /** The rank a never-ranked relevant document gets for Max@R: pool size + 1, or run depth + 1. */
  censorAt: number;
  /** Label of the query's own language among the pool languages (-1: not in the pool). */
  queryLabel?: number;
}

export interface QueryMetricOptions {
  ks: number[];
  completeKs: number[];
  /** Pool language codes by label; language shares are computed when there are several. */
  poolLangs: string[];
  /** bilingual (parallel data): labels of the query language and the pivot, for EIR/SIR. */
  inclination?: { own: number; pivot: number };
  /**
   * Mixed-language pool without parallel documents (SPEC §3): label of the pivot. EIR for queries
   * whose language (`queryLabel`) is another pool language, `EIR.excluded` for those without a
   * relevant document in their language, and the top-1 decomposition for every query.
   */
  inclinationWithoutParallel?: { pivot: number };
}

/** 1-based ranks of every relevant document, `Infinity` for those the ranking does not hold. */
export function relevantRanks(q: ScoredQuery): number[] {
  const ranks = q.relevant.map((h) => h.rank);
  for (let i = 0; i < (q.missing?.length ?? 0); i++) ranks.push(Infinity);
  return ranks;
}

/** A query is scored only when it has a relevant document (SPEC §3: all-grade-0 queries are excluded). */
export function hasRelevant(q: Pick<ScoredQuery, 'relevant' | 'missing'>): boolean {
  return q.relevant.length + (q.missing?.length ?? 0) > 0;
}

/**
 * Every per-query value of SPEC §3. Names are the report's metric names except those aggregated
 * differently: AP (→ mAP), MaxRank (→ Max@R, Max@R.median), MaxRank.censored (→ Max@R.censored),
 * nMaxRank (→ nMax@R), EIR.excluded (summed).
 */
export function scoreQuery(q: ScoredQuery, o: QueryMetricOptions): MetricValues {
  const ranks = relevantRanks(q);
  const graded = q.grades !== undefined || q.missing !== undefined || q.belowThreshold !== undefined;
  // nDCG sees every judged document with a positive grade: relevant, missing, below threshold.
  const gainRanks = graded ? [...ranks, ...(q.belowThreshold ?? []).map((d) => d.rank)] : ranks;
  const gains = graded
    ? [...(q.grades ? Array.from(q.grades) : q.relevant.map(() => 1)), ...Array.from(q.missing ?? []), ...(q.belowThreshold ?? []).map((d) => d.grade)]
    : undefined;
  const out: MetricValues = {};
  for (const k of o.ks) {
    out[`Recall@${k}`] = m.recallAt(ranks, k);
    out[`Success@${k}`] = m.successAt(ranks, k);
    out[`MRR@${k}`] = m.reciprocalRankAt(ranks, k);
    out[`nDCG@${k}`] = m.ndcgAt(gainRanks, k, gains);
  }
  out.AP = m.averagePrecision(ranks);
  out.MaxRank = m.censoredMaxRank(ranks, q.censorAt);
  out['MaxRank.censored'] = m.isCensored(ranks);
  if (q.poolSize !== undefined) out.nMaxRank = m.normalizedMaxRank(ranks, q.poolSize);
  for (const K of o.completeKs) out[`Complete@${K}`] = m.completeAt(ranks, K);
  if (o.inclination) {
    const { own, pivot } = o.inclination;
    const eir = irrelevantAbove(q.relevant, own, pivot);
    const sir = irrelevantAbove(q.relevant, pivot, own);
    if (eir !== undefined) {
      out.EIR = eir > 0 ? 1 : 0;
      out['EIR.count'] = eir;
    }
    if (sir !== undefined) {
      out.SIR = sir > 0 ? 1 : 0;
      out['SIR.count'] = sir;
    }
  }
  const own = q.queryLabel ?? -1;
  if (o.inclinationWithoutParallel) {
    const { pivot } = o.inclinationWithoutParallel;
    if (own >= 0 && own !== pivot) {
      const eir = irrelevantAbove(q.relevant, own, pivot);
      if (eir === undefined) out['EIR.excluded'] = 1;
      else {
        out.EIR = eir > 0 ? 1 : 0;
        out['EIR.count'] = eir;
        out['EIR.excluded'] = 0;
      }
    }
    if (q.topLabels.length > 0) Object.assign(out, top1Cell(m.minRank(ranks) === 1, q.topLabels[0] === own));
  }
  if (o.poolLangs.length > 1) {
    for (const k of o.ks) {
      const share = labelShareAt(q.topLabels, k, o.poolLangs.length);
      o.poolLangs.forEach((lang, l) => (out[`LangShare@${k}.${lang}`] = share[l]));
    }
  }
  return out;
}
