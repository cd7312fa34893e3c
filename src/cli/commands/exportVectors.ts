import * as path from 'node:path';
import { corpusFingerprint } from '../../core/data/fingerprint';
import { openEncoder } from '../../core/encoders/sources';
import { UserError } from '../../core/errors';
import { roleOf, vectorRows, writeVectorsParquet } from '../../core/export/vectorsParquet';
import { parseArgs, required } from '../args';
import type { CommandContext } from '../context';
import { ENCODER_HELP, ENCODER_VALUES, encoderDefaults, noteDevice } from './encoderFlags';
import { loadCorpusFromFlags, outputFlag } from './options';

export const EXPORT_VECTORS_HELP = `xlens export-vectors --data PATH --model M --format parquet --out FILE.parquet [options]
  --data PATH        a corpus: QA (questions and passages) or parallel sentences
  --format parquet   the table format (Parquet: read as is by Spark, Ray/pyarrow, DuckDB, pandas)
  --data-format F    force the corpus format (default: detected from PATH)
  --langs a,b,...    languages to export (default: all)
  --model M          model source (default builtin:char-ngram)
${ENCODER_HELP}
  --out FILE         columns id, kind (query|passage|sentence), lang, position (a passage's pool
                     order), text, vector (list<float>, L2-normalised); the model and corpus in the
                     file's key-value metadata "xlens"
  --allow-skips      skip malformed records (counted and reported) instead of failing`;

export async function runExportVectors(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['data', 'format', 'data-format', 'langs', 'model', 'out', 'split', ...ENCODER_VALUES], booleans: ['allow-skips'] }, 'export-vectors');
  const data = required(args, 'data', 'export-vectors');
  const format = args.flags.get('format') ?? 'parquet';
  if (format !== 'parquet') throw new UserError(`--format must be parquet, not "${format}"`, { hint: 'for JSONL or .npy use "xlens embed"' });
  required(args, 'out', 'export-vectors');
  const out = outputFlag(args, 'out', ctx.cwd, 'file', 'vectors.parquet')!;
  if (!out.toLowerCase().endsWith('.parquet')) throw new UserError(`--out must end in .parquet, not "${path.basename(out)}"`);
  const corpus = await loadCorpusFromFlags(args, ctx, data, 'data-format');
  const rows = vectorRows(corpus);
  if (rows.length === 0) throw new UserError('the corpus has no texts to export', { file: data });
  const encoder = await openEncoder(args.flags.get('model') ?? 'builtin:char-ngram', { cwd: ctx.cwd, signal: ctx.signal, onProgress: ctx.progress, defaults: encoderDefaults(args) });
  noteDevice(encoder, ctx);
  try {
    const dim = encoder.info.dim;
    const vectors = new Float32Array(rows.length * dim);
    for (const kind of ['query', 'passage', 'sentence'] as const) {
      const idx = rows.flatMap((r, i) => (r.kind === kind ? [i] : []));
      if (idx.length === 0) continue;
      const m = await encoder.encode(idx.map((i) => rows[i].text), { role: roleOf(kind), signal: ctx.signal, onProgress: ctx.progress });
      idx.forEach((r, i) => vectors.set(m.data.subarray(i * dim, (i + 1) * dim), r * dim));
    }
    ctx.doneProgress();
    await writeVectorsParquet(out, rows, vectors, dim, { model: encoder.info, corpus: { name: corpus.name, path: corpus.path, ...(corpus.kind === 'qa' ? { fingerprint: corpusFingerprint(corpus) } : {}) } });
    ctx.err(`${rows.length} vectors (dim ${dim}, ${encoder.info.name}) written to ${out}`);
  } finally {
    await encoder.dispose();
  }
}
