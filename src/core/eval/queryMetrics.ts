import * as m from '../metrics/ranking';
import { irrelevantAbove, labelShareAt, type RelevantHit } from '../metrics/inclination';
import type { MetricValues } from '../report/schema';

/** What scoring one query needs from retrieval. */
export interface ScoredQuery {
  relevant: RelevantHit[];
  /** Language labels of the ranked documents, best first (at least max(k) of them, or the pool). */
  topLabels: ArrayLike<number>;
  poolSize: number;
}

export interface QueryMetricOptions {
  ks: number[];
  completeKs: number[];
  /** Pool language codes by label; language shares are computed when there are several. */
  poolLangs: string[];
  /** bilingual: labels of the query language and the pivot, for EIR/SIR. */
  inclination?: { own: number; pivot: number };
}

/**
 * Every per-query value of SPEC §3. Names are the report's metric names except the three that
 * are aggregated differently: AP (→ mAP), MaxRank (→ Max@R, Max@R.median), nMaxRank (→ nMax@R).
 */
export function scoreQuery(q: ScoredQuery, o: QueryMetricOptions): MetricValues {
  const ranks = q.relevant.map((h) => h.rank);
  const out: MetricValues = {};
  for (const k of o.ks) {
    out[`Recall@${k}`] = m.recallAt(ranks, k);
    out[`Success@${k}`] = m.successAt(ranks, k);
    out[`MRR@${k}`] = m.reciprocalRankAt(ranks, k);
    out[`nDCG@${k}`] = m.ndcgAt(ranks, k);
  }
  out.AP = m.averagePrecision(ranks);
  out.MaxRank = m.maxRank(ranks);
  out.nMaxRank = m.normalizedMaxRank(ranks, q.poolSize);
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
  if (o.poolLangs.length > 1) {
    for (const k of o.ks) {
      const share = labelShareAt(q.topLabels, k, o.poolLangs.length);
      o.poolLangs.forEach((lang, l) => (out[`LangShare@${k}.${lang}`] = share[l]));
    }
  }
  return out;
}
