import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { Encoder, TextRole } from '../encoders/encoder';
import type { TaskOptions } from '../progress';
import { writeFilesAtomic } from '../util/atomicWrite';
import { fsError } from '../util/fsErrors';
import type { FileRowSource } from './fileRows';
import { encodeToStore, keysHash, openVectorStore, type StoreDtype, type StoreManifest } from './vectorStore';

/**
 * A corpus store: the folder `xlens embed --out DIR.xlstore` writes and `precomputed:DIR.xlstore`
 * reads. It holds one vector store (vectorStore.ts) per role of the corpus (questions as `query`,
 * passages as `passage`, parallel sentences without a role), each beside the texts of its rows:
 *
 *   DIR.xlstore/xlstore.json                  written last: the parts, with the sha256 of each texts file
 *   DIR.xlstore/texts-<role>.jsonl            one JSON string per line; row i ↔ line i+1
 *   DIR.xlstore/<fingerprint>/<hash>-<dtype>/ the shards and manifest.json of that part
 *
 * A stopped run leaves no xlstore.json (or the previous one) and its finished shards; the next run
 * over the same corpus and model finds the same part folders and keeps those shards.
 */
export const CORPUS_STORE_FORMAT = 'xlens-corpus-store/1';
export const CORPUS_STORE_INDEX = 'xlstore.json';

export interface CorpusStorePart {
  /** '' for texts without a role. */
  role: TextRole | '';
  /** The texts file, relative to the store folder. */
  texts: string;
  textsSha256: string;
  /** The vector store folder, relative to the store folder. */
  store: string;
}

export interface CorpusStoreIndex {
  format: typeof CORPUS_STORE_FORMAT;
  model: string;
  fingerprint: string;
  dim: number;
  dtype: StoreDtype;
  parts: CorpusStorePart[];
}

export interface WriteCorpusStoreOptions extends TaskOptions {
  dtype: StoreDtype;
  shardRows?: number;
}

export interface WriteCorpusStoreResult {
  rows: number;
  /** Rows encoded by this run; the others came from shards an earlier run finished. */
  encoded: number;
  /** Shards kept from an earlier run, of `shards` in all. */
  kept: number;
  shards: number;
}

/** Whether `dir` is a folder with a corpus store index (finished or being refused later). */
export function isCorpusStore(dir: string): boolean {
  return fs.existsSync(path.join(dir, CORPUS_STORE_INDEX));
}

/** Encodes each group of texts (one per role) into `dir`, resuming from finished shards. */
export async function writeCorpusStore(
  dir: string,
  encoder: Encoder,
  groups: ReadonlyArray<{ role: TextRole | undefined; texts: readonly string[] }>,
  opts: WriteCorpusStoreOptions,
): Promise<WriteCorpusStoreResult> {
  const parts: CorpusStorePart[] = [];
  const textFiles: Array<{ file: string; data: string }> = [];
  const result: WriteCorpusStoreResult = { rows: 0, encoded: 0, kept: 0, shards: 0 };
  for (const g of groups) {
    const r = await encodeToStore(encoder, g.texts, { root: dir, dtype: opts.dtype, role: g.role, shardRows: opts.shardRows, signal: opts.signal, onProgress: opts.onProgress });
    const manifest = JSON.parse(fs.readFileSync(path.join(r.dir, 'manifest.json'), 'utf8')) as StoreManifest;
    const data = g.texts.map((t) => JSON.stringify(t) + '\n').join('');
    const texts = `texts-${g.role ?? 'any'}.jsonl`;
    textFiles.push({ file: path.join(dir, texts), data });
    parts.push({ role: g.role ?? '', texts, textsSha256: sha256(data), store: path.relative(dir, r.dir).split(path.sep).join('/') });
    result.rows += g.texts.length;
    result.encoded += r.encoded;
    result.kept += r.kept;
    result.shards += manifest.shards.length;
  }
  const index: CorpusStoreIndex = { format: CORPUS_STORE_FORMAT, model: encoder.info.source, fingerprint: encoder.info.fingerprint, dim: encoder.info.dim, dtype: opts.dtype, parts };
  // The index is renamed last: a reader that finds it finds texts files of the same run.
  await writeFilesAtomic([...textFiles, { file: path.join(dir, CORPUS_STORE_INDEX), data: JSON.stringify(index, null, 1) + '\n' }]);
  return result;
}

