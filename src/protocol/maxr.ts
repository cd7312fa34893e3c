import type { MaxrFigures } from '../core/report/maxrFigures';
import type { Report } from '../core/report/schema';
import type { LanguageNames } from '../core/data/languageLabel';
import type { RunRef } from './runs';

export type { CompleteCurve, HistogramBin, MaxrFigures, MaxrSeries } from '../core/report/maxrFigures';

/**
 * Max@R report panel. Figures (Complete@K curve, MaxRank histogram) are computed by the host
 * from the run's per-query records, which stay on the host; the report travels without them.
 */
export interface MaxrRun {
  run: RunRef;
  /** The report with `perQuery` left out. */
  report: Report;
  figures: MaxrFigures;
  /** Columns of the per-language Max@R table (report/maxrMarkdown.ts maxrColumns). */
  columns: string[];
  /** English names of the run's languages (legends, the histogram's language choice). */
  languageNames?: LanguageNames;
}

export type MaxrToWebview =
  | { type: 'maxr/run'; data: MaxrRun }
  /** Export content built by the host; the webview hands it to the common `export` (save dialog). */
  | { type: 'maxr/exportContent'; requestId: number; format: 'md' | 'csv' | 'json'; suggestedName: string; content: string };

export type MaxrFromWebview = { type: 'maxr/export'; requestId: number; format: 'md' | 'csv' | 'json' };

export interface MaxrState {
  run?: RunRef;
  /** Histogram language (`all` or a query language). */
  language?: string;
  /** Series hidden from the Complete@K curve. */
  hiddenSeries?: string[];
}
