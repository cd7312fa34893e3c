import { matrix, type Matrix } from '../../vectors';
import type { EncodeOptions, Encoder, EncoderInfo, EncoderStats, TextRole } from '../encoder';
import { EmbeddingStore } from './embeddingStore';
import { isCacheKeyed, type BatchSinkOptions } from './hooks';
import { textKey } from './segments';

export interface CacheOptions {
  /** Root of the embedding cache; vectors go to `<dir>/<fingerprint>/`. */
  dir: string;
}

/**
 * Wrap an encoder with the on-disk embedding cache, keyed by (fingerprint, text the model sees).
 * Cached texts are read back; the rest go to the inner encoder, and each batch it finishes is
 * written as its own segment before the next starts, so a cancelled run keeps its finished
 * batches and the next run encodes only what is left.
 */
export function cachedEncoder(inner: Encoder, opts: CacheOptions): Encoder {
  return new CachedEncoder(inner, opts.dir);
}

class CachedEncoder implements Encoder {
  private store: Promise<EmbeddingStore> | undefined;
  private texts = 0;
  private hits = 0;

  constructor(
    private readonly inner: Encoder,
    private readonly dir: string,
  ) {}

  get info(): EncoderInfo {
    return this.inner.info;
  }

  async encode(texts: readonly string[], opts: EncodeOptions = {}): Promise<Matrix> {
    const store = await (this.store ??= EmbeddingStore.open(this.dir, this.inner.info));
    const { role, onProgress } = opts;
    const dim = this.inner.info.dim;
    this.texts += texts.length;

    // Unique model inputs: key → rows of `texts` that share it.
    const rowsOf = new Map<string, number[]>();
    const keyBuf = new Map<string, Buffer>();
    texts.forEach((t, i) => {
      const buf = textKey(this.modelText(t, role));
      const k = buf.toString('hex');
      const rows = rowsOf.get(k);
      if (rows) rows.push(i);
      else {
        rowsOf.set(k, [i]);
        keyBuf.set(k, buf);
      }
    });
    const out = matrix(texts.length, dim);
    const cachedKeys = [...rowsOf.keys()].filter((k) => store.has(k));
    const failed = new Set(store.read(cachedKeys, out.data, cachedKeys.map((k) => rowsOf.get(k)![0])).map((i) => cachedKeys[i]));
    const served = cachedKeys.filter((k) => !failed.has(k));
    const missing = [...rowsOf.keys()].filter((k) => !store.has(k) || failed.has(k));
    let servedRows = 0;
    for (const k of served) {
      const rows = rowsOf.get(k)!;
      for (let j = 1; j < rows.length; j++) out.data.copyWithin(rows[j] * dim, rows[0] * dim, (rows[0] + 1) * dim);
      servedRows += rows.length;
    }
    this.hits += servedRows;
    if (missing.length === 0) {
      onProgress?.({ phase: 'embedding cache', done: texts.length, total: texts.length, unit: 'texts' });
      return out;
    }

    // Encode the misses; persist every finished batch before the next one starts.
    const missTexts = missing.map((k) => texts[rowsOf.get(k)![0]]);
    const written = new Uint8Array(missing.length);
    const persist = async (rows: readonly number[], vectors: Matrix) => {
      const keep: number[] = [];
      rows.forEach((r, i) => written[r] || keep.push(i));
      if (keep.length === 0) return;
      const data = new Float32Array(keep.length * dim);
      keep.forEach((i, j) => {
        data.set(vectors.data.subarray(i * dim, (i + 1) * dim), j * dim);
        written[rows[i]] = 1;
      });
      await store.add(keep.map((i) => keyBuf.get(missing[rows[i]])!), data);
    };
    const innerOpts: BatchSinkOptions = {
      ...opts,
      onProgress: onProgress && ((p) => onProgress(p.unit === 'texts' ? { ...p, done: servedRows + p.done, total: texts.length } : p)),
      onBatch: persist,
    };
    const encoded = await this.inner.encode(missTexts, innerOpts);
    // Encoders without the batch hook: persist everything at the end.
    const rest = missing.map((_, r) => r).filter((r) => !written[r]);
    if (rest.length > 0) {
      const m = matrix(rest.length, dim);
      rest.forEach((r, i) => m.data.set(encoded.data.subarray(r * dim, (r + 1) * dim), i * dim));
      await persist(rest, m);
    }
    missing.forEach((k, r) => {
      for (const row of rowsOf.get(k)!) out.data.set(encoded.data.subarray(r * dim, (r + 1) * dim), row * dim);
    });
    return out;
  }

  stats(): EncoderStats {
    const s = this.inner.stats();
    return { texts: this.texts, encoded: s.encoded, cacheHits: this.hits, truncated: s.truncated };
  }

  async dispose(): Promise<void> {
    await this.inner.dispose();
  }

  private modelText(text: string, role: TextRole | undefined): string {
    return isCacheKeyed(this.inner) ? this.inner.cacheText(text, role) : `${role ?? ''}\u0000${text}`;
  }
}
