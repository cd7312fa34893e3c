import type { RunRef } from './runs';

/**
 * Projection panel: a 2-D UMAP layout of parallel sentences (a run's corpus, or any parallel
 * dataset without a run), coloured by language or by a per-query outcome of the run.
 * Bulk arrays travel as ArrayBuffers (structured clone, no JSON of numbers).
 */

/** A dataset projected without a run ("XLens: Project Sentences…"): what to recompute after a reload. */
export interface DatasetSource {
  /** Absolute path of the dataset file or folder. */
  data: string;
  format?: string;
  /** Model source as the user picked it. */
  model: string;
  langs: string[];
  maxPoints: number;
  /** Panel title, e.g. `flores200-sib · char-ngram`. */
  label: string;
}

/** What a projection panel shows: a saved run's corpus, or a dataset. */
export type ProjectionSource = { kind: 'run'; run: RunRef } | { kind: 'dataset'; dataset: DatasetSource };

export type OutcomeName = 'MaxRank' | 'EIR' | 'Success@10';

/** One outcome of the run per point (queries only), with the legend's definition of it. */
export interface OutcomeColumn {
  name: OutcomeName;
  /** Legend title, e.g. `EIR-inclined`. */
  label: string;
  /** `log`: continuous, coloured on a log scale; `binary`: two values (0, 1). */
  scale: 'log' | 'binary';
  /** What the value is, as the run computed it (shown under the legend). */
  definition: string;
  /** `binary`: names of the values 0 and 1. */
  levels?: [string, string];
  /** Float32 per point; NaN = no value (documents, queries the run did not score for it). */
  values: ArrayBuffer;
  /** Points with a value. */
  defined: number;
  /** MaxRank: values censored at pool size + 1 (a relevant document never ranked). */
  censored?: number;
}

export interface ProjectionOutcomes {
  /** One entry per pool (`cross` runs score each query against every pool language; otherwise one, pool ''). */
  variants: Array<{ pool: string; columns: OutcomeColumn[]; queriesWithout: number }>;
  /** Why there are no outcomes (a run saved without per-query records); colour by language only. */
  unavailable?: string;
}

/** A clicked query's ranking as the retriever saw it (the run's per-query record), texts from the corpus. */
export interface PoolList {
  task: string;
  /** The run's top documents, best first. */
  rows: PoolRow[];
  /** Relevant documents ranked below the listed ones. */
  missing: PoolRow[];
  /** Set when the corpus texts could not be read. */
  textsUnavailable?: string;
}

export interface PoolRow {
  rank: number;
  doc: string;
  lang: string;
  /** Cosine score (absent for relevant documents below the listed ones). */
  score?: number;
  relevant: boolean;
  /** Untrusted corpus text: render as text only. */
  text: string;
  /** The document's point in this projection, when it is projected. */
  point?: number;
}
export interface ProjectionPoints {
  run: RunRef;
  /** Language codes; `lang[i]` indexes this list. */
  languages: string[];
  /** Float32 x,y interleaved, one pair per point. */
  coords: ArrayBuffer;
  /** Uint16 language index per point. */
  lang: ArrayBuffer;
  /** Uint32 parallel-group index per point: points with the same group translate each other. */
  group: ArrayBuffer;
  /** Point texts (untrusted corpus text: render as text only). */
  texts: string[];
  /** Per point: `query` or `passage`/`sentence`, for the legend and tooltips. */
  kind: ArrayBuffer; // Uint8: 0 = query, 1 = document
  /**
   * The layout's parameters, shown in the panel header. `knnRecall`: the neighbours were searched
   * approximately (large projections), and this share of the exact ones was found, estimated on
   * `sample` points searched exactly (± standard error) with `probes` cells per point.
   */
  layout: { method: 'umap'; neighbors: number; minDist: number; seed: number; dim: number; knnRecall?: { value: number; stdError: number; sample: number; probes: number } };
}

export interface NeighbourRow {
  index: number;
  lang: string;
  rank: number;
  similarity: number;
}

export type ProjectionToWebview =
  /** Sent as soon as the host starts on a run, so the webview can show and save which run it is. */
  | { type: 'projection/loading'; source: ProjectionSource }
  /** `outcomes`: a run's per-query outcomes per point (absent for a dataset without a run). */
  | { type: 'projection/points'; points: ProjectionPoints; outcomes?: ProjectionOutcomes }
  /** The pool documents of a clicked query (`list` absent and `error` set when there is none). */
  | { type: 'projection/pool'; requestId: number; index: number; list?: PoolList; error?: string }
  /** The answer to a neighbour request; `error` set (and no rows) when the lookup failed. */
  | { type: 'projection/neighbours'; requestId: number; index: number; neighbours: NeighbourRow[]; error?: string };

export type ProjectionFromWebview =
  | { type: 'projection/neighbours'; requestId: number; index: number; k: number }
  /** The run's ranking for query point `index` in pool variant `pool` ('' unless a cross run). */
  | { type: 'projection/pool'; requestId: number; index: number; pool: string };

export type ColourBy = 'language' | OutcomeName;
export type KindFilter = 'both' | 'queries' | 'documents';

/** What the projection webview keeps with setState (restored after a reload). */
export interface ProjectionState {
  run?: RunRef;
  /** Set instead of `run` for a dataset projected without a run. */
  dataset?: DatasetSource;
  hiddenLanguages: string[];
  /** Colour by language (default) or by a per-query outcome of the run. */
  colourBy?: ColourBy;
  /** `cross` runs: the pool whose outcomes colour the queries. */
  pool?: string;
  /** Which kinds of points are drawn (QA corpora: queries, documents or both). */
  kinds?: KindFilter;
  /** Outcome values hidden from the plot (`0`, `1`, `none`), for the current colouring. */
  hiddenValues?: string[];
  /** The clicked point. */
  selected?: number;
  search?: string;
  view?: { x: number; y: number; scale: number };
  /** What a plain drag does. */
  mode?: 'pan' | 'box' | 'lasso';
  /** The selection as its shape in data space (box: two corners; lasso: polygon), x,y interleaved. */
  selectionShape?: { kind: 'box' | 'lasso'; points: number[] };
}
