import type { Report } from '../core/report/schema';
import type { RunRef } from './runs';

/** Max@R report panel: figures come from the report's perQuery MaxRank values. */
export type MaxrToWebview = { type: 'maxr/run'; run: RunRef; report: Report };
export type MaxrFromWebview = never;

export interface MaxrState {
  run?: RunRef;
  language?: string;
}
