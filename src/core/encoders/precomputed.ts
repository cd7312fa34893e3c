import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { throwIfAborted, UserError } from '../errors';
import type { TaskOptions } from '../progress';
import { readLines } from '../data/lines';
import { fingerprintOf } from '../util/hash';
import { matrix, type Matrix } from '../vectors';
import { emptyStats, type EncodeOptions, type Encoder, type EncoderInfo, type EncoderStats, type TextRole } from './encoder';
import { npyRows, type FileRowSource } from '../store/fileRows';
import { parseNpyHeader, type NpyHeader } from './npy';
import { isCorpusStore, openCorpusStore } from '../store/corpusStore';
import { checkVectorPair, sha256 } from './vectorPair';
import { fsError } from '../util/fsErrors';

/**
 * `precomputed:<file>`: vectors made elsewhere (e.g. in Python), looked up by exact text.
 *
 * - JSONL (any extension but .npy): one row per line, `{"text": "...", "vector": [...]}` plus an
 *   optional `"role": "query" | "passage"`; other keys are ignored, blank lines skipped. A row
 *   without role serves both roles; a row with a role wins over it for that role. Without a role
 *   in the encode call, only role-less rows serve.
 * - `.npy` (2-D float32/float64) + a texts file, one text per line, row i ↔ line i+1:
 *   `?texts=<path>` (relative to cwd), else `<stem>.txt`, else `<stem>.texts.txt` beside the .npy.
 *   Texts containing newlines need the JSONL form. The table stays on disk: opening it hashes
 *   and checks it in one streamed pass, and each lookup reads the rows it needs (`loadNpyTable`).
 *
 * - a store folder written by `xlens embed --out DIR.xlstore` (store/corpusStore.ts): verified
 *   on open, rows read from its shard files per lookup (see `loadStore`).
 *
 * Vectors are L2-normalised on load (.npy and store rows: as they are read). The same text twice for the same role is allowed when the
 * normalised vectors agree within 1e-5 per component (re-rounded copies), an error otherwise.
 * The fingerprint hashes the content of every file read (not its path) and the options.
 */
export const PRECOMPUTED_VERSION = 1;

const SAME_VECTOR_TOLERANCE = 1e-5;
const CHUNK = 8192;
const ROLES: readonly TextRole[] = ['query', 'passage'];
type Slot = TextRole | 'any';

export interface OpenPrecomputedOptions extends TaskOptions {
  /** Options from the source string (`texts=...`). */
  options?: Readonly<Record<string, string>>;
  /** Base for relative paths in options (default process.cwd()). */
  cwd?: string;
  /** The source string as the user gave it, for `info.source`. */
  source?: string;
}

/** Open a table; `file` should be absolute (relative paths resolve against process.cwd()). */
export async function openPrecomputed(file: string, opts: OpenPrecomputedOptions = {}): Promise<Encoder> {
  const options = opts.options ?? {};
  for (const key of Object.keys(options)) {
    if (key !== 'texts') throw new UserError(`unknown option "${key}" for precomputed:`, { hint: 'precomputed: accepts texts=<file> (for .npy tables)' });
  }
  const isStore = checkTableFile(file);
  const isNpy = file.toLowerCase().endsWith('.npy');
  if (!isNpy && options.texts !== undefined) throw new UserError('texts= only applies to .npy tables', { file });
  const format = isStore ? 'store' : isNpy ? 'npy' : 'jsonl';
  const table = isStore ? loadStore(file) : isNpy ? await loadNpyTable(file, options.texts, opts.cwd ?? process.cwd()) : await loadJsonl(file, opts);
  if (table.rows === 0) {
    table.close();
    throw new UserError('the vector table has no rows', { file });
  }
  const optionText = Object.keys(options)
    .sort()
    .map((k) => `${k}=${options[k]}`)
    .join('&');
  const fingerprint = fingerprintOf('precomputed', `v${PRECOMPUTED_VERSION}`, ...table.contentHashes, optionText);
  return new PrecomputedEncoder(table, file, {
    source: opts.source ?? `precomputed:${file}`,
    name: path.basename(file),
    dim: table.dim,
    fingerprint,
    settings: {
      format,
      file,
      rows: table.rows,
      roles: table.hasRoles ? 'per role' : 'symmetric',
    },
  });
}

