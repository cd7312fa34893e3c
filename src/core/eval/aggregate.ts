import { mean, median } from '../metrics/stats';
import type { LanguageResult, MetricValues } from '../report/schema';

const RENAMED: Record<string, string> = { AP: 'mAP', MaxRank: 'Max@R', nMaxRank: 'nMax@R', 'MaxRank.censored': 'Max@R.censored' };
/** Per-query counts whose aggregate is their sum over queries (and over languages), not a mean. */
const SUMMED = new Set(['EIR.excluded']);

/** Mean of each per-query value over a group of queries, with the report's names (AP → mAP, ...). */
export function aggregateQueries(perQuery: MetricValues[]): LanguageResult {
  const out: LanguageResult = { queries: perQuery.length };
  const keys = new Set<string>();
  for (const q of perQuery) for (const k of Object.keys(q)) keys.add(k);
  for (const key of keys) {
    const values = perQuery.map((q) => q[key]).filter((v) => v !== undefined);
    out[RENAMED[key] ?? key] = SUMMED.has(key) ? values.reduce((s, v) => s + v, 0) : mean(values);
    if (key === 'MaxRank') out['Max@R.median'] = median(values);
  }
  return out;
}

/**
 * Unweighted mean over groups (macro average); `queries` and counts are summed. `Max@R.median` is
 * a median, which does not average: callers that have the per-query values set it with
 * `medianMaxRank` over all queries (SPEC §3).
 */
export function macroAverage(groups: LanguageResult[]): LanguageResult {
  const out: LanguageResult = { queries: groups.reduce((s, g) => s + g.queries, 0) };
  const keys = new Set<string>();
  for (const g of groups) for (const k of Object.keys(g)) if (k !== 'queries') keys.add(k);
  for (const key of keys) {
    const vals = groups.map((g) => g[key]).filter((v) => v !== undefined && Number.isFinite(v));
    if (vals.length) out[key] = SUMMED.has(key) ? vals.reduce((s, v) => s + v, 0) : mean(vals);
  }
  return out;
}

/** Max@R.median over all the given queries' MaxRank values (not a mean of group medians). */
export function medianMaxRank(perQuery: MetricValues[]): number {
  return median(perQuery.map((q) => q.MaxRank).filter((v) => v !== undefined));
}
