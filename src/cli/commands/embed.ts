import * as path from 'node:path';
import type { Corpus } from '../../core/data/corpus';
import type { Encoder, TextRole } from '../../core/encoders/encoder';
import { pairManifestPath, writeVectorPair } from '../../core/encoders/vectorPair';
import { openEncoder } from '../../core/encoders/sources';
import { CancelledError, UserError } from '../../core/errors';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseArgs, required, type ParsedArgs } from '../args';
import { writeCorpusStore } from '../../core/store/corpusStore';
import { SHARD_ROWS, type StoreDtype } from '../../core/store/vectorStore';
import type { CommandContext } from '../context';
import { ENCODER_HELP, ENCODER_VALUES, encoderDefaults, noteDevice } from './encoderFlags';
import { loadCorpusFromFlags, outputFlag } from './options';

export const EMBED_HELP = `xlens embed --data PATH --model M --out FILE.jsonl|FILE.npy|DIR.xlstore [options]
  --data PATH        a corpus: QA (questions and passages) or parallel sentences
  --format F         force the format (default: detected from PATH)
  --langs a,b,...    languages to export (default: all)
  --model M          model source (default builtin:char-ngram)
${ENCODER_HELP}
  --out FILE         .jsonl: {"text", "vector", "role"?, "lang"} per line (reads back as precomputed:FILE)
                     .npy: float32 matrix (texts × dim) + FILE.txt beside it, one text per line,
                     + FILE.npy.xlens.json (both files' hashes: a mismatched pair is refused on load)
                     DIR.xlstore: a vector store folder for large corpora (float32 or float16
                     shards + the texts, all hashed); read back as precomputed:DIR.xlstore
                     without loading the table into memory. Resumable: run the same command
                     again after a stop and finished shards are kept
                     missing folders are created
  --dtype f32|f16    .xlstore only: value type of the shards (default f32, exact; f16 halves the
                     disk and rounds each value to half precision)
  --shard-rows N     .xlstore only: rows per shard (default ${SHARD_ROWS}; at most one shard is
                     re-encoded after a stop)
  --role R           query | passage for every text (default: questions as query, passages as
                     passage, parallel sentences without a role)
  --allow-skips      skip malformed records (counted and reported) instead of failing`;

interface Item {
  text: string;
  role?: TextRole;
  lang: string;
}

export async function runEmbed(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['data', 'format', 'langs', 'model', 'out', 'role', 'split', 'dtype', 'shard-rows', ...ENCODER_VALUES], booleans: ['allow-skips'] }, 'embed');
  const data = required(args, 'data', 'embed');
  const outFlag = required(args, 'out', 'embed');
  const store = /\.xlstore[\\/]*$/i.test(outFlag);
  const out = outputFlag(args, 'out', ctx.cwd, store ? 'folder' : 'file', 'vectors.npy')!;
  const npy = out.toLowerCase().endsWith('.npy');
  if (!npy && !store && !/\.jsonl?$/i.test(out)) throw new UserError(`--out must end in .jsonl, .npy or .xlstore (a store folder), not "${path.basename(out)}"`);
  const storeOptions = store ? parseStoreFlags(args) : undefined;
  if (!store && (args.flags.has('dtype') || args.flags.has('shard-rows'))) throw new UserError('--dtype and --shard-rows apply only to a store (--out <folder>.xlstore)');
  const roleFlag = args.flags.get('role');
  if (roleFlag !== undefined && roleFlag !== 'query' && roleFlag !== 'passage') throw new UserError(`--role must be query or passage, not "${roleFlag}"`);
  const corpus = await loadCorpusFromFlags(args, ctx, data, 'format');
  const items = collect(corpus, roleFlag);
  if (items.length === 0) throw new UserError('the corpus has no texts to embed', { file: data });
  if (npy) checkNpyExport(items);

  const encoder = await openEncoder(args.flags.get('model') ?? 'builtin:char-ngram', { cwd: ctx.cwd, signal: ctx.signal, onProgress: ctx.progress, defaults: encoderDefaults(args) });
  noteDevice(encoder, ctx);
  try {
    if (storeOptions) {
      await embedToStore(out, encoder, items, storeOptions, ctx);
      return;
    }
    const vectors = await encodeByRole(encoder, items, ctx);
    ctx.doneProgress();
    const dim = encoder.info.dim;
    if (npy) {
      const texts = await writeVectorPair(out, vectors, dim, items.map((i) => i.text));
      ctx.err(`texts written to ${texts} (${path.basename(pairManifestPath(out))} ties the two files together)`);
    } else {
      await writeJsonl(out, items, vectors, dim);
    }
    const s = encoder.stats();
    ctx.err(`${items.length} vectors (dim ${dim}, ${encoder.info.name}) written to ${out}; encoded ${s.encoded}, from cache ${s.cacheHits}, truncated ${s.truncated}`);
  } finally {
    await encoder.dispose();
  }
}

