import type { Correction } from './correction';

/**
 * The result of comparing two evaluation reports of the same dataset and scenario: per query
 * language (and overall), each headline metric of run A and run B, the paired difference
 * b − a, its bootstrap confidence interval, a two-sided p-value and that p-value corrected for
 * multiple comparisons over every cell reported.
 */

export type PairedTestMethod = 'randomization' | 'paired-bootstrap';

export interface PairedTestOptions {
  /** How the p-value is computed; the confidence interval always comes from the paired bootstrap. */
  method: PairedTestMethod;
  /** Monte-Carlo samples of each resampling scheme (default 10,000). */
  samples: number;
  /** Seed of the mulberry32 generator: the same seed and runs give the same figures. */
  seed: number;
}

export interface MetricDelta {
  a: number;
  b: number;
  /** b − a */
  delta: number;
  /** Percentile interval of the paired bootstrap (level `test.confidence`). */
  ci: [number, number];
  /** Two-sided p-value of the paired test over the shared queries (uncorrected). */
  p: number;
  /** `p` corrected over the family of every cell of the comparison (`test.correction`). */
  pAdjusted: number;
  /** Shared queries that have this metric in both runs. */
  queries: number;
  /** Queries where B is better than A (by the metric's direction), equal, or worse. */
  wins: number;
  ties: number;
  losses: number;
  /** `better`/`worse` for B when pAdjusted < alpha, by the metric's direction; else `same`. */
  verdict: 'better' | 'worse' | 'same';
}

export interface ComparedMetric {
  /** Report name (mAP, Max@R, nDCG@10, ...). */
  name: string;
  /** Per-query value it is the mean of (AP, MaxRank, nDCG@10, ...). */
  perQuery: string;
  lowerIsBetter: boolean;
}

export interface ComparisonRow {
  /** Query language, or `overall` (the unweighted mean over languages, as in reports). */
  lang: string;
  /** Shared (paired) queries of this row. */
  queries: number;
  deltas: Record<string, MetricDelta>;
}

export interface RunSide {
  model: { name: string; source: string; dim: number; fingerprint: string };
  createdAt: string;
  queries: number;
}

export interface Comparison {
  a: RunSide;
  b: RunSide;
  dataset: { name: string; path: string; unit: string };
  scenario: string;
  pivot?: string;
  languages: string[];
  metrics: ComparedMetric[];
  rows: ComparisonRow[];
  test: PairedTestOptions & {
    confidence: number;
    alpha: number;
    /** Multiple-comparison correction of the p-values; `verdict` uses the corrected ones. */
    correction: Correction;
    /** Size of the correction's family: every language × metric cell plus each metric's overall cell. */
    family: number;
    /** What is resampled or sign-flipped: a parallel question with all its translations. */
    unit: string;
  };
  /** Per-query records matched by (query id, task), and those found in one run only. */
  pairing: { matched: number; onlyA: number; onlyB: number };
  notes: string[];
}
