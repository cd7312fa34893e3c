import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../util/atomicWrite';

/**
 * Segment files of the embedding cache. One segment holds the vectors of one finished batch:
 *
 *   "XLEMB001" | u32 dim | u32 count | count × 16-byte keys | count × dim float32
 *
 * (little-endian). A key is the first 16 bytes of sha256 of the text the model saw. Segments are
 * written to a temp name and renamed, so a reader sees a whole segment or none; a file whose size
 * does not match its header is ignored.
 */
export const SEGMENT_MAGIC = 'XLEMB001';
export const SEGMENT_EXT = '.seg';
const HEADER = 16;
export const KEY_BYTES = 16;

if (os.endianness() !== 'LE') throw new Error('the embedding cache assumes a little-endian machine');

export function textKey(text: string): Buffer {
  return createHash('sha256').update(text).digest().subarray(0, KEY_BYTES);
}

export interface SegmentIndex {
  file: string;
  dim: number;
  keys: string[];
}

/** Write `keys` (hex) and their rows of `vectors` as a new segment in `dir`. */
export async function writeSegment(dir: string, keys: readonly Buffer[], vectors: Float32Array, dim: number): Promise<string> {
  const n = keys.length;
  if (vectors.length !== n * dim) throw new Error(`writeSegment: ${vectors.length} values for ${n} × ${dim}`);
  const buf = Buffer.alloc(HEADER + n * KEY_BYTES + n * dim * 4);
  buf.write(SEGMENT_MAGIC, 0, 'latin1');
  buf.writeUInt32LE(dim, 8);
  buf.writeUInt32LE(n, 12);
  keys.forEach((k, i) => k.copy(buf, HEADER + i * KEY_BYTES));
  Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength).copy(buf, HEADER + n * KEY_BYTES);
  const name = `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 10)}${SEGMENT_EXT}`;
  const file = path.join(dir, name);
  await writeFileAtomic(file, buf);
  return file;
}

/** Header and keys of a segment, or undefined when the file is not a whole segment. */
export function readSegmentIndex(file: string): SegmentIndex | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined; // removed by a concurrent compaction
  }
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(HEADER);
    if (size < HEADER || fs.readSync(fd, head, 0, HEADER, 0) !== HEADER) return undefined;
    if (head.toString('latin1', 0, 8) !== SEGMENT_MAGIC) return undefined;
    const dim = head.readUInt32LE(8);
    const n = head.readUInt32LE(12);
    if (dim === 0 || size !== HEADER + n * KEY_BYTES + n * dim * 4) return undefined;
    const keyBuf = Buffer.alloc(n * KEY_BYTES);
    if (fs.readSync(fd, keyBuf, 0, keyBuf.length, HEADER) !== keyBuf.length) return undefined;
    const keys: string[] = new Array(n);
    for (let i = 0; i < n; i++) keys[i] = keyBuf.toString('hex', i * KEY_BYTES, (i + 1) * KEY_BYTES);
    return { file, dim, keys };
  } finally {
    fs.closeSync(fd);
  }
}

/** Copy rows `rows` of a segment (count `n`, `dim`) into `out` at `outRows`. */
export function readSegmentRows(file: string, n: number, dim: number, rows: readonly number[], out: Float32Array, outRows: readonly number[]): void {
  const fd = fs.openSync(file, 'r');
  try {
    const base = HEADER + n * KEY_BYTES;
    const bytes = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    for (let i = 0; i < rows.length; i++) {
      const want = dim * 4;
      const got = fs.readSync(fd, bytes, outRows[i] * want, want, base + rows[i] * want);
      if (got !== want) throw new Error(`embedding cache segment ${file} is shorter than its header says`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function listSegments(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith(SEGMENT_EXT)).sort().map((n) => path.join(dir, n));
}
