import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Corpus } from '../data/corpus';
import type { EncoderInfo, TextRole } from '../encoders/encoder';
import { writeFileAtomic } from '../util/atomicWrite';
import { VERSION } from '../version';

/** One exported row: a corpus unit and where it sits, its vector filled in later. */
export interface VectorRow {
  id: string;
  /** `query`, `passage`, or `sentence` (parallel corpora: encoded without a role). */
  kind: 'query' | 'passage' | 'sentence';
  lang: string;
  /** Position among the corpus's units of its kind: a passage's is its pool order (the shard ranges of `--pool-shard`). */
  position: number;
  text: string;
}

/** Every unit of a corpus, in corpus order: questions then passages, or the sentences of each set. */
export function vectorRows(corpus: Corpus): VectorRow[] {
  if (corpus.kind === 'qa') {
    return [
      ...corpus.queries.map((q, position) => ({ id: q.id, kind: 'query' as const, lang: q.lang, position, text: q.text })),
      ...corpus.docs.map((d, position) => ({ id: d.id, kind: 'passage' as const, lang: d.lang, position, text: d.text })),
    ];
  }
  let position = 0;
  return corpus.sets.flatMap((s) => s.sentences.map((x) => ({ id: x.id, kind: 'sentence' as const, lang: x.lang, position: position++, text: x.text })));
}

export function roleOf(kind: VectorRow['kind']): TextRole | undefined {
  return kind === 'sentence' ? undefined : kind;
}

/**
 * A Parquet table that Spark, Ray (pyarrow), DuckDB and pandas read as is: one row per unit,
 * columns `id`, `kind`, `lang`, `position` (int32), `text` and `vector` (list<float32>, L2-normalised
 * as XLens scores them), Snappy-compressed. The file's key-value metadata `xlens` holds the
 * model (source, name, fingerprint, dim) and the corpus it came from.
 */
export function vectorsParquet(rows: readonly VectorRow[], vectors: Float32Array, dim: number, meta: { model: EncoderInfo; corpus: { name: string; path: string; fingerprint?: string } }): Uint8Array {
  if (vectors.length !== rows.length * dim) throw new RangeError(`vectorsParquet: ${vectors.length} values for ${rows.length} rows of ${dim}`);
  // The writer takes plain arrays for a repeated field; float32 values survive the widening exactly.
  const vectorColumn = Array.from({ length: rows.length }, (_, r) => Array.from(vectors.subarray(r * dim, (r + 1) * dim)));
  const xlens = {
    tool: 'xlens',
    version: VERSION,
    model: { source: meta.model.source, name: meta.model.name, fingerprint: meta.model.fingerprint, dim },
    corpus: meta.corpus,
    normalized: true,
  };
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: rows.map((r) => r.id) },
      { name: 'kind', data: rows.map((r) => r.kind) },
      { name: 'lang', data: rows.map((r) => r.lang) },
      { name: 'position', data: Int32Array.from(rows, (r) => r.position) },
      { name: 'text', data: rows.map((r) => r.text) },
      { name: 'vector', data: vectorColumn },
    ],
    schema: [
      { name: 'root', num_children: 6 },
      { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'kind', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'lang', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'position', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      // The standard three-level list (Parquet LogicalTypes.md): what Arrow writes for list<float>.
      { name: 'vector', repetition_type: 'REQUIRED', num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
    ],
    kvMetadata: [{ key: 'xlens', value: JSON.stringify(xlens) }],
    createdBy: `xlens ${VERSION}`,
  });
  return new Uint8Array(buffer);
}

export async function writeVectorsParquet(file: string, ...args: Parameters<typeof vectorsParquet>): Promise<void> {
  await writeFileAtomic(file, vectorsParquet(...args));
}
