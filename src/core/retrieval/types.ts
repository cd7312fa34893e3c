import type { TaskOptions } from '../progress';

/**
 * Which kernel computes the scores: `auto` = the native kernel when it is built for this machine
 * (nativeScorer.ts), else onnxruntime when it loads, else TypeScript.
 */
export type RetrievalBackend = 'auto' | 'native' | 'ort' | 'ts';
/** The kernel that actually ran. */
export type ResolvedBackend = Exclude<RetrievalBackend, 'auto'>;

/** One small integer label per document (e.g. its language), `0 ≤ label < count`. */
export interface DocLabels {
  labels: Uint16Array;
  count: number;
}

export interface SearchOptions extends TaskOptions {
  /** Top-k to return per query; clamped to the pool size. Must be ≥ 1. */
  k: number;
  /** Per query: pool indices whose exact 1-based rank is wanted (SPEC §1), any order, any count. */
  relevant?: ReadonlyArray<Int32Array>;
  /** With `relevant`: also count, per label, the documents ranked strictly above each requested one. */
  docLabels?: DocLabels;
  backend?: RetrievalBackend;
  /** Queries per chunk (default 1,024): the pool is streamed once per chunk. */
  chunkRows?: number;
  /** Documents per tile; by default a pool of ≤ 16,384 documents is one tile, a larger one is cut so a chunk × tile score block holds about 4M floats (16 MB). */
  tileRows?: number;
}

/** Top-k lists, row-major: query `i` owns `[i * k, (i + 1) * k)`, best first. */
export interface TopK {
  k: number;
  indices: Int32Array;
  scores: Float32Array;
}

export interface SearchResult extends TopK {
  /** Per query: rank of each requested document, in the order requested. */
  relevantRanks?: Int32Array[];
  /**
   * Per query: for requested document `r` (its position in `relevant[i]`) and label `l`,
   * `[r * count + l]` = number of documents with label `l` ranked strictly above it.
   */
  aboveByLabel?: Int32Array[];
  backend: ResolvedBackend;
  /** Query chunks scanned twice because a requested document's precomputed score differed from its tile's (normally absent). */
  rescannedChunks?: number;
  /** Whether tiles were scored on other threads while this one scanned (the native kernel). */
  overlapped?: boolean;
}
