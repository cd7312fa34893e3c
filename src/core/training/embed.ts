import type { QACorpus } from '../data/corpus';
import { emptyStats, type EncodeOptions, type Encoder, type EncoderInfo, type TextRole } from '../encoders/encoder';
import type { TaskOptions } from '../progress';
import { matrix, type Matrix } from '../vectors';

/**
 * Training runs on cached base embeddings: every distinct (text, role) is encoded once by the base
 * encoder (whose own embedding cache keeps them across runs), then the adapter trains on the
 * matrices alone.
 */
export class EmbeddingTable {
  private constructor(
    readonly matrix: Matrix,
    private readonly rows: Map<string, number>,
  ) {}

  /** Encode `items` (by role, in order); duplicates share a row. */
  static async encode(encoder: Encoder, items: ReadonlyArray<{ text: string; role: TextRole }>, opts: TaskOptions & { phase?: string } = {}): Promise<EmbeddingTable> {
    const rows = new Map<string, number>();
    const byRole: Record<TextRole, string[]> = { query: [], passage: [] };
    for (const it of items) {
      const k = key(it.text, it.role);
      if (!rows.has(k)) (rows.set(k, -1), byRole[it.role].push(it.text));
    }
    const dim = encoder.info.dim;
    const out = matrix(rows.size, dim);
    let r = 0;
    for (const role of ['query', 'passage'] as const) {
      const texts = byRole[role];
      if (texts.length === 0) continue;
      const phase = `${opts.phase ?? 'encoding'} (${role === 'query' ? 'questions' : 'passages'})`;
      const m = await encoder.encode(texts, { role, signal: opts.signal, onProgress: (p) => opts.onProgress?.({ ...p, phase }) });
      out.data.set(m.data, r * dim);
      texts.forEach((t, i) => rows.set(key(t, role), r + i));
      r += texts.length;
    }
    return new EmbeddingTable(out, rows);
  }

  row(text: string, role: TextRole): number | undefined {
    return this.rows.get(key(text, role));
  }

  /** Rows for texts of one role; throws for a text that was not encoded. */
  lookup(texts: readonly string[], role: TextRole): Matrix {
    const d = this.matrix.dim;
    const out = matrix(texts.length, d);
    texts.forEach((t, i) => {
      const r = this.row(t, role);
      if (r === undefined) throw new Error(`no cached embedding for ${role} ${JSON.stringify(t.slice(0, 60))}`);
      out.data.set(this.matrix.data.subarray(r * d, (r + 1) * d), i * d);
    });
    return out;
  }
}

/** Rows for mixed-role items, in item order (e.g. a training set's texts by text id). */
export function gatherItems(table: EmbeddingTable, items: ReadonlyArray<{ text: string; role: TextRole }>): Matrix {
  const d = table.matrix.dim;
  const out = matrix(items.length, d);
  items.forEach((it, i) => {
    const r = table.row(it.text, it.role);
    if (r === undefined) throw new Error(`no cached embedding for ${it.role} ${JSON.stringify(it.text.slice(0, 60))}`);
    out.data.set(table.matrix.data.subarray(r * d, (r + 1) * d), i * d);
  });
  return out;
}

function key(text: string, role: TextRole): string {
  return `${role}\u0000${text}`;
}

/** The texts `evaluate` will ask for on a QA corpus (every question and passage). */
export function corpusTexts(corpus: QACorpus): Array<{ text: string; role: TextRole }> {
  return [...corpus.queries.map((q) => ({ text: q.text, role: 'query' as const })), ...corpus.docs.map((d) => ({ text: d.text, role: 'passage' as const }))];
}

/**
 * An Encoder over a table of cached vectors with a transform applied (the current adapter), so
 * the real `evaluate` can score the model being trained without re-encoding anything.
 */
export function tableEncoder(table: EmbeddingTable, info: EncoderInfo, transform: (m: Matrix) => Matrix): Encoder {
  const stats = emptyStats();
  return {
    info,
    async encode(texts: readonly string[], opts: EncodeOptions = {}): Promise<Matrix> {
      stats.texts += texts.length;
      stats.cacheHits += texts.length;
      return transform(table.lookup(texts, opts.role ?? 'query'));
    },
    stats: () => ({ ...stats }),
    async dispose() {},
  };
}
