import type { RunRef } from './runs';
import type { ProjectionPoints } from './projection';

/** A per-language difference between two runs with its paired significance test. */
export interface MetricDelta {
  metric: string;
  a: number;
  b: number;
  /** b − a */
  delta: number;
  /** Two-sided p-value of the paired test over the shared queries. */
  p: number;
  /** 95% bootstrap confidence interval of the delta. */
  ci: [number, number];
  queries: number;
}

export interface Comparison {
  a: RunRef;
  b: RunRef;
  dataset: string;
  scenario: string;
  test: { method: 'paired-bootstrap' | 'randomization'; samples: number; seed: number };
  /** byLanguage[lang] = deltas of the headline metrics; `overall` too. */
  byLanguage: Record<string, MetricDelta[]>;
}

export type CompareToWebview =
  | { type: 'compare/result'; comparison: Comparison }
  /** Both runs' projections in one shared layout (b aligned onto a). */
  | { type: 'compare/projections'; a: ProjectionPoints; b: ProjectionPoints };

export type CompareFromWebview = { type: 'compare/projections' };

export interface CompareState {
  a?: RunRef;
  b?: RunRef;
  metric?: string;
}
