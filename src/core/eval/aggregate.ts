import { mean, median } from '../metrics/stats';
import type { LanguageResult, MetricValues } from '../report/schema';

const RENAMED: Record<string, string> = { AP: 'mAP', MaxRank: 'Max@R', nMaxRank: 'nMax@R' };

/** Mean of each per-query value over a group of queries, with the report's names (AP → mAP, ...). */
export function aggregateQueries(perQuery: MetricValues[]): LanguageResult {
  const out: LanguageResult = { queries: perQuery.length };
  const keys = new Set<string>();
  for (const q of perQuery) for (const k of Object.keys(q)) keys.add(k);
  for (const key of keys) {
    const values = perQuery.map((q) => q[key]).filter((v) => v !== undefined);
    out[RENAMED[key] ?? key] = mean(values);
    if (key === 'MaxRank') out['Max@R.median'] = median(values);
  }
  return out;
}

/** Unweighted mean over groups (macro average); `queries` is summed. */
export function macroAverage(groups: LanguageResult[]): LanguageResult {
  const out: LanguageResult = { queries: groups.reduce((s, g) => s + g.queries, 0) };
  const keys = new Set<string>();
  for (const g of groups) for (const k of Object.keys(g)) if (k !== 'queries') keys.add(k);
  for (const key of keys) {
    const vals = groups.map((g) => g[key]).filter((v) => v !== undefined && Number.isFinite(v));
    if (vals.length) out[key] = mean(vals);
  }
  return out;
}
