import * as os from 'node:os';
import { UserError } from '../errors';

/**
 * The safetensors format, written and read by hand: an 8-byte little-endian header length N, N
 * bytes of JSON header (`{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__":
 * {...}}`, padded with spaces to a multiple of 8), then the raw little-endian tensor bytes.
 * Tensors are stored in name order, so the same tensors always give the same bytes.
 */
export interface Tensor {
  shape: number[];
  data: Float32Array | Float64Array;
}

const DTYPES = { F32: 4, F64: 8 } as const;

export function encodeSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  if (os.endianness() !== 'LE') throw new Error('safetensors writing needs a little-endian machine');
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = Object.fromEntries(Object.keys(metadata).sort().map((k) => [k, metadata[k]]));
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor ${name}: shape ${t.shape.join('×')} does not match ${t.data.length} values`);
    header[name] = { dtype: t.data instanceof Float32Array ? 'F32' : 'F64', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let o = 8 + head.length;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), o);
    o += d.byteLength;
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array, file: string): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const bad = (why: string) => new UserError(`not a valid safetensors file: ${why}`, { file });
  if (bytes.length < 8) throw bad('shorter than its 8-byte header length');
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (n > bytes.length - 8) throw bad(`header length ${n} exceeds the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, n).toString('utf8'));
  } catch {
    throw bad('the header is not JSON');
  }
  const dataStart = 8 + n;
  const tensors: Record<string, Tensor> = {};
  let metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = v as Record<string, string>;
      continue;
    }
    const t = v as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    const size = t.dtype === 'F32' || t.dtype === 'F64' ? DTYPES[t.dtype] : 0;
    if (!size) throw bad(`tensor ${name} has dtype ${t.dtype}; XLens adapters are F32 or F64`);
    const [begin, end] = t.data_offsets ?? [-1, -1];
    const count = (t.shape ?? []).reduce((a, b) => a * b, 1);
    if (!(begin >= 0 && end >= begin && dataStart + end <= bytes.length) || end - begin !== count * size) throw bad(`tensor ${name} has bad offsets or shape`);
    // Copy: the data may not be aligned for a typed-array view.
    const raw = bytes.slice(dataStart + begin, dataStart + end);
    tensors[name] = { shape: t.shape ?? [], data: size === 4 ? new Float32Array(raw.buffer) : new Float64Array(raw.buffer) };
  }
  return { tensors, metadata };
}