class PrecomputedEncoder implements Encoder {
  private readonly counters: EncoderStats = emptyStats();

  constructor(
    private readonly table: Table,
    private readonly file: string,
    readonly info: EncoderInfo,
  ) {}

  async encode(texts: readonly string[], opts: EncodeOptions = {}): Promise<Matrix> {
    const { signal, onProgress, role, into } = opts;
    const { slots, dim } = this.table;
    const out = matrix(texts.length, dim, into?.length === texts.length * dim ? into : undefined);
    const missing = new Set<string>();
    // A table on disk reads a chunk's rows off this thread while it looks up the next chunk.
    let reading: Promise<unknown> | undefined;
    try {
      for (let start = 0; start < texts.length; start += CHUNK) {
        throwIfAborted(signal);
        const end = Math.min(texts.length, start + CHUNK);
        // Consecutive table rows (a corpus in the table's order) are copied as one run.
        const copies: Array<Promise<void> | void> = [];
        let runAt = 0;
        let runFrom = -1;
        let runLength = 0;
        const flush = () => runLength > 0 && copies.push(this.table.copyRows(runFrom, runLength, out.data.subarray(runAt * dim, (runAt + runLength) * dim)));
        for (let i = start; i < end; i++) {
          const r = (role && slots[role].get(texts[i])) ?? slots.any.get(texts[i]);
          if (r === undefined) missing.add(texts[i]);
          else if (runLength > 0 && r === runFrom + runLength && i === runAt + runLength) runLength++;
          else {
            flush();
            [runAt, runFrom, runLength] = [i, r, 1];
          }
        }
        flush();
        const previous = reading;
        reading = Promise.all(copies);
        // Observed now (a failed read is rethrown where `reading` is awaited), so that a read
        // failing while this thread waits for the previous chunk is not an unhandled rejection.
        reading.catch(() => undefined);
        await previous;
        onProgress?.({ phase: 'looking up precomputed vectors', done: end, total: texts.length, unit: 'texts' });
        if (end < texts.length) await new Promise<void>((r) => setImmediate(r));
      }
      await reading;
    } catch (e) {
      // Reads still in flight write into `out`: let them finish (and not reject unobserved).
      await reading?.catch(() => undefined);
      throw e;
    }
    throwIfAborted(signal);
    if (missing.size > 0) throw this.missingError(missing, role);
    this.counters.texts += texts.length;
    this.counters.encoded += texts.length;
    return out;
  }

  stats(): EncoderStats {
    return { ...this.counters };
  }

  async dispose(): Promise<void> {
    this.table.close();
  }

  private missingError(missing: Set<string>, role: TextRole | undefined): UserError {
    const first = missing.values().next().value as string;
    const n = missing.size;
    const others = ROLES.filter((r) => r !== role);
    const inOtherRole = [...missing].filter((t) => others.some((r) => this.table.slots[r].has(t))).length;
    const hint =
      inOtherRole > 0
        ? `${inOtherRole} of them have vectors only for role ${others.join('/')}; this lookup was for ${role ? `role ${role}` : 'no role'}`
        : 'the table must hold a vector for every text of the data set (exact text match)';
    return new UserError(`${n} text${n === 1 ? ' is' : 's are'} missing from the vector table, e.g. ${quote(first)}`, {
      file: this.file,
      hint,
    });
  }
}

/** Quote a text for an error message: JSON escapes, cut to ~80 characters. */
export function quote(text: string, max = 80): string {
  const chars = [...text];
  return JSON.stringify(chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text);
}

// ---------------------------------------------------------------------------------------------

interface Table {
  dim: number;
  rows: number;
  /**
   * Rows `[from, from + count)`, L2-normalised, into `into` (count · dim values); a table on disk
   * may return a promise (rows read on libuv's thread pool).
   */
  copyRows(from: number, count: number, into: Float32Array): void | Promise<void>;
  close(): void;
  slots: Record<Slot, Map<string, number>>;
  hasRoles: boolean;
  contentHashes: string[];
}

