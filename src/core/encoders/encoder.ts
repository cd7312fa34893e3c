import type { TaskOptions } from '../progress';
import type { Matrix } from '../vectors';

/**
 * An encoder turns texts into L2-normalised vectors. Implementations: `builtin:char-ngram`
 * (embedded lexical baseline), `precomputed:<file>` (vectors made elsewhere), and later neural
 * models (transformers.js on onnxruntime-node) and remote servers.
 *
 * Contract:
 * - `encode` returns one row per input text, in input order, L2-normalised (zero vector only if
 *   the model truly produced one); duplicates in the input may be encoded once.
 * - It honours `signal` (throws `CancelledError`) and reports progress in texts.
 * - `info.fingerprint` changes whenever the vectors could change (weights, dtype, pooling,
 *   prefixes, max length, hashing parameters...): it keys the embedding cache.
 * - Asymmetric models (e5: `query: ` / `passage: `) distinguish `role`; symmetric ones ignore it.
 */
export type TextRole = 'query' | 'passage';

export interface EncodeOptions extends TaskOptions {
  role?: TextRole;
  /**
   * A hint: where the caller wants the rows (`texts.length × dim` values). An encoder may write
   * them there and return a Matrix over it, saving a copy of a large output; callers must check
   * (`result.data === into`) and copy otherwise. Wrappers that pass the options on with other
   * texts are safe: an encoder only uses `into` when its length is exactly `texts.length × dim`.
   */
  into?: Float32Array;
}

export interface EncoderInfo {
  /** The source string as the user gave it (`builtin:char-ngram`, `precomputed:vecs.jsonl`, ...). */
  source: string;
  /** Short display name. */
  name: string;
  dim: number;
  /** Stable hash of everything that determines the vectors. */
  fingerprint: string;
  /** Free-form description of settings shown in reports (pooling, dtype, prefixes, ...). */
  settings: Record<string, string | number | boolean>;
}

/** Cumulative counters since the encoder was opened; reported so runs are honest about what happened. */
export interface EncoderStats {
  /** Texts requested. */
  texts: number;
  /** Texts actually run through the model (after dedup and cache). */
  encoded: number;
  /** Texts served from the embedding cache. */
  cacheHits: number;
  /** Texts cut at the maximum sequence length. */
  truncated: number;
}

export interface Encoder {
  readonly info: EncoderInfo;
  encode(texts: readonly string[], opts?: EncodeOptions): Promise<Matrix>;
  stats(): EncoderStats;
  dispose(): Promise<void>;
}

export function emptyStats(): EncoderStats {
  return { texts: 0, encoded: 0, cacheHits: 0, truncated: 0 };
}
