import type { MetricValues, Report } from '../core/report/schema';
import type { RunRef } from './runs';

/** One ranked list for the drill-down: the query, its relevant documents and the top of the ranking. */
export interface RankedList {
  queryId: string;
  lang: string;
  text: string;
  task: string;
  metrics: MetricValues;
  rows: Array<{ rank: number; doc: string; lang: string; score: number; relevant: boolean; text: string }>;
  /** Relevant documents ranked below the shown rows. */
  missing: Array<{ rank: number; doc: string; lang: string; text: string }>;
}

export type RankingToWebview =
  | { type: 'ranking/run'; run: RunRef; report: Report }
  | { type: 'ranking/list'; requestId: number; list: RankedList };

export type RankingFromWebview = { type: 'ranking/openQuery'; requestId: number; queryId: string; task: string };

export interface RankingState {
  run?: RunRef;
  sort?: { column: string; descending: boolean };
  /** Query language whose worst queries are listed. */
  drillLanguage?: string;
  openQuery?: { queryId: string; task: string };
}
