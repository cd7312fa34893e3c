import type { MtebBaseline } from '../core/report/mtebBaseline';
import type { RankedList, WorstBy, WorstQuery } from '../core/report/rankedList';
import type { Report } from '../core/report/schema';
import type { LanguageNames } from '../core/data/languageLabel';
import type { RunRef } from './runs';

export type { MtebBaseline } from '../core/report/mtebBaseline';
export type { RankedList, WorstBy, WorstQuery } from '../core/report/rankedList';

/**
 * Ranking table panel. The host keeps the run's per-query records (they can be large) and sends
 * the report without them; the drill-downs (a language's worst queries, a query's ranked list)
 * are requests answered from those records plus the corpus texts.
 */
export interface RankingRun {
  run: RunRef;
  /** The report with `perQuery` left out. */
  report: Report;
  /** Headline columns (report/columns.ts) and every metric key, headline first. */
  columns: { headline: string[]; all: string[] };
  /** Number of per-query records the run was saved with; 0 hides the drill-downs. */
  perQuery: number;
  /** English names of the run's languages (`de — German` in the table). */
  languageNames?: LanguageNames;
}

export type RankingToWebview =
  | { type: 'ranking/run'; data: RankingRun }
  | { type: 'ranking/worst'; requestId: number; lang: string; by: WorstBy; task?: string; rows: WorstQuery[]; total: number }
  | { type: 'ranking/list'; requestId: number; list: RankedList }
  /** A drill-down request could not be answered (record gone, corpus unreadable, ...). */
  | { type: 'ranking/failed'; requestId: number; message: string }
  /** A published MTEB result the user picked ("Add MTEB baseline…"), read on the host; `error` when it could not be read. */
  | { type: 'ranking/baseline'; baseline?: MtebBaseline; error?: string };

export type RankingFromWebview =
  /** Worst queries of a query language (optionally one task, a cross cell L→M). */
  | { type: 'ranking/worst'; requestId: number; lang: string; by: WorstBy; task?: string; limit: number }
  | { type: 'ranking/openQuery'; requestId: number; queryId: string; task: string }
  /** Ask the host for an open-file dialog and to read the chosen MTEB TaskResult JSON. */
  | { type: 'ranking/addBaseline' };

export interface RankingState {
  run?: RunRef;
  sort?: { column: string; descending: boolean };
  /** Headline columns or every metric. */
  columns?: 'headline' | 'all';
  /** Metric shown in the cross heatmap. */
  heatmapMetric?: string;
  /** Query language whose worst queries are listed, how they are ordered, and an optional task. */
  drillLanguage?: string;
  drillBy?: WorstBy;
  drillTask?: string;
  openQuery?: { queryId: string; task: string };
  /** The MTEB baseline shown beside the run (kept here so a reload shows it again). */
  baseline?: MtebBaseline;
}
