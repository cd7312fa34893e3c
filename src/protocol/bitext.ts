import type { BitextFigures } from '../core/report/bitextFigures';
import type { RunRef } from './runs';

export type { BitextCell, BitextFigures, BitextLanguageBar, BitextMissRow } from '../core/report/bitextFigures';
export type { LanguageDisplay } from '../core/data/languageNames';

/** Bitext panel: the figures derive from the run's bitext report on the host (core/report/bitextFigures). */
export interface BitextRun {
  run: RunRef;
  dataset: string;
  model: string;
  figures: BitextFigures;
  /** The report's overall values (macro over the mined pairs) and definitions. */
  overall: Record<string, number>;
  definitions: Record<string, string>;
  timings: Record<string, number>;
}

export type BitextToWebview =
  | { type: 'bitext/run'; data: BitextRun }
  /** Export content built by the host; the webview hands it to the common `export` (save dialog). */
  | { type: 'bitext/exportContent'; requestId: number; format: 'md' | 'csv' | 'json'; suggestedName: string; content: string };

export type BitextFromWebview = { type: 'bitext/export'; requestId: number; format: 'md' | 'csv' | 'json' };

export type BitextSort = 'corpus' | 'name' | 'accuracy';

export interface BitextState {
  run?: RunRef;
  sort?: BitextSort;
  filter?: string;
  groupByScript?: boolean;
}
