import type { Progress } from '../core/progress';
import type { BitextReport, Report } from '../core/report/schema';
import type { RetrievalBackend } from '../core/retrieval';
import type { ScenarioName } from '../core/scenarios/types';
import type { FormatId } from '../core/data/corpus';
import type { NeighbourRow, ProjectionPoints } from '../protocol/projection';
import type { RunRef } from '../protocol/runs';
import type { Comparison, Correction, JointLayoutInfo, PairedTestMethod } from '../protocol';
import type { InspectionSummary, LanguageCheckSummary } from '../core/data/inspect/types';
import type { PageRow, RowView } from '../core/data/inspect/rowPage';

/** Jobs the engine worker runs off the caller's main thread (the extension host, or a test). */
export type JobRequest =
  | {
      kind: 'eval';
      data: string;
      format?: FormatId;
      model: string;
      scenario: ScenarioName;
      langs?: string[];
      /** Pool languages (multilingual, cross, as-given); default every corpus language. */
      poolLangs?: string[];
      pivot: string;
      k: number[];
      perQuery?: boolean;
      backend?: RetrievalBackend;
      /** A checkpoint on its own training data: score everything, not only its held-out part (see core/training/leakage.ts). */
      includeTrainingData?: boolean;
      cwd: string;
    }
  | { kind: 'bitext'; data: string; format?: FormatId; model: string; langs?: string[]; pivot: string; matrix?: 'pivot' | 'all'; cwd: string }
  /** Load a corpus and describe it (for pickers and the Datasets tree). */
  | { kind: 'inspect'; data: string; format?: FormatId }
  /** Corpus inspector: load, align and measure a corpus (tokens under `model`'s tokenizer); the worker keeps it as `session`. */
  | { kind: 'inspectorOpen'; data: string; format?: FormatId; model: string; cwd: string }
  /** Declared-versus-detected language check of an open inspector session. */
  | { kind: 'inspectorLanguages'; session: number; threshold?: number }
  /** A page of rows of an open inspector session. */
  | { kind: 'inspectorRows'; session: number; view: RowView; start: number; count: number; langs: string[] }
  /** Texts and source lines of queries/documents by id (a report keeps ids only). */
  | { kind: 'texts'; data: string; format?: FormatId; ids: string[] }
  /** UMAP of a corpus's parallel units (core/projection); `run` is echoed into the points. */
  | {
      kind: 'project';
      data: string;
      format?: FormatId;
      model: string;
      langs?: string[];
      includePassages?: boolean;
      maxPoints?: number;
      seed?: number;
      neighbors?: number;
      minDist?: number;
      run?: RunRef;
      cwd: string;
    }
  /** The same points embedded by two models and laid out jointly, with the seed-noise baseline (Compare). */
  | {
      kind: 'projectPair';
      data: string;
      format?: FormatId;
      models: { a: string; b: string };
      langs?: string[];
      includePassages?: boolean;
      maxPoints?: number;
      runs: { a: RunRef; b: RunRef };
      cwd: string;
    }
  /** Nearest neighbours (cosine) of one point of a projection the worker still holds. */
  | { kind: 'neighbours'; projectionId: number; index: number; k: number }
  /** Paired significance tests of run B against run A (both report files read in the worker). */
  | { kind: 'compare'; a: string; b: string; names: { a: string; b: string }; method: PairedTestMethod; samples: number; seed: number; correction?: Correction };

/** A corpus described without its texts. */
export interface CorpusSummary {
  name: string;
  path: string;
  format: FormatId;
  kind: 'qa' | 'parallel';
  languages: Array<{ code: string; label: string }>;
  /** QA: queries and documents; parallel: sentences and sets. */
  counts: Record<string, number>;
}

export type JobResult =
  | { kind: 'eval'; report: Report }
  | { kind: 'bitext'; report: BitextReport }
  | { kind: 'inspect'; summary: CorpusSummary }
  /** `expired`: the worker no longer holds that session (open it again). */
  | { kind: 'inspectorOpen'; session: number; summary: InspectionSummary }
  | { kind: 'inspectorLanguages'; session: number; expired: boolean; summary?: InspectionSummary; languageCheck?: LanguageCheckSummary }
  | { kind: 'inspectorRows'; session: number; expired: boolean; total: number; rows: PageRow[] }
  /** Ids not found in the corpus are absent from both maps. */
  | { kind: 'texts'; texts: Record<string, string>; sources: Record<string, { file: string; line?: number }> }
  /** `ids[i]`: corpus id of point i (to match points across runs); `projectionId` for `neighbours`. */
  | { kind: 'project'; points: ProjectionPoints; projectionId: number; ids: string[] }
  /** `expired`: the worker no longer holds that projection (re-run `project`, same seed → same points). */
  | { kind: 'neighbours'; projectionId: number; index: number; neighbours: NeighbourRow[]; expired: boolean }
  | { kind: 'compare'; comparison: Comparison; models: { a: string; b: string } }
  | { kind: 'projectPair'; a: ProjectionPoints; b: ProjectionPoints; displacement: ArrayBuffer; baseline: ArrayBuffer; layout: JointLayoutInfo };

/** Host → worker. */
export type ToWorker = { type: 'start'; id: number; request: JobRequest } | { type: 'cancel'; id: number };

/** Worker → host. `userError` carries a UserError's message (file and line included). */
export type FromWorker =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'done'; id: number; result: JobResult }
  | { type: 'failed'; id: number; error: { kind: 'user' | 'cancelled' | 'internal'; message: string } };
