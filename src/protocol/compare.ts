import type { Correction } from '../core/compare/correction';
import type { Comparison, PairedTestMethod } from '../core/compare/types';
import type { MtebBaseline } from '../core/report/mtebBaseline';
import type { DisplacementSummary } from '../core/projection/projectPair';
import type { ProjectionPoints } from './projection';
import type { LanguageNames } from '../core/data/languageLabel';
import type { RunRef } from './runs';

export type { Comparison, ComparisonRow, ComparedMetric, MetricDelta, PairedTestMethod, RunSide } from '../core/compare/types';
export type { Correction } from '../core/compare/correction';
export type { DisplacementSummary } from '../core/projection/projectPair';

/** How the paired test is run; the panel lets the user change method, samples and correction. */
export interface CompareSettings {
  method: PairedTestMethod;
  samples: number;
  seed: number;
  /** Multiple-comparison correction over every cell (absent in state saved before it existed: Holm). */
  correction?: Correction;
}

export type CompareToWebview =
  /** The comparison of B against A, with its exports rendered by the engine (Markdown, CSV). */
  | { type: 'compare/result'; a: RunRef; b: RunRef; comparison: Comparison; exports: { md: string; csv: string }; languageNames?: LanguageNames }
  /**
   * Both runs' projections of the same points, laid out jointly (point i of `a` is point i of
   * `b`), with each point's displacement between its two positions and the noise baseline.
   */
  | { type: 'compare/projections'; a: ProjectionPoints; b: ProjectionPoints; displacement: ArrayBuffer; baseline: ArrayBuffer; layout: JointLayoutInfo }
  /** The projections could not be made (cancelled, failed, or the workspace is not trusted). */
  | { type: 'compare/projectionsUnavailable'; message: string }
  /** A published MTEB result the user picked ("Add MTEB baseline…"); `error` when it could not be read. */
  | { type: 'compare/baseline'; baseline?: MtebBaseline; error?: string };

/**
 * How the joint layout was made (core/projection/alignedLayout.ts). `displacement` and `baseline`
 * above are Float32 per point, in layout radii: A's point against B's, and model A against itself
 * laid out with the same two seeds (pure layout noise).
 */
export interface JointLayoutInfo {
  method: 'aligned-umap';
  neighbors: number;
  minDist: number;
  /** Seeds of layout A and layout B (the baseline uses the same two). */
  seeds: [number, number];
  /** Strength of the pull toward the partner position. */
  lambda: number;
  epochs: number;
  summary: DisplacementSummary;
}

export type CompareFromWebview =
  /** (Re)compute: other test settings, or A and B swapped. */
  | { type: 'compare/run'; a: RunRef; b: RunRef; settings: CompareSettings }
  /** Project both runs' corpora (in the engine worker) and post them in one layout. */
  | { type: 'compare/projections' }
  /** Ask the host for an open-file dialog and to read the chosen MTEB TaskResult JSON. */
  | { type: 'compare/addBaseline' };

/** What the Compare webview keeps with setState (restored after a reload). */
export interface CompareState {
  a?: RunRef;
  b?: RunRef;
  settings?: CompareSettings;
  /** Metrics shown (names); undefined: the default set. */
  metrics?: string[];
  /** Rows grouped under each metric, or under each language. */
  groupBy?: 'metric' | 'language';
  /** The user asked for the projections (re-requested after a reload). */
  projections?: boolean;
  /** The shared view of both plots, and the languages hidden in them. */
  projectionView?: { x: number; y: number; scale: number };
  hiddenLanguages?: string[];
  /** Points coloured by language or by displacement A → B (default displacement). */
  projectionColour?: 'displacement' | 'language';
  /** The MTEB baseline shown under the table's language rows. */
  baseline?: MtebBaseline;
}
