import { DataType, floatTensorView, int8Tensor, uint8Tensor, type GraphSpec, type NodeSpec, type TensorInit } from './model';

/**
 * Dynamic int8 quantisation of a float graph, in the style of onnxruntime's `quantize_dynamic`
 * (the recipe behind transformers.js `model_quantized.onnx`):
 * - `MatMul(x, W)` with a 2-D initializer W becomes
 *   `DynamicQuantizeLinear(x) → MatMulInteger(x_q, W_q, x_zp, W_zp) → Cast → Mul(x_scale·W_scale)`;
 *   the quantised activation is shared by MatMuls that read the same tensor (Q/K/V).
 * - `Gather(E, ids)` on a 2-D initializer (embedding tables) becomes `Gather(E_q) → DequantizeLinear`.
 * Other nodes and float initializers are kept.
 */
export interface QuantizeOptions {
  /** int8: symmetric, zero point 0 (ORT's QInt8 default); uint8: asymmetric. Default int8. */
  weightType?: 'int8' | 'uint8';
  /** One scale/zero point per output column of each MatMul weight. Default false. */
  perChannel?: boolean;
  /** 7-bit weights, as ORT's `reduce_range` (helps CPUs without VNNI). Default false. */
  reduceRange?: boolean;
  /** Also quantise embedding tables read by Gather. Default true. */
  quantizeGather?: boolean;
}

interface QuantizedWeight {
  values: Int8Array | Uint8Array;
  scale: Float32Array;
  zeroPoint: Int8Array | Uint8Array;
}

/** Quantise `w` ([rows, cols] row-major) per tensor, or per column when `perChannel`. */
export function quantizeWeight(
  w: Float32Array,
  cols: number,
  opts: Pick<QuantizeOptions, 'weightType' | 'perChannel' | 'reduceRange'> = {},
): QuantizedWeight {
  const signed = (opts.weightType ?? 'int8') === 'int8';
  const groups = opts.perChannel ? cols : 1;
  const min = new Float64Array(groups);
  const max = new Float64Array(groups);
  for (let i = 0; i < w.length; i++) {
    const c = groups === 1 ? 0 : i % cols;
    if (w[i] < min[c]) min[c] = w[i]; // min/max start at 0: the range always includes 0
    if (w[i] > max[c]) max[c] = w[i];
  }
  const scale = new Float32Array(groups);
  const zeroPoint = signed ? new Int8Array(groups) : new Uint8Array(groups);
  const qmin = signed ? (opts.reduceRange ? -64 : -127) : 0;
  const qmax = signed ? (opts.reduceRange ? 64 : 127) : opts.reduceRange ? 127 : 255;
  for (let c = 0; c < groups; c++) {
    if (signed) {
      const absMax = Math.max(-min[c], max[c]);
      scale[c] = absMax > 0 ? (2 * absMax) / (qmax - qmin) : 1;
    } else {
      scale[c] = max[c] > min[c] ? (max[c] - min[c]) / (qmax - qmin) : 1;
      zeroPoint[c] = Math.min(qmax, Math.max(qmin, Math.round(qmin - min[c] / scale[c])));
    }
  }
  const values = signed ? new Int8Array(w.length) : new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const c = groups === 1 ? 0 : i % cols;
    const q = Math.round(w[i] / scale[c]) + zeroPoint[c];
    values[i] = q < qmin ? qmin : q > qmax ? qmax : q;
  }
  return { values, scale, zeroPoint };
}

function floatView(t: TensorInit): Float32Array {
  // Copy only when the raw bytes are misaligned for a Float32Array view.
  const raw = t.raw.byteOffset % 4 === 0 ? t.raw : t.raw.slice();
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}

export function quantizeDynamic(graph: GraphSpec, opts: QuantizeOptions = {}): GraphSpec {
  const inits = new Map((graph.initializers ?? []).map((t) => [t.name, t]));
  const isFloatMatrix = (name: string): TensorInit | undefined => {
    const t = inits.get(name);
    return t && t.type === DataType.FLOAT && t.dims.length === 2 ? t : undefined;
  };
  const added: TensorInit[] = [];
  const nodes: NodeSpec[] = [];
  const quantizedActs = new Map<string, [string, string, string]>();

  const addWeight = (t: TensorInit, perChannel: boolean): [string, string, string] => {
    const q = quantizeWeight(floatView(t), t.dims[1], { ...opts, perChannel });
    const zpDims = q.scale.length === 1 ? [] : [q.scale.length];
    const names: [string, string, string] = [`${t.name}_quantized`, `${t.name}_scale`, `${t.name}_zero_point`];
    const tensor = (n: string, dims: number[], v: Int8Array | Uint8Array) =>
      v instanceof Int8Array ? int8Tensor(n, dims, v) : uint8Tensor(n, dims, v);
    added.push(tensor(names[0], t.dims, q.values), floatTensorView(names[1], zpDims, q.scale), tensor(names[2], zpDims, q.zeroPoint));
    return names;
  };

  const quantizeActivation = (x: string): [string, string, string] => {
    let q = quantizedActs.get(x);
    if (!q) {
      q = [`${x}_quantized`, `${x}_scale`, `${x}_zero_point`];
      nodes.push({ op: 'DynamicQuantizeLinear', inputs: [x], outputs: q, name: `${x}_QuantizeLinear` });
      quantizedActs.set(x, q);
    }
    return q;
  };

  for (const n of graph.nodes) {
    const w = n.op === 'MatMul' ? isFloatMatrix(n.inputs[1]) : undefined;
    const table = n.op === 'Gather' && opts.quantizeGather !== false ? isFloatMatrix(n.inputs[0]) : undefined;
    const out = n.outputs[0];
    if (w) {
      const [wq, ws, wzp] = addWeight(w, opts.perChannel ?? false);
      const [xq, xs, xzp] = quantizeActivation(n.inputs[0]);
      nodes.push(
        { op: 'MatMulInteger', inputs: [xq, wq, xzp, wzp], outputs: [`${out}_int32`], name: `${out}_MatMulInteger` },
        { op: 'Cast', inputs: [`${out}_int32`], outputs: [`${out}_int32_float`], name: `${out}_Cast`, attrs: { to: DataType.FLOAT } },
        { op: 'Mul', inputs: [xs, ws], outputs: [`${out}_scale`], name: `${out}_ScaleMul` },
        { op: 'Mul', inputs: [`${out}_int32_float`, `${out}_scale`], outputs: [out], name: `${out}_OutputMul` },
      );
    } else if (table) {
      const [tq, ts, tzp] = addWeight(table, false);
      nodes.push(
        { ...n, inputs: [tq, ...n.inputs.slice(1)], outputs: [`${out}_quantized`] },
        { op: 'DequantizeLinear', inputs: [`${out}_quantized`, ts, tzp], outputs: [out], name: `${out}_DequantizeLinear` },
      );
    } else {
      nodes.push(n);
    }
  }

  const used = new Set(nodes.flatMap((n) => n.inputs));
  const kept = (graph.initializers ?? []).filter((t) => used.has(t.name));
  return { ...graph, nodes, initializers: [...kept, ...added] };
}
