import type { Encoder, EncodeOptions } from '../../src/core/encoders/encoder';
import { emptyStats } from '../../src/core/encoders/encoder';
import { matrix, normalizeRows, type Matrix } from '../../src/core/vectors';

/** An encoder whose vectors the test chooses, text by text, so rankings are known in advance. */
export function stubEncoder(table: Record<string, number[]>): Encoder {
  const dim = Object.values(table)[0].length;
  const stats = emptyStats();
  return {
    info: { source: 'stub', name: 'stub', dim, fingerprint: 'stub', settings: {} },
    async encode(texts: readonly string[], _opts?: EncodeOptions): Promise<Matrix> {
      const m = matrix(texts.length, dim);
      texts.forEach((t, i) => {
        const v = table[t];
        if (!v) throw new Error(`stub encoder has no vector for "${t}"`);
        m.data.set(v, i * dim);
      });
      stats.texts += texts.length;
      stats.encoded += texts.length;
      return normalizeRows(m);
    },
    stats: () => ({ ...stats }),
    async dispose() {},
  };
}
