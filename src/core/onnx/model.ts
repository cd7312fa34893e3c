import { ProtoWriter } from './protobuf';

/**
 * Build ONNX models in memory (field numbers from onnx.proto). Used where XLens needs a graph it
 * cannot download: the exact-retrieval kernel, generated test encoders and adapter exports.
 */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
} as const;
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

export type AttrValue =
  | { kind: 'int'; value: number | bigint }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: Array<number | bigint> }
  | { kind: 'floats'; value: number[] }
  | { kind: 'tensor'; value: TensorInit };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, AttrValue | number | number[] | string>;
}

export interface TensorInit {
  name: string;
  type: DataTypeId;
  dims: number[];
  /** Little-endian raw bytes of the values. */
  raw: Uint8Array;
}

/** A dimension is a fixed size or a symbolic name (`batch`, `seq`). */
export type Dim = number | string;

export interface ValueSpec {
  name: string;
  type: DataTypeId;
  shape: Dim[];
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  initializers?: TensorInit[];
}

export interface ModelSpec {
  graph: GraphSpec;
  /** Default-domain opset; 17 is supported by every onnxruntime-node we ship. */
  opset?: number;
  extraOpsets?: Array<{ domain: string; version: number }>;
  producer?: string;
}

export function floatTensor(name: string, dims: number[], values: Float32Array | number[]): TensorInit {
  const f = values instanceof Float32Array ? values : Float32Array.from(values);
  return { name, type: DataType.FLOAT, dims, raw: new Uint8Array(f.buffer, f.byteOffset, f.byteLength).slice() };
}

export function int64Tensor(name: string, dims: number[], values: Array<number | bigint>): TensorInit {
  const b = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, type: DataType.INT64, dims, raw: new Uint8Array(b.buffer) };
}

function encodeTensor(t: TensorInit): ProtoWriter {
  const w = new ProtoWriter();
  w.packedInts(1, t.dims);
  w.int(2, t.type);
  w.string(8, t.name);
  w.bytes(9, t.raw);
  return w;
}

function encodeAttr(name: string, a: AttrValue | number | number[] | string): ProtoWriter {
  const v: AttrValue =
    typeof a === 'number'
      ? Number.isInteger(a)
        ? { kind: 'int', value: a }
        : { kind: 'float', value: a }
      : typeof a === 'string'
        ? { kind: 'string', value: a }
        : Array.isArray(a)
          ? { kind: 'ints', value: a }
          : a;
  const w = new ProtoWriter().string(1, name);
  switch (v.kind) {
    case 'int':
      return w.int(3, v.value).int(20, 2);
    case 'float':
      return w.float(2, v.value).int(20, 1);
    case 'string':
      return w.string(4, v.value).int(20, 3);
    case 'tensor':
      return w.message(5, encodeTensor(v.value)).int(20, 4);
    case 'floats':
      return w.packedFloats(7, v.value).int(20, 6);
    case 'ints':
      return w.packedInts(8, v.value).int(20, 7);
  }
}

function encodeNode(n: NodeSpec, index: number): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name ?? `${n.op}_${index}`);
  w.string(4, n.op);
  for (const [k, a] of Object.entries(n.attrs ?? {})) w.message(5, encodeAttr(k, a));
  if (n.domain) w.string(7, n.domain);
  return w;
}

function encodeValueInfo(v: ValueSpec): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, v.type).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, v.name).message(2, type);
}

/** Float32 tensor viewing the array's bytes without copying (do not modify the array afterwards). */
export function floatTensorView(name: string, dims: number[], values: Float32Array): TensorInit {
  return { name, type: DataType.FLOAT, dims, raw: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

export function int8Tensor(name: string, dims: number[], values: Int8Array): TensorInit {
  return { name, type: DataType.INT8, dims, raw: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

export function uint8Tensor(name: string, dims: number[], values: Uint8Array): TensorInit {
  return { name, type: DataType.UINT8, dims, raw: values };
}

export function encodeModel(spec: ModelSpec): Uint8Array {
  return modelWriter(spec).finish();
}

/**
 * The encoded model as a list of byte chunks that reference the initializers' raw bytes:
 * write them one after the other to get the .onnx file without a model-sized copy in memory.
 */
export function encodeModelChunks(spec: ModelSpec): Uint8Array[] {
  return modelWriter(spec).finishChunks();
}

function modelWriter(spec: ModelSpec): ProtoWriter {
  const g = new ProtoWriter();
  spec.graph.nodes.forEach((n, i) => g.message(1, encodeNode(n, i)));
  g.string(2, spec.graph.name);
  for (const t of spec.graph.initializers ?? []) g.embed(5, encodeTensor(t));
  for (const v of spec.graph.inputs) g.message(11, encodeValueInfo(v));
  for (const v of spec.graph.outputs) g.message(12, encodeValueInfo(v));

  const m = new ProtoWriter();
  m.int(1, 8); // IR version 8 (onnx 1.10+), understood by all current onnxruntime releases
  m.string(2, spec.producer ?? 'xlens');
  m.embed(7, g);
  m.message(8, new ProtoWriter().string(1, '').int(2, spec.opset ?? 17));
  for (const o of spec.extraOpsets ?? []) m.message(8, new ProtoWriter().string(1, o.domain).int(2, o.version));
  return m;
}