export interface OpenedPart {
  role: TextRole | undefined;
  texts: string[];
  rows: FileRowSource;
}

export interface OpenedCorpusStore {
  index: CorpusStoreIndex;
  parts: OpenedPart[];
  /** sha256 of the index, every texts file and every shard (from the verified manifests). */
  contentHashes: string[];
  close(): void;
}

/**
 * Opens a corpus store after checking everything a wrong answer could come from: the index, the
 * sha256 of each texts file, every shard's size and sha256 (openVectorStore), and that each
 * shard's rows belong to the texts on the matching lines. A damaged file is refused with a
 * UserError naming it.
 */
export function openCorpusStore(dir: string): OpenedCorpusStore {
  const indexFile = path.join(dir, CORPUS_STORE_INDEX);
  const index = readIndex(indexFile);
  const parts: OpenedPart[] = [];
  const contentHashes = [sha256(fs.readFileSync(indexFile))];
  try {
    for (const p of index.parts) {
      const textsFile = inside(dir, p.texts, indexFile);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(textsFile);
      } catch (e) {
        throw fsError(e, textsFile);
      }
      if (sha256(bytes) !== p.textsSha256) throw new UserError(`texts file differs from the sha256 in ${CORPUS_STORE_INDEX} (damaged or changed)`, { file: textsFile, hint: 'run xlens embed with the same --out again' });
      const texts = bytes.toString('utf8').split('\n');
      texts.pop(); // after the final newline
      const rows = openVectorStore(inside(dir, p.store, indexFile));
      parts.push({ role: p.role === '' ? undefined : p.role, texts: texts.map((t) => JSON.parse(t) as string), rows });
      const m = rows.manifest;
      const where = { file: path.join(dir, p.store, 'manifest.json') };
      if (m.dim !== index.dim || m.dtype !== index.dtype) throw new UserError(`manifest says dim ${m.dim} ${m.dtype}, ${CORPUS_STORE_INDEX} says dim ${index.dim} ${index.dtype}`, where);
      if (m.rows !== texts.length) throw new UserError(`the store has ${m.rows} rows but ${p.texts} has ${texts.length} texts`, where);
      let at = 0;
      for (const s of m.shards) {
        if (keysHash(parts[parts.length - 1].texts.slice(at, at + s.rows)) !== s.texts) {
          throw new UserError(`the rows of ${s.file} belong to other texts than lines ${at + 1}–${at + s.rows} of ${p.texts}`, where);
        }
        at += s.rows;
      }
      contentHashes.push(p.textsSha256, ...m.shards.map((s) => s.sha256));
    }
  } catch (e) {
    for (const p of parts) p.rows.close();
    throw e;
  }
  return { index, parts, contentHashes, close: () => parts.forEach((p) => p.rows.close()) };
}

function readIndex(file: string): CorpusStoreIndex {
  let index: CorpusStoreIndex;
  try {
    index = JSON.parse(fs.readFileSync(file, 'utf8')) as CorpusStoreIndex;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`not a finished XLens store (no ${CORPUS_STORE_INDEX})`, { file: path.dirname(file), hint: 'run xlens embed --out <folder>.xlstore again: it resumes after the last finished shard' });
    }
    if (e instanceof SyntaxError) throw new UserError(`bad JSON: ${e.message}`, { file });
    throw fsError(e, file);
  }
  if (index?.format !== CORPUS_STORE_FORMAT || !Array.isArray(index.parts)) throw new UserError(`not an XLens store index (format ${JSON.stringify(index?.format)}, expected ${CORPUS_STORE_FORMAT})`, { file });
  return index;
}

/** `dir/rel`, refusing names in the (untrusted) index that lead outside the store folder. */
function inside(dir: string, rel: unknown, indexFile: string): string {
  const full = typeof rel === 'string' ? path.resolve(dir, rel) : '';
  if (!full.startsWith(path.resolve(dir) + path.sep)) throw new UserError(`names a file outside the store folder: ${JSON.stringify(rel)}`, { file: indexFile });
  return full;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
