import * as fs from 'node:fs';
import * as os from 'node:os';
import { UserError } from '../errors';
import { parseNpyHeader } from '../encoders/npy';
import { fsError } from '../util/fsErrors';
import { widenF16, type RowSource } from './rowSource';

/**
 * Row sources read from files a tile at a time: `fs.readSync` into the caller's scratch tile (or a
 * reused buffer that is widened into it), so a search streams a table of any size without holding
 * it in JS arrays. Node has no mmap: a read copies from the page cache, which costs far less than
 * the kernel that scores the tile (a few ms per 6 MB tile).
 */
export interface FileRowSource extends RowSource {
  /** Closes the files (reads afterwards throw). */
  close(): void;
}

if (os.endianness() !== 'LE') throw new Error('the vector store assumes a little-endian machine');

/** One file of consecutive rows: `rows` rows of `dim` values of `dtype` from byte `offset`. */
export interface RowFile {
  file: string;
  offset: number;
  rows: number;
}

export type ValueType = 'f32' | 'f16' | 'f64';
const BYTES: Record<ValueType, number> = { f32: 4, f16: 2, f64: 8 };

/** The rows of several files end to end (shards of a store, or one .npy). */
export function fileRows(files: readonly RowFile[], dim: number, dtype: ValueType): FileRowSource {
  const fds = files.map((f) => {
    try {
      return fs.openSync(f.file, 'r');
    } catch (e) {
      throw fsError(e, f.file);
    }
  });
  const starts: number[] = [];
  let rows = 0;
  for (const f of files) {
    starts.push(rows);
    rows += f.rows;
  }
  const bpv = BYTES[dtype];
  const rowBytes = dim * bpv;
  // Half- and double-precision rows land here first, then are widened or narrowed into the tile.
  let staging = new ArrayBuffer(0);
  let closed = false;
  /** Reads rows [start, start + count) as stored into `target`. */
  const fill = (start: number, count: number, target: Uint8Array): void => {
    if (closed) throw new Error('fileRows: read after close');
    if (start < 0 || count < 0 || start + count > rows) throw new RangeError(`fileRows: rows [${start}, ${start + count}) outside 0..${rows}`);
    // Files overlapping [start, start + count): binary search for the first.
    let f = upperBound(starts, start) - 1;
    let done = 0;
    while (done < count) {
      const within = start + done - starts[f];
      const take = Math.min(count - done, files[f].rows - within);
      readFully(fds[f], target, done * rowBytes, take * rowBytes, files[f].offset + within * rowBytes, files[f].file);
      done += take;
      f++;
    }
  };
  return {
    rows,
    dim,
    bytesPerValue: bpv,
    read(start, count, scratch) {
      const out = scratch.subarray(0, count * dim);
      let target: Uint8Array;
      if (dtype === 'f32') target = new Uint8Array(out.buffer, out.byteOffset, count * rowBytes);
      else {
        if (staging.byteLength < count * rowBytes) staging = new ArrayBuffer(count * rowBytes);
        target = new Uint8Array(staging, 0, count * rowBytes);
      }
      fill(start, count, target);
      if (dtype === 'f16') widenF16(new Uint16Array(staging, 0, count * dim), 0, out);
      else if (dtype === 'f64') {
        const src = new Float64Array(staging, 0, count * dim);
        for (let i = 0; i < out.length; i++) out[i] = src[i];
      }
      return out;
    },
    ...(dtype === 'f16'
      ? {
          readF16(start: number, count: number, scratch: Uint16Array): Uint16Array {
            const out = scratch.subarray(0, count * dim);
            fill(start, count, new Uint8Array(out.buffer, out.byteOffset, count * rowBytes));
            return out;
          },
        }
      : {}),
    close() {
      if (closed) return;
      closed = true;
      for (const fd of fds) fs.closeSync(fd);
    },
  };
}

/**
 * A 2-D float32 or float64 `.npy` table read a tile at a time (float64 is narrowed to float32, as
 * `precomputed:` does when it loads a whole table).
 */
export function npyRows(file: string): FileRowSource {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw fsError(e, file);
  }
  let head: Buffer;
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
    head = Buffer.alloc(Math.min(size, 1 << 16));
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const { dtype, shape, dataStart } = parseNpyHeader(head, file);
  if (shape.length !== 2) throw new UserError(`expected a 2-D array (texts × dim), got shape (${shape.join(', ')})`, { file });
  const [rows, dim] = shape;
  const t: ValueType = dtype === '<f4' ? 'f32' : 'f64';
  const end = dataStart + rows * dim * BYTES[t];
  if (size < end) {
    throw new UserError(`truncated .npy data: shape (${rows}, ${dim}) needs ${rows * dim * BYTES[t]} bytes, the file has ${size - dataStart}`, { file });
  }
  return fileRows([{ file, offset: dataStart, rows }], dim, t);
}

function readFully(fd: number, into: Uint8Array, at: number, length: number, position: number, file: string): void {
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, into, at + got, length - got, position + got);
    if (n === 0) throw new UserError(`the file ended early (wanted ${length} bytes at byte ${position})`, { file, hint: 'it was truncated or changed while XLens read it' });
    got += n;
  }
}

/** Index of the first element of sorted `xs` greater than `x`. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