/** Normalised float32 rows, grown by doubling. */
class RowStore {
  data: Float32Array;
  rows = 0;

  constructor(
    readonly dim: number,
    capacity = 256,
  ) {
    this.data = new Float32Array(dim * Math.max(1, capacity));
  }

  push(v: Float64Array): number {
    if ((this.rows + 1) * this.dim > this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data.set(v, this.rows * this.dim);
    return this.rows++;
  }

  /** Whether row r equals v within the duplicate tolerance. */
  same(r: number, v: Float64Array): boolean {
    const o = r * this.dim;
    for (let j = 0; j < this.dim; j++) if (Math.abs(this.data[o + j] - v[j]) > SAME_VECTOR_TOLERANCE) return false;
    return true;
  }
}

/** Adds rows to slots, rejecting conflicting duplicates; `where(line)` names a row in errors. */
class TableBuilder {
  readonly slots: Record<Slot, Map<string, number>> = { any: new Map(), query: new Map(), passage: new Map() };
  private readonly firstLine = new Map<number, number>();
  store: RowStore | undefined;
  hasRoles = false;

  /** `capacity`: rows expected (a .npy table knows them), so the store never regrows. */
  constructor(private readonly capacity?: number) {}

  add(text: string, v: Float64Array, slot: Slot, line: number, err: (msg: string) => UserError): void {
    normalize(v);
    const store = (this.store ??= new RowStore(v.length, this.capacity));
    const existing = this.slots[slot].get(text);
    if (existing !== undefined) {
      if (!store.same(existing, v)) {
        const forRole = slot === 'any' ? 'without a role' : `for role ${slot}`;
        throw err(`${quote(text)} appears again ${forRole} with a different vector (first on line ${this.firstLine.get(existing)})`);
      }
      return;
    }
    const r = store.push(v);
    this.firstLine.set(r, line);
    this.slots[slot].set(text, r);
    if (slot !== 'any') this.hasRoles = true;
  }
}

async function loadJsonl(file: string, opts: TaskOptions): Promise<Table> {
  const hash = createHash('sha256');
  const builder = new TableBuilder();
  let dim = 0;
  let dimLine = 0;
  let bytes = 0;
  // The shared line reader: strict UTF-8, BOM, CRLF, NUL bytes and over-long lines named by line.
  await readLines(file, (line, ln) => {
    if (ln % 2048 === 0) opts.onProgress?.({ phase: 'reading vector table', done: bytes, unit: 'bytes' });
    if (line.trim() === '') return;
    const err = (msg: string) => new UserError(msg, { file, line: ln });
    const row = parseRow(line, err);
    if (dim === 0) {
      dim = row.vector.length;
      dimLine = ln;
    } else if (row.vector.length !== dim) {
      throw err(`vector has ${row.vector.length} values, expected ${dim} (as on line ${dimLine})`);
    }
    builder.add(row.text, row.vector, row.role ?? 'any', ln, err);
  }, {
    signal: opts.signal,
    onBytes: (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    },
  });
  throwIfAborted(opts.signal);
  return finish(builder, [hash.digest('hex')]);
}

function parseRow(line: string, err: (msg: string) => UserError): { text: string; vector: Float64Array; role?: TextRole } {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (e) {
    // Python's json.dumps writes NaN/Infinity, which JSON does not allow.
    if (/(?<![\w"])-?(NaN|Infinity)(?![\w"])/.test(line)) throw err('vector has a non-finite value (NaN or Infinity)');
    throw err(`bad JSON: ${(e as Error).message}`);
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw err('expected a JSON object {"text": ..., "vector": [...]}');
  const r = row as Record<string, unknown>;
  if (typeof r.text !== 'string') throw err(r.text === undefined ? 'missing "text"' : '"text" must be a string');
  if (!Array.isArray(r.vector)) throw err(r.vector === undefined ? 'missing "vector"' : '"vector" must be an array of numbers');
  if (r.vector.length === 0) throw err('"vector" is empty');
  const vector = new Float64Array(r.vector.length);
  for (let j = 0; j < r.vector.length; j++) {
    const x: unknown = r.vector[j];
    if (typeof x !== 'number') throw err(`"vector"[${j}] is not a number`);
    if (!Number.isFinite(x)) throw err(`vector has a non-finite value at index ${j}`);
    vector[j] = x;
  }
  if (r.role === undefined || r.role === null) return { text: r.text, vector };
  if (r.role !== 'query' && r.role !== 'passage') throw err(`"role" must be "query" or "passage", got ${JSON.stringify(r.role)}`);
  return { text: r.text, vector, role: r.role };
}

/** Rows of a .npy table read (and hashed) per block: the whole file is never one buffer. */
const NPY_BLOCK_ROWS = 4096;

/**
 * A `.npy` table stays on disk: opening it is one streamed pass that hashes the file and checks
 * every value, and each encode call reads the rows it needs straight into its output (a run of
 * consecutive rows at a time; long float32 runs on the thread pool, see `copyRows`) and
 * normalises them there. Holding the table in JS as well would double the memory of a large pool
 * and cost as much again in page faults.
 */
async function loadNpyTable(file: string, textsOption: string | undefined, cwd: string): Promise<Table> {
  const textsFile = textsOption !== undefined ? path.resolve(cwd, textsOption) : findTextsFile(file);
  if (!fs.existsSync(textsFile)) throw new UserError('texts file not found', { file: textsFile, hint: `it names the rows of ${file}` });
  const textBytes = await readBytes(textsFile);
  const nul = textBytes.indexOf(0);
  if (nul >= 0) throw new UserError('NUL byte in a text (a binary or UTF-16 file?)', { file: textsFile, line: lineOfOffset(textBytes, nul) });
  // The pair manifest is checked first (a stopped `embed --out` must be refused as a pair, before
  // any row count is compared): the one streamed pass hashes the file and notes the first
  // non-finite value, whose error comes after the pair and shape checks, as it always did.
  const scan = await scanNpy(file);
  const hashes = [scan.sha256, sha256(textBytes)];
  checkVectorPair(file, hashes[0], textsFile, hashes[1]);
  const npy = npyRows(file);
  try {
    const { rows, dim } = npy;
    if (dim === 0) throw new UserError(`expected a 2-D array (texts × dim), got shape (${rows}, 0)`, { file });
    const texts = textBytes.toString('utf8').split('\n');
    if (texts[texts.length - 1] === '') texts.pop(); // final newline ends the last line
    if (texts.length > 0 && texts[0].charCodeAt(0) === 0xfeff) texts[0] = texts[0].slice(1);
    if (texts.length !== rows) {
      throw new UserError(`${path.basename(file)} has ${rows} rows but ${path.basename(textsFile)} has ${texts.length} lines`, {
        file: textsFile,
        hint: 'row i of the .npy is the text on line i+1; texts with newlines need the JSONL form',
      });
    }
    // Float32 tables are also read asynchronously (see copyRows), through a descriptor of their own.
    let asyncFd: number | undefined;
    const dataStart = scan.header?.dataStart ?? 0;
    // Reads in flight: the descriptor is closed only once they are done (its number could be reused).
    const inFlight = new Set<Promise<void>>();
    const readAsync = (row: number, into: Float32Array) => {
      if (asyncFd === undefined) return Promise.reject(new Error('precomputed: read after close'));
      const p = readFullyAsync(asyncFd, new Uint8Array(into.buffer, into.byteOffset, into.byteLength), dataStart + row * dim * 4, file);
      inFlight.add(p);
      const settle = () => void inFlight.delete(p);
      p.then(settle, settle);
      return p;
    };
    const readRow = (i: number, into: Float32Array) => {
      const got = npy.read(i, 1, into);
      normalize(got);
      return got;
    };
    const slot = new Map<string, number>();
    const seen = new Float32Array(dim);
    const again = new Float64Array(dim);
    // Row by row, so the first problem in row order is the one named.
    for (let i = 0; i < rows; i++) {
      if (scan.nonFinite?.row === i) {
        throw new UserError(`row ${i} (text on line ${i + 1} of ${path.basename(textsFile)}) has a non-finite value at column ${scan.nonFinite.column}`, { file });
      }
      const text = texts[i].endsWith('\r') ? texts[i].slice(0, -1) : texts[i];
      const first = slot.get(text);
      if (first === undefined) slot.set(text, i);
      else if (!sameVector(readRow(first, seen), rawRow(npy, i, again))) {
        throw new UserError(`${quote(text)} appears again without a role with a different vector (first on line ${first + 1})`, { file: textsFile, line: i + 1 });
      }
    }
    if (scan.header?.dtype === '<f4') asyncFd = openFile(file);
    const table: Table = {
      dim,
      // Distinct texts, as a table held in memory counts them (a repeated text keeps its first row).
      rows: slot.size,
      copyRows(from, count, into) {
        if (asyncFd === undefined || count < ASYNC_MIN_ROWS) {
          for (let done = 0; done < count; done += NPY_BLOCK_ROWS) {
            const take = Math.min(NPY_BLOCK_ROWS, count - done);
            normalizeRows32(npy.read(from + done, take, into.subarray(done * dim, (done + take) * dim)), dim);
          }
          return;
        }
        // Float32 rows straight into `into`, a block per read, the blocks in parallel; each is
        // normalised on this thread as soon as it is in.
        const reads: Array<Promise<void>> = [];
        for (let done = 0; done < count; done += NPY_BLOCK_ROWS) {
          const take = Math.min(NPY_BLOCK_ROWS, count - done);
          const rows = into.subarray(done * dim, (done + take) * dim);
          reads.push(readAsync(from + done, rows).then(() => normalizeRows32(rows, dim)));
        }
        return Promise.all(reads).then(() => undefined);
      },
      close: () => {
        npy.close();
        const fd = asyncFd;
        asyncFd = undefined;
        if (fd !== undefined) void Promise.allSettled([...inFlight]).then(() => fs.close(fd, () => undefined));
      },
      slots: { any: slot, query: new Map(), passage: new Map() },
      hasRoles: false,
      contentHashes: hashes,
    };
    return table;
  } catch (e) {
    npy.close();
    throw e;
  }
}

/** Runs of at least this many rows are read off the main thread (shorter ones: one `readSync` each). */
const ASYNC_MIN_ROWS = 256;

function openFile(file: string): number {
  try {
    return fs.openSync(file, 'r');
  } catch (e) {
    throw fsError(e, file);
  }
}

/** `into.length` bytes from `position`, on libuv's thread pool. */
function readFullyAsync(fd: number, into: Uint8Array, position: number, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const next = () =>
      fs.read(fd, into, got, into.length - got, position + got, (err, n) => {
        if (err) return reject(fsError(err, file));
        if (n === 0) return reject(new UserError(`the file ended early (wanted ${into.length} bytes at byte ${position})`, { file, hint: 'it was truncated or changed while XLens read it' }));
        got += n;
        if (got < into.length) next();
        else resolve();
      });
    next();
  });
}

