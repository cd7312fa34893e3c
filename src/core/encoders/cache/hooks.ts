import type { Matrix } from '../../vectors';
import type { EncodeOptions, TextRole } from '../encoder';

/**
 * What an encoder may offer the embedding cache beyond the `Encoder` interface.
 *
 * - `onBatch`: called (and awaited) after each finished model batch with the input rows it
 *   covered and their vectors, so the cache can persist work before a cancel lands.
 * - `cacheText`: the exact string the model sees for (text, role), e.g. `query: ` + text. Two
 *   roles that feed the model the same string share one cache entry.
 */
export interface BatchSinkOptions extends EncodeOptions {
  onBatch?: (rows: readonly number[], vectors: Matrix) => Promise<void>;
}

export interface CacheKeyed {
  cacheText(text: string, role?: TextRole): string;
}

export function isCacheKeyed(x: object): x is CacheKeyed {
  return typeof (x as Partial<CacheKeyed>).cacheText === 'function';
}
