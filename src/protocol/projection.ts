import type { RunRef } from './runs';

/**
 * Projection panel: a 2-D UMAP layout of parallel sentences, coloured by language.
 * Bulk arrays travel as ArrayBuffers (structured clone, no JSON of numbers).
 */
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
  /** The layout's parameters, shown in the panel header. */
  layout: { method: 'umap'; neighbors: number; minDist: number; seed: number; dim: number };
}

export interface NeighbourRow {
  index: number;
  lang: string;
  rank: number;
  similarity: number;
}

export type ProjectionToWebview =
  /** Sent as soon as the host starts on a run, so the webview can show and save which run it is. */
  | { type: 'projection/loading'; run: RunRef }
  | { type: 'projection/points'; points: ProjectionPoints }
  /** The answer to a neighbour request; `error` set (and no rows) when the lookup failed. */
  | { type: 'projection/neighbours'; requestId: number; index: number; neighbours: NeighbourRow[]; error?: string };

export type ProjectionFromWebview = { type: 'projection/neighbours'; requestId: number; index: number; k: number };

/** What the projection webview keeps with setState (restored after a reload). */
export interface ProjectionState {
  run?: RunRef;
  hiddenLanguages: string[];
  /** The clicked point. */
  selected?: number;
  search?: string;
  view?: { x: number; y: number; scale: number };
  /** What a plain drag does. */
  mode?: 'pan' | 'box' | 'lasso';
  /** The selection as its shape in data space (box: two corners; lasso: polygon), x,y interleaved. */
  selectionShape?: { kind: 'box' | 'lasso'; points: number[] };
}