/** Each row of `data` L2-normalised in place, exactly as `normalize` does it (float64 sums). */
function normalizeRows32(data: Float32Array, dim: number): void {
  for (let o = 0; o < data.length; o += dim) {
    let s = 0;
    for (let j = o; j < o + dim; j++) s += data[j] * data[j];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let j = o; j < o + dim; j++) data[j] *= inv;
    }
  }
}

/** Row i of a table as float64, normalised in float64 (as a duplicate was compared when tables were held in memory). */
function rawRow(npy: FileRowSource, i: number, out: Float64Array): Float64Array {
  out.set(npy.read(i, 1, new Float32Array(out.length)));
  normalize(out);
  return out;
}

/** Whether two normalised rows agree within the duplicate tolerance. */
function sameVector(a: Float32Array, b: Float64Array): boolean {
  for (let j = 0; j < a.length; j++) if (Math.abs(a[j] - b[j]) > SAME_VECTOR_TOLERANCE) return false;
  return true;
}

/** Bytes per read of the streamed pass (whole rows when the header parses). */
const SCAN_BYTES = 4 << 20;

/**
 * One streamed pass over a `.npy` file: the sha256 of its bytes and, when its header describes a
 * 2-D float table the file holds in full, the first value that is not finite as float32 (float64
 * values are narrowed first, as the table's reads do). The next block is read while this one is
 * hashed and checked. Header and size errors are left to `npyRows`, after the pair check.
 */
