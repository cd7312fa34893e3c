import type { Correction } from '../core/compare/correction';
import type { Comparison, PairedTestMethod } from '../core/compare/types';
import type { ProjectionPoints } from './projection';
import type { RunRef } from './runs';

export type { Comparison, ComparisonRow, ComparedMetric, MetricDelta, PairedTestMethod, RunSide } from '../core/compare/types';
export type { Correction } from '../core/compare/correction';

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
  | { type: 'compare/result'; a: RunRef; b: RunRef; comparison: Comparison; exports: { md: string; csv: string } }
  /**
   * Both runs' projections in one shared layout: B's UMAP layout mapped onto A's by the
   * similarity transform that best overlays the points both show.
   */
  | { type: 'compare/projections'; a: ProjectionPoints; b: ProjectionPoints; match: ArrayBuffer; alignment: ProjectionAlignment }
  /** The projections could not be made (cancelled, failed, or the workspace is not trusted). */
  | { type: 'compare/projectionsUnavailable'; message: string };

/** How B's layout was fitted onto A's (`match` above is Int32: B's index of A's point i, or −1). */
export interface ProjectionAlignment {
  /** Root-mean-square distance of matched points after alignment, in layout units. */
  rmsd: number;
  pairs: number;
  scale: number;
  reflected: boolean;
}

export type CompareFromWebview =
  /** (Re)compute: other test settings, or A and B swapped. */
  | { type: 'compare/run'; a: RunRef; b: RunRef; settings: CompareSettings }
  /** Project both runs' corpora (in the engine worker) and post them in one layout. */
  | { type: 'compare/projections' };

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
}
