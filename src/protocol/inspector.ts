import type { FormatId } from '../core/data/corpus';
import type { LanguageDisplay } from '../core/data/languageNames';
import type { InspectionSummary, LanguageCheckSummary } from '../core/data/inspect/types';
import type { PageRow, RowView } from '../core/data/inspect/rowPage';

export type { Distribution, InspectionSummary, IssueKind, LanguageCheckStats, LanguageCheckSummary, LanguageStats, TokenizerInfo } from '../core/data/inspect/types';
export type { PageRow, RowCell, RowView } from '../core/data/inspect/rowPage';

/** Corpus inspector: the statistics come whole; rows come in pages the webview asks for. */
export interface InspectorData {
  summary: InspectionSummary;
  /** Names of the corpus's languages, column order. */
  languages: LanguageDisplay[];
  /** Absent while the language check runs (`checking`) or when it failed. */
  languageCheck?: LanguageCheckSummary;
  checking: boolean;
}

export type InspectorToWebview =
  | { type: 'inspector/summary'; data: InspectorData }
  /** Rows `start …` of `view` (`total` rows in the view), cells in the order of the requested languages. */
  | { type: 'inspector/rows'; requestId: number; view: RowView; start: number; total: number; langs: string[]; rows: PageRow[] };

export type InspectorFromWebview = { type: 'inspector/rows'; requestId: number; view: RowView; start: number; count: number; langs: string[] };

export interface InspectorState {
  dataset?: { path: string; format?: FormatId };
  view?: RowView;
  /** Columns shown (canonical codes). */
  langs?: string[];
  /** First row shown, to come back to it after a reload. */
  scrollRow?: number;
}