async function scanNpy(file: string): Promise<{ sha256: string; header?: NpyHeader; nonFinite?: { row: number; column: number } }> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, 'r');
  } catch (e) {
    throw fsError(e, file);
  }
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(size, 1 << 16));
    await readAt(fh, file, new Uint8Array(head.buffer, head.byteOffset, head.length), 0);
    let header: NpyHeader | undefined;
    try {
      header = parseNpyHeader(head, file);
    } catch {
      header = undefined;
    }
    const itemSize = header?.dtype === '<f8' ? 8 : 4;
    const dim = header?.shape.length === 2 ? header.shape[1] : 0;
    const rows = header?.shape.length === 2 ? header.shape[0] : 0;
    const checked = header !== undefined && dim > 0 && header.dataStart + rows * dim * itemSize <= size;
    const hash = createHash('sha256');
    let nonFinite: { row: number; column: number } | undefined;
    // Pieces of the file in order: the header, whole rows a block at a time, then any tail.
    const rowBytes = dim * itemSize;
    const rowsPerBlock = checked ? Math.max(1, Math.floor(SCAN_BYTES / rowBytes)) : 0;
    const pieces: Array<{ at: number; length: number; firstRow?: number }> = [];
    if (checked) {
      pieces.push({ at: 0, length: header!.dataStart });
      for (let r = 0; r < rows; r += rowsPerBlock) pieces.push({ at: header!.dataStart + r * rowBytes, length: Math.min(rowsPerBlock, rows - r) * rowBytes, firstRow: r });
    }
    const done = checked ? header!.dataStart + rows * rowBytes : 0;
    for (let at = done; at < size; at += SCAN_BYTES) pieces.push({ at, length: Math.min(SCAN_BYTES, size - at) });
    const capacity = Math.max(SCAN_BYTES, rowsPerBlock * rowBytes);
    const buffers = [new ArrayBuffer(capacity), new ArrayBuffer(capacity)];
    const read = (i: number) => readAt(fh, file, new Uint8Array(buffers[i % 2], 0, pieces[i].length), pieces[i].at);
    let next = pieces.length > 0 ? read(0) : undefined;
    try {
      for (let i = 0; i < pieces.length; i++) {
        await next;
        next = i + 1 < pieces.length ? read(i + 1) : undefined;
        const p = pieces[i];
        hash.update(new Uint8Array(buffers[i % 2], 0, p.length));
        if (p.firstRow !== undefined && !nonFinite) {
          const values = itemSize === 8 ? new Float64Array(buffers[i % 2], 0, p.length / 8) : new Float32Array(buffers[i % 2], 0, p.length / 4);
          const bad = firstNonFinite(values, itemSize === 8);
          if (bad >= 0) nonFinite = { row: p.firstRow + Math.floor(bad / dim), column: bad % dim };
        }
      }
    } catch (e) {
      // The read in flight must end before the file is closed.
      await next?.catch(() => undefined);
      throw e;
    }
    return { sha256: hash.digest('hex'), header: checked ? header : undefined, nonFinite };
  } finally {
    await fh.close();
  }
}

