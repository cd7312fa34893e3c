import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { throwIfAborted, UserError } from '../errors';
import type { Encoder, TextRole } from '../encoders/encoder';
import { textKey } from '../encoders/cache/segments';
import type { TaskOptions } from '../progress';
import { writeFilesAtomic } from '../util/atomicWrite';
import { fileRows, type FileRowSource } from './fileRows';
import { toF16 } from './rowSource';

/**
 * The on-disk vector store of one encoded corpus: a folder of shards (raw little-endian float32 or
 * float16 rows, `shard-000000.vec`, …) and `manifest.json`, which lists the finished shards with
 * the sha256 of each file's bytes and of the text keys it holds. Keyed like the embedding cache:
 * `<root>/<encoder fingerprint>/<hash of the role and every text key, in order>-<dtype>/`.
 *
 * Encoding writes shard by shard: each shard file, then the manifest naming it, by atomic rename
 * (util/atomicWrite). A stop at any point leaves at most a shard the manifest does not name; the
 * next run keeps every listed shard whose bytes still hash to the manifest's value and encodes
 * only the rest. Search reads it a tile at a time (`fileRows`); Node has no mmap, so reads copy
 * from the page cache into one reused tile.
 */
export const STORE_FORMAT = 'xlens-vector-store/1';
export type StoreDtype = 'f32' | 'f16';
/** Rows per shard by default: 64k × 384 float16 = 48 MB, a few seconds of encoding lost at most. */
export const SHARD_ROWS = 65536;

export interface StoreShard {
  file: string;
  rows: number;
  /** sha256 of the file's bytes. */
  sha256: string;
  /** sha256 of the 16-byte text keys of its rows, in order. */
  texts: string;
}

export interface StoreManifest {
  format: typeof STORE_FORMAT;
  fingerprint: string;
  role: string;
  dim: number;
  dtype: StoreDtype;
  rows: number;
  shardRows: number;
  /** Finished shards, in row order (shard i holds rows [i · shardRows, …)). */
  shards: StoreShard[];
}

export interface EncodeToStoreOptions extends TaskOptions {
  /** Store root (e.g. `<xlens cache>/stores`); the folder is derived from the encoder and the texts. */
  root: string;
  dtype?: StoreDtype;
  role?: TextRole;
  shardRows?: number;
}

export interface StoreResult {
  dir: string;
  /** Rows encoded this run (the others came from finished shards). */
  encoded: number;
  /** Shards kept from an earlier run. */
  kept: number;
}

/** The store folder of `texts` encoded by `encoder` (see the module comment). */
export function storeDir(root: string, encoder: Encoder, texts: readonly string[], role: TextRole | undefined, dtype: StoreDtype): string {
  const h = createHash('sha256').update(`${role ?? ''}\u0000`);
  for (const t of texts) h.update(textKey(t));
  return path.join(root, encoder.info.fingerprint, `${h.digest('hex').slice(0, 32)}-${dtype}`);
}

/**
 * Encodes `texts` into their store, skipping the shards an earlier (possibly stopped) run
 * finished. Every finished shard is on disk before the next one is encoded.
 */
