import * as fs from 'node:fs';
import * as os from 'node:os';
import { UserError } from '../errors';
import { writeFileAtomic } from '../util/atomicWrite';
import { fsError } from '../util/fsErrors';

/**
 * NumPy `.npy` files: little-endian float32 (`<f4`) or float64 (`<f8`), C order. Reads format
 * versions 1.0, 2.0 and 3.0 (3.0 only differs by a UTF-8 header); writes 1.0, or 2.0 when the
 * header does not fit in 65,535 bytes. Spec: numpy.lib.format.
 */
export type NpyDtype = '<f4' | '<f8';

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Float32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const HOST_LE = os.endianness() === 'LE';

export async function readNpy(file: string): Promise<NpyArray> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    throw fsError(e, file);
  }
  return parseNpy(bytes, file);
}

/** Decode a whole .npy file; `file` only names it in errors. */
export function parseNpy(bytes: Uint8Array, file = '<npy>'): NpyArray {
  const { dtype, shape, dataStart } = parseNpyHeader(bytes, file);
  const itemSize = dtype === '<f4' ? 4 : 8;
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * itemSize;
  if (bytes.length - dataStart < expected) {
    throw new UserError(`truncated .npy data: shape (${shape.join(', ')}) needs ${expected} bytes, the file has ${bytes.length - dataStart}`, { file });
  }
  return { dtype, shape, data: decode(bytes, dataStart, count, dtype) };
}

export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  /** Byte offset of the first value. */
  dataStart: number;
}

/** The header of a .npy file from its first bytes (the whole header must be in `bytes`). */
export function parseNpyHeader(bytes: Uint8Array, file = '<npy>'): NpyHeader {
  const fail = (msg: string, hint?: string) => new UserError(msg, { file, hint });
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw fail('not a .npy file (bad magic bytes)', 'save it with numpy.save');
  const major = bytes[6];
  if (major < 1 || major > 3) throw fail(`unsupported .npy format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + headerLen > bytes.length) throw fail('truncated .npy header');
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + start, headerLen).toString(major === 3 ? 'utf8' : 'latin1');

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw fail(`unreadable .npy header: ${header.trim()}`);
  let dtype: NpyDtype;
  if (descr === '<f4' || (descr === '=f4' && HOST_LE)) dtype = '<f4';
  else if (descr === '<f8' || (descr === '=f8' && HOST_LE)) dtype = '<f8';
  else {
    throw fail(`unsupported dtype '${descr}': only little-endian float32 (<f4) and float64 (<f8) are read`, 'convert with arr.astype("<f4")');
  }
  if (fortran === 'True') throw fail('Fortran-order arrays are not supported', 'save np.ascontiguousarray(arr) instead');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) throw fail(`bad shape (${shapeText}) in .npy header`);
  return { dtype, shape, dataStart: start + headerLen };
}

/** Copy the payload into an aligned typed array (the header leaves it at any offset). */
function decode(bytes: Uint8Array, at: number, count: number, dtype: NpyDtype): Float32Array | Float64Array {
  const itemSize = dtype === '<f4' ? 4 : 8;
  const out = dtype === '<f4' ? new Float32Array(count) : new Float64Array(count);
  if (HOST_LE) {
    new Uint8Array(out.buffer).set(bytes.subarray(at, at + count * itemSize));
  } else {
    const v = new DataView(bytes.buffer, bytes.byteOffset + at, count * itemSize);
    for (let i = 0; i < count; i++) out[i] = itemSize === 4 ? v.getFloat32(i * 4, true) : v.getFloat64(i * 8, true);
  }
  return out;
}

/** Encode an array as a .npy file (dtype follows the typed array: Float32Array → <f4). */
export function encodeNpy(data: Float32Array | Float64Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0) || count !== data.length) {
    throw new Error(`encodeNpy: shape (${shape.join(', ')}) does not match ${data.length} values`);
  }
  const dtype: NpyDtype = data instanceof Float32Array ? '<f4' : '<f8';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // The preamble + header (ending in '\n') is padded with spaces to a multiple of 64 bytes.
  let major = 1;
  let total = pad64(10 + dict.length + 1);
  if (total - 10 > 0xffff) {
    major = 2;
    total = pad64(12 + dict.length + 1);
  }
  const start = major === 1 ? 10 : 12;
  const headerLen = total - start;
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  const header = dict.padEnd(headerLen - 1, ' ') + '\n';
  out.set(Buffer.from(header, 'latin1'), start);
  if (HOST_LE) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  } else {
    for (let i = 0; i < data.length; i++) {
      if (dtype === '<f4') view.setFloat32(total + i * 4, data[i], true);
      else view.setFloat64(total + i * 8, data[i], true);
    }
  }
  return out;
}

/** Write atomically (`util/atomicWrite.ts`): a temporary name beside the target, then rename. */
export async function writeNpy(file: string, data: Float32Array | Float64Array, shape: readonly number[]): Promise<void> {
  await writeFileAtomic(file, encodeNpy(data, shape));
}

function pad64(n: number): number {
  return Math.ceil(n / 64) * 64;
}