/** Index of the first value that is not finite as float32 (`narrow`: float64 values rounded first), or -1. */
function firstNonFinite(values: Float32Array | Float64Array, narrow: boolean): number {
  if (narrow) {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(Math.fround(values[i]))) return i;
  } else {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  }
  return -1;
}

async function readAt(fh: fs.promises.FileHandle, file: string, into: Uint8Array, position: number): Promise<void> {
  let got = 0;
  while (got < into.length) {
    let n: number;
    try {
      ({ bytesRead: n } = await fh.read(into, got, into.length - got, position + got));
    } catch (e) {
      throw fsError(e, file);
    }
    if (n === 0) throw new UserError(`the file ended early (wanted ${into.length} bytes at byte ${position})`, { file, hint: 'it was truncated or changed while XLens read it' });
    got += n;
  }
}

/**
 * A vector table must be a readable file or an XLens store folder (true); a missing path or
 * another folder says which.
 */
function checkTableFile(file: string): boolean {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError('vector table not found', { file });
    throw fsError(e, file);
  }
  if (st.isDirectory()) {
    if (isCorpusStore(file) || file.toLowerCase().replace(/[\\/]+$/, '').endsWith('.xlstore')) return true;
    throw new UserError('is a folder, not a vector table', {
      file,
      hint: 'precomputed: takes a file (vectors.jsonl, or vectors.npy with vectors.txt beside it) or a store folder written by xlens embed --out <name>.xlstore',
    });
  }
  return false;
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file);
  } catch (e) {
    throw fsError(e, file);
  }
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/** `<stem>.txt`, else `<stem>.texts.txt`; the first that exists, or the first for the error. */
function findTextsFile(npyFile: string): string {
  const stem = npyFile.slice(0, -'.npy'.length);
  const candidates = [`${stem}.txt`, `${stem}.texts.txt`];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new UserError(`no texts file for ${path.basename(npyFile)}: looked for ${candidates.map((c) => path.basename(c)).join(' and ')}`, {
      file: npyFile,
      hint: 'put one text per line beside the .npy, or name it with precomputed:vecs.npy?texts=<file>',
    });
  }
  return found;
}