export async function encodeToStore(encoder: Encoder, texts: readonly string[], opts: EncodeToStoreOptions): Promise<StoreResult> {
  const dtype = opts.dtype ?? 'f16';
  const shardRows = opts.shardRows ?? SHARD_ROWS;
  if (!(Number.isInteger(shardRows) && shardRows >= 1)) throw new RangeError(`encodeToStore: shardRows must be a positive integer, got ${shardRows}`);
  const dir = storeDir(opts.root, encoder, texts, opts.role, dtype);
  const { dim, fingerprint } = encoder.info;
  const fresh: StoreManifest = { format: STORE_FORMAT, fingerprint, role: opts.role ?? '', dim, dtype, rows: texts.length, shardRows, shards: [] };
  const previous = readManifest(dir);
  const compatible = previous && previous.dim === dim && previous.dtype === dtype && previous.shardRows === shardRows && previous.rows === texts.length && previous.fingerprint === fingerprint;
  const manifest: StoreManifest = { ...fresh, shards: [] };
  const count = Math.ceil(texts.length / shardRows);
  let kept = 0;
  let encoded = 0;
  let onDisk = JSON.stringify(previous ?? null);
  for (let s = 0; s < count; s++) {
    throwIfAborted(opts.signal);
    const slice = texts.slice(s * shardRows, (s + 1) * shardRows);
    const textsHash = keysHash(slice);
    const old = compatible ? previous.shards[s] : undefined;
    if (old && old.texts === textsHash && old.rows === slice.length && hashFile(path.join(dir, old.file)) === old.sha256) {
      manifest.shards.push(old);
      kept++;
    } else {
      const m = await encoder.encode(slice, { role: opts.role, signal: opts.signal });
      throwIfAborted(opts.signal);
      const bytes = dtype === 'f32' ? new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength) : f16Bytes(m.data);
      const file = `shard-${String(s).padStart(6, '0')}.vec`;
      manifest.shards.push({ file, rows: slice.length, sha256: createHash('sha256').update(bytes).digest('hex'), texts: textsHash });
      await writeFilesAtomic([
        { file: path.join(dir, file), data: bytes },
        { file: path.join(dir, 'manifest.json'), data: JSON.stringify(manifest, null, 1) + '\n' },
      ]);
      onDisk = JSON.stringify(manifest);
      encoded += slice.length;
    }
    opts.onProgress?.({ phase: 'encoding into the vector store', done: Math.min(texts.length, (s + 1) * shardRows), total: texts.length, unit: 'texts' });
  }
  // Shards kept after the last one written (or an empty corpus): the manifest must list them all.
  if (JSON.stringify(manifest) !== onDisk) {
    await writeFilesAtomic([{ file: path.join(dir, 'manifest.json'), data: JSON.stringify(manifest, null, 1) + '\n' }]);
  }
  return { dir, encoded, kept };
}

/**
 * Opens a finished store for reading a tile at a time. Each shard's size is checked, and with
 * `verify` (the default) its bytes against the manifest's sha256, so a damaged or half-copied
 * store is refused with a UserError naming the shard instead of scoring wrong vectors.
 */
export function openVectorStore(dir: string, opts: { verify?: boolean } = {}): FileRowSource & { manifest: StoreManifest } {
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = readManifest(dir);
  if (!manifest) throw new UserError('not a finished XLens vector store (no readable manifest.json)', { file: manifestFile, hint: 'encode the corpus into the store again; finished shards are kept' });
  const listed = manifest.shards.reduce((a, s) => a + s.rows, 0);
  if (listed !== manifest.rows) {
    throw new UserError(`the store is unfinished: its shards hold ${listed} of ${manifest.rows} rows`, { file: manifestFile, hint: 'run the encoding again; it resumes after the last finished shard' });
  }
  const bpv = manifest.dtype === 'f32' ? 4 : 2;
  for (const s of manifest.shards) {
    const file = path.join(dir, s.file);
    const size = fs.existsSync(file) ? fs.statSync(file).size : -1;
    if (size !== s.rows * manifest.dim * bpv) throw new UserError(`shard size ${size} bytes, the manifest says ${s.rows} rows × ${manifest.dim} × ${bpv} bytes`, { file });
    if ((opts.verify ?? true) && hashFile(file) !== s.sha256) throw new UserError('shard content differs from the sha256 in manifest.json (damaged or changed)', { file, hint: 'encode the corpus again: the damaged shard is rewritten' });
  }
  const rows = fileRows(
    manifest.shards.map((s) => ({ file: path.join(dir, s.file), offset: 0, rows: s.rows })),
    manifest.dim,
    manifest.dtype,
  );
  return Object.assign(rows, { manifest });
}

function readManifest(dir: string): StoreManifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as StoreManifest;
    return m.format === STORE_FORMAT && Array.isArray(m.shards) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** sha256 of the 16-byte text keys of `texts`, in order (what a manifest shard's `texts` holds). */
export function keysHash(texts: readonly string[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(textKey(t));
  return h.digest('hex');
}

/** sha256 of a file read in 4 MB pieces, or '' when it cannot be read. */
function hashFile(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const h = createHash('sha256');
    const buf = Buffer.alloc(4 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
    return h.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

function f16Bytes(values: Float32Array): Uint8Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toF16(values[i]);
  return new Uint8Array(out.buffer);
}