function parseStoreFlags(args: ParsedArgs): { dtype: StoreDtype; shardRows: number } {
  const dtype = args.flags.get('dtype') ?? 'f32';
  if (dtype !== 'f32' && dtype !== 'f16') throw new UserError(`--dtype must be f32 or f16, not "${dtype}"`);
  const flag = args.flags.get('shard-rows');
  const shardRows = flag === undefined ? SHARD_ROWS : Number(flag);
  if (!Number.isInteger(shardRows) || shardRows < 1) throw new UserError(`--shard-rows must be a positive whole number, not "${flag}"`);
  return { dtype, shardRows };
}

/** One store part per role, in corpus order; a rerun keeps the shards an earlier run finished. */
async function embedToStore(out: string, encoder: Encoder, items: Item[], opts: { dtype: StoreDtype; shardRows: number }, ctx: CommandContext): Promise<void> {
  const groups = [...new Set(items.map((i) => i.role))].map((role) => ({ role, texts: items.filter((i) => i.role === role).map((i) => i.text) }));
  let r;
  try {
    r = await writeCorpusStore(out, encoder, groups, { ...opts, signal: ctx.signal, onProgress: ctx.progress });
  } catch (e) {
    ctx.doneProgress();
    if (e instanceof CancelledError) ctx.err(`stopped: the finished shards stay in ${out}; run the same command again to resume from them`);
    throw e;
  }
  ctx.doneProgress();
  const s = encoder.stats();
  const resumed = r.kept > 0 ? `kept ${r.kept} of ${r.shards} shards from an earlier run (skipped), ` : '';
  ctx.err(
    `${r.rows} vectors (dim ${encoder.info.dim}, ${opts.dtype}, ${encoder.info.name}) in ${r.shards} shards written to ${out}; ${resumed}encoded ${r.encoded} texts (from cache ${s.cacheHits}, truncated ${s.truncated})`,
  );
  ctx.err(`read it back with --model precomputed:${out}`);
}

/** Distinct (text, role) pairs of the corpus, in corpus order. */
function collect(corpus: Corpus, roleFlag: TextRole | undefined): Item[] {
  const all: Item[] =
    corpus.kind === 'qa'
      ? [
          ...corpus.queries.map((q) => ({ text: q.text, lang: q.lang, role: roleFlag ?? ('query' as const) })),
          ...corpus.docs.map((d) => ({ text: d.text, lang: d.lang, role: roleFlag ?? ('passage' as const) })),
        ]
      : corpus.sets.flatMap((s) => s.sentences.map((x) => ({ text: x.text, lang: x.lang, role: roleFlag })));
  const seen = new Set<string>();
  return all.filter((i) => {
    const k = `${i.role ?? ''}\u0000${i.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function checkNpyExport(items: Item[]): void {
  if (new Set(items.map((i) => i.role)).size > 1) {
    throw new UserError('a .npy table holds one vector per text, but this corpus has questions and passages (two roles)', {
      hint: 'pass --role query or --role passage, or write JSONL (--out vectors.jsonl), which keeps the role of each row',
    });
  }
  const bad = items.find((i) => /[\r\n]/.test(i.text));
  if (bad) throw new UserError(`a text contains a line break, which the .txt beside a .npy cannot hold: ${JSON.stringify(bad.text.slice(0, 60))}`, { hint: 'write JSONL instead (--out vectors.jsonl)' });
}

async function encodeByRole(encoder: Encoder, items: Item[], ctx: CommandContext): Promise<Float32Array> {
  const dim = encoder.info.dim;
  const vectors = new Float32Array(items.length * dim);
  for (const role of [...new Set(items.map((i) => i.role))]) {
    const rows = items.flatMap((it, r) => (it.role === role ? [r] : []));
    const m = await encoder.encode(rows.map((r) => items[r].text), { role, signal: ctx.signal, onProgress: ctx.progress });
    rows.forEach((r, i) => vectors.set(m.data.subarray(i * dim, (i + 1) * dim), r * dim));
  }
  return vectors;
}

/** One JSON line per row, streamed into the atomic writer. 9 significant digits keep float32 exact. */
async function writeJsonl(file: string, items: Item[], vectors: Float32Array, dim: number): Promise<void> {
  function* lines(): Generator<string> {
    for (let r = 0; r < items.length; r++) {
      const vector = Array.from(vectors.subarray(r * dim, (r + 1) * dim), (x) => Number(x.toPrecision(9)));
      const { text, role, lang } = items[r];
      yield JSON.stringify(role ? { text, vector, role, lang } : { text, vector, lang }) + '\n';
    }
  }
  await writeFileAtomic(file, lines());
}