function finish(builder: TableBuilder, contentHashes: string[]): Table {
  const store = builder.store ?? new RowStore(1);
  return {
    dim: store.dim,
    rows: store.rows,
    copyRows: (from, count, into) => into.set(store.data.subarray(from * store.dim, (from + count) * store.dim)),
    close: () => undefined,
    slots: builder.slots,
    hasRoles: builder.hasRoles,
    contentHashes,
  };
}

/** Rows read from a store per call (at most this many at once: bounds the float16 staging buffer). */
const STORE_READ_ROWS = 4096;

/**
 * A corpus store (`xlens embed --out DIR.xlstore`), verified on open (store/corpusStore.ts). The
 * vectors stay in the shard files: each encode call reads the rows it needs with `fs.readSync`
 * straight into its output matrix (float16 through one reused staging buffer, widened), and
 * normalises them there. What is still held in JS: every text of the store (the text → row maps
 * the lookup by exact text needs) and the output matrix itself, which the Encoder interface
 * returns as one float32 array for the texts asked for (a data set, not the whole table).
 */
function loadStore(dir: string): Table {
  const store = openCorpusStore(dir);
  const slots: Record<Slot, Map<string, number>> = { any: new Map(), query: new Map(), passage: new Map() };
  const starts: number[] = [];
  let rows = 0;
  for (const p of store.parts) {
    starts.push(rows);
    const slot = slots[p.role ?? 'any'];
    // Texts are distinct per role when xlens embed wrote them; a repeated text keeps its first row.
    p.texts.forEach((t, i) => slot.has(t) || slot.set(t, rows + i));
    rows += p.texts.length;
  }
  const dim = store.index.dim;
  return {
    dim,
    rows,
    copyRows(from, count, into) {
      for (let done = 0; done < count; ) {
        let p = starts.length - 1;
        while (starts[p] > from + done) p--;
        const local = from + done - starts[p];
        const take = Math.min(count - done, store.parts[p].texts.length - local, STORE_READ_ROWS);
        const got = store.parts[p].rows.read(local, take, into.subarray(done * dim, (done + take) * dim));
        if (got.byteOffset !== into.byteOffset + done * dim * 4) into.set(got, done * dim); // a source that hands out views
        done += take;
      }
      for (let r = 0; r < count; r++) normalize(into.subarray(r * dim, (r + 1) * dim));
    },
    close: () => store.close(),
    slots,
    hasRoles: store.parts.some((p) => p.role !== undefined),
    contentHashes: ['store', ...store.contentHashes],
  };
}

/** In place; float64 sums, so a float32 row comes out as the .npy and JSONL loaders make it. */
function normalize(v: Float64Array | Float32Array): void {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < v.length; j++) v[j] *= inv;
  }
}

