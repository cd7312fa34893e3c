import { mean, median } from '../metrics/stats';
import type { PerQueryRecord, Report } from './schema';

/**
 * The figures of the Max@R report, computed from a run's per-query MaxRank values: the
 * Complete@K curve over K and a histogram of MaxRank, per query language and over all queries.
 * Runs saved without per-query records fall back to the report's own Complete@K points.
 */

/** Complete@K for K = kMin..kMax: the fraction of queries whose MaxRank is ≤ K. */
export interface CompleteCurve {
  k: number[];
  complete: number[];
}

export interface HistogramBin {
  /** Inclusive MaxRank bounds. */
  lo: number;
  hi: number;
  count: number;
}

export interface MaxrSeries {
  /** A query language, or `all` for every query. */
  lang: string;
  queries: number;
  maxR: number;
  median: number;
  curve: CompleteCurve;
  /** Empty when the run has no per-query records. */
  histogram: HistogramBin[];
}

export interface MaxrFigures {
  /** `perQuery`: curves over every K; `aggregate`: only the report's Complete@K points. */
  source: 'perQuery' | 'aggregate';
  /** Largest pool (documents ranked per query); 0 when unknown. */
  poolSize: number;
  /** Most relevant documents of any query: Complete@K is 0 for smaller K. */
  maxRelevant: number;
  series: MaxrSeries[];
}

export function completeCurve(maxRanks: ArrayLike<number>, kMin: number, kMax: number): CompleteCurve {
  const k: number[] = [];
  const complete: number[] = [];
  if (maxRanks.length === 0 || kMax < kMin) return { k, complete };
  // Counting sort up to kMax: O(n + K) instead of one pass per K.
  const counts = new Float64Array(kMax + 1);
  for (let i = 0; i < maxRanks.length; i++) if (maxRanks[i] <= kMax) counts[Math.max(0, Math.floor(maxRanks[i]))]++;
  let within = 0;
  for (let K = 0; K <= kMax; K++) {
    within += counts[K];
    if (K >= kMin) {
      k.push(K);
      complete.push(within / maxRanks.length);
    }
  }
  return { k, complete };
}

/**
 * Histogram bins covering ranks 1..maxValue: one bin per rank up to 24, otherwise powers of two
 * (1, 2, 3–4, 5–8, 9–16, ...) so that deep pools keep a readable number of bars.
 */
export function maxRankBins(maxValue: number): Array<[number, number]> {
  const top = Math.max(1, Math.ceil(maxValue));
  if (top <= 24) return Array.from({ length: top }, (_, i): [number, number] => [i + 1, i + 1]);
  const bins: Array<[number, number]> = [[1, 1]];
  for (let lo = 2, hi = 2; lo <= top; lo = hi + 1, hi *= 2) bins.push([lo, Math.min(hi, top)]);
  return bins;
}

export function maxRankHistogram(maxRanks: ArrayLike<number>, bins: Array<[number, number]>): HistogramBin[] {
  const out = bins.map(([lo, hi]) => ({ lo, hi, count: 0 }));
  for (let i = 0; i < maxRanks.length; i++) {
    const r = maxRanks[i];
    const b = out.findIndex((x) => r >= x.lo && r <= x.hi);
    if (b >= 0) out[b].count++;
    else if (out.length && r > out[out.length - 1].hi) out[out.length - 1].count++; // beyond the pool estimate
  }
  return out;
}

/**
 * For reports without stored pool sizes: the pool size behind the per-query records: nMaxRank = (MaxRank − |Rel|) / (N − |Rel|) gives N
 * back exactly for any query not at the optimum; otherwise the deepest rank seen is a lower bound.
 */
export function poolSizeOf(records: PerQueryRecord[]): number {
  let n = 0;
  for (const q of records) {
    const rel = q.relevant.length;
    const maxRank = q.metrics.MaxRank ?? 0;
    const nmr = q.metrics.nMaxRank;
    if (nmr !== undefined && nmr > 0) n = Math.max(n, Math.round(rel + (maxRank - rel) / nmr));
    n = Math.max(n, maxRank, q.top.length, ...q.relevant.map((d) => d.rank));
  }
  return n;
}

/** The largest stored pool among the tasks of `records` (reports store pool sizes since `pools`). */
function storedPoolSize(r: Report, records: PerQueryRecord[]): number | undefined {
  if (!r.pools) return undefined;
  const tasks = records.length ? new Set(records.map((q) => q.task)) : new Set(Object.keys(r.pools));
  const sizes = [...tasks].map((t) => r.pools![t]).filter((n): n is number => n !== undefined);
  return sizes.length ? Math.max(...sizes) : undefined;
}

/**
 * The records each query language's figures are made of, as the report aggregates them: for
 * `cross`, byLanguage[L] averages the pairs L→M with M ≠ L, so L→L records are left out (unless
 * L is the only language).
 */
export function recordsByLanguage(r: Report): Map<string, PerQueryRecord[]> {
  const out = new Map<string, PerQueryRecord[]>();
  const crossOthers = r.scenario === 'cross' && r.languages.length > 1;
  for (const q of r.perQuery ?? []) {
    if (crossOthers) {
      const [from, to] = q.task.split('→');
      if (from === to) continue;
    }
    let list = out.get(q.lang);
    if (!list) out.set(q.lang, (list = []));
    list.push(q);
  }
  return out;
}

/** The largest K drawn on the Complete@K curve. */
export const CURVE_K_MAX = 100;

export function maxrFigures(r: Report): MaxrFigures {
  const byLang = recordsByLanguage(r);
  if (byLang.size === 0) return aggregateFigures(r);
  const all = [...byLang.values()].flat();
  const poolSize = storedPoolSize(r, all) ?? poolSizeOf(all);
  const maxRelevant = all.reduce((m, q) => Math.max(m, q.relevant.length), 1);
  const kMax = Math.min(CURVE_K_MAX, Math.max(poolSize, maxRelevant));
  const bins = maxRankBins(poolSize);
  const series = (lang: string, records: PerQueryRecord[]): MaxrSeries => {
    const ranks = Float64Array.from(records, (q) => q.metrics.MaxRank);
    return {
      lang,
      queries: records.length,
      maxR: mean(ranks),
      median: median(ranks),
      curve: completeCurve(ranks, maxRelevant, kMax),
      histogram: maxRankHistogram(ranks, bins),
    };
  };
  return {
    source: 'perQuery',
    poolSize,
    maxRelevant,
    series: [series('all', all), ...[...byLang].map(([lang, recs]) => series(lang, recs))],
  };
}

/** Without per-query records: the report's Complete@K points per language, no histogram. */
function aggregateFigures(r: Report): MaxrFigures {
  const ks = r.completeK.filter((K) => Object.keys(r.overall).includes(`Complete@${K}`));
  const series = (lang: string, v: Report['overall']): MaxrSeries => ({
    lang,
    queries: v.queries,
    maxR: v['Max@R'] ?? NaN,
    median: v['Max@R.median'] ?? NaN,
    curve: { k: ks, complete: ks.map((K) => v[`Complete@${K}`] ?? NaN) },
    histogram: [],
  });
  return {
    source: 'aggregate',
    poolSize: storedPoolSize(r, []) ?? 0,
    maxRelevant: r.completeK.includes(1) ? 1 : 2,
    series: [series('all', r.overall), ...Object.entries(r.byLanguage).map(([l, v]) => series(l, v))],
  };
}
