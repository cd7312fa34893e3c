import type { LanguageNames } from '../core/data/languageLabel';
import type { Comparison } from '../core/compare/types';
import type { RunRef } from './runs';

/** A model picked in the Models tree, as the side-bar comparison names it. */
export interface ComparedModel {
  /** The source as listed in the tree. */
  source: string;
  /** Short label (last path segment of a folder). */
  label: string;
  checkpoint: boolean;
}

/** A saved run the comparison uses. */
export interface ComparedRun {
  run: RunRef;
  /** File name of the run. */
  file: string;
  createdAt: string;
  /** The model source the run recorded (with its options). */
  source: string;
}

/** The side-bar view's data: what it compares, and the outcome. */
export type SidebarCompareData =
  /** Fewer or more than two models selected. */
  | { state: 'idle'; message: string }
  /** The pair of runs is known; the paired tests are running. */
  | { state: 'computing'; a: ComparedModel; b: ComparedModel; runA: ComparedRun; runB: ComparedRun; dataset: string; scenario: string }
  | { state: 'result'; a: ComparedModel; b: ComparedModel; runA: ComparedRun; runB: ComparedRun; comparison: Comparison; languageNames: LanguageNames }
  /** No comparable runs: what is missing, and what separates the newest runs when both exist. */
  | { state: 'missing'; a: ComparedModel; b: ComparedModel; message: string; differs?: string[]; runsA: number; runsB: number }
  | { state: 'failed'; a: ComparedModel; b: ComparedModel; message: string };

export type SidebarCompareToWebview = { type: 'sidebarCompare/show'; data: SidebarCompareData };

export type SidebarCompareFromWebview =
  /** Open the Compare panel on the two runs shown. */
  | { type: 'sidebarCompare/openFull' }
  /** Evaluate model A or B ("XLens: Evaluate…" with that model). */
  | { type: 'sidebarCompare/evaluate'; side: 'a' | 'b' }
  /** Swap A and B (B is compared against A). */
  | { type: 'sidebarCompare/swap' };
