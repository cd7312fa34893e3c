/**
 * The result of comparing two evaluation reports of the same dataset and scenario: per query
 * language (and overall), each headline metric of run A and run B, the paired difference
 * b − a, its bootstrap confidence interval and a two-sided p-value.
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
  /** Two-sided p-value of the paired test over the shared queries. */
  p: number;
  /** Shared queries that have this metric in both runs. */
  queries: number;
  /** `better`/`worse` when p < alpha, taking the metric's direction into account; else `same`. */
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
    /** What is resampled or sign-flipped: a parallel question with all its translations. */
    unit: string;
  };
  /** Per-query records matched by (query id, task), and those found in one run only. */
  pairing: { matched: number; onlyA: number; onlyB: number };
  notes: string[];
}
