import { UserError } from '../errors';
import type { Matrix } from '../vectors';
import type { EncodeOptions, Encoder, EncoderInfo } from './encoder';

/**
 * Every vector an encoder returns must be finite and non-zero. A NaN query scores NaN against
 * every document, and the ranking then puts its relevant documents wherever the comparison falls
 * (Max@R below |Rel|, which is impossible); a zero vector has no cosine, so all its scores tie and
 * pool order decides. Both would be reported as figures, so both are refused, naming the model
 * and a text that produced them (SPEC §3: no NaN ranked). `openEncoder` wraps every encoder it
 * opens, outside the embedding cache, so vectors read back from the cache are checked too.
 */
export function finiteChecked(inner: Encoder): Encoder {
  return {
    get info() {
      return inner.info;
    },
    async encode(texts: readonly string[], opts?: EncodeOptions): Promise<Matrix> {
      const m = await inner.encode(texts, opts);
      assertUsableRows(m, texts, inner.info, opts?.role);
      return m;
    },
    stats: () => inner.stats(),
    dispose: () => inner.dispose(),
  };
}

/** Throws a UserError for the first row that holds NaN/±Infinity or is all zeros. */
export function assertUsableRows(m: Matrix, texts: readonly string[], info: EncoderInfo, role?: string): void {
  const { dim, data } = m;
  for (let r = 0; r < m.rows; r++) {
    let zero = true;
    for (let j = r * dim, end = j + dim; j < end; j++) {
      const v = data[j];
      if (!Number.isFinite(v)) throw badVector(info, texts[r], role, `a non-finite vector (${v} at component ${j - r * dim})`);
      if (v !== 0) zero = false;
    }
    if (zero && dim > 0) throw badVector(info, texts[r], role, 'an all-zero vector (cosine similarity is undefined for it)');
  }
}

function badVector(info: EncoderInfo, text: string | undefined, role: string | undefined, what: string): UserError {
  const shown = text === undefined ? '(unknown text)' : JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
  return new UserError(`model ${info.source} produced ${what} for the ${role ? `${role} ` : ''}text ${shown}; no figure is computed from such vectors`, {
    hint: !what.startsWith('an all-zero')
      ? 'half-precision or quantised weights (dtype=fp16, q8) can overflow: try dtype=fp32; a precomputed table or a server may hold NaN/Infinity: fix the vectors at their source'
      : info.source.startsWith('builtin:char-ngram')
        ? 'a text with no letters or digits gives the char-ngram encoder nothing to embed: remove or fix it in the data'
        : 'fix the vector at its source (a precomputed table row, the server or the model); a zero vector cannot be ranked',
  });
}
