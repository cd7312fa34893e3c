import * as os from 'node:os';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { DataType, encodeModel } from '../onnx/model';
import { chunkFor, type KernelInput, type ScoreKernel } from './kernel';

type Ort = typeof import('onnxruntime-node');

/**
 * onnxruntime kernel: `Gemm(Q, D, transB=1) → S`, `TopK(S, K) → V, I` (ORT's TopK orders ties
 * by lower index, as SPEC §1 wants). MatMul sums in float32, so scores may differ from the
 * TypeScript kernel's in the last bits. onnxruntime-node is loaded on first use only.
 */
let ortPromise: Promise<Ort> | undefined;
let sessionPromise: Promise<InferenceSession> | undefined;

function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-node').then((m) => {
    // Under a CommonJS loader the namespace may arrive wrapped in `default`.
    const wrapped = m as Ort & { default?: Ort };
    return typeof wrapped.InferenceSession === 'function' ? wrapped : (wrapped.default as Ort);
  });
  return ortPromise;
}

function knnModel(): Uint8Array {
  return encodeModel({
    graph: {
      name: 'xlens_exact_knn',
      nodes: [
        { op: 'Gemm', inputs: ['Q', 'D'], outputs: ['S'], attrs: { transB: 1 } },
        { op: 'TopK', inputs: ['S', 'K'], outputs: ['V', 'I'], attrs: { axis: -1, largest: 1, sorted: 1 } },
      ],
      inputs: [
        { name: 'Q', type: DataType.FLOAT, shape: ['m', 'd'] },
        { name: 'D', type: DataType.FLOAT, shape: ['n', 'd'] },
        { name: 'K', type: DataType.INT64, shape: [1] },
      ],
      outputs: [
        { name: 'S', type: DataType.FLOAT, shape: ['m', 'n'] },
        { name: 'V', type: DataType.FLOAT, shape: ['m', 'k'] },
        { name: 'I', type: DataType.INT64, shape: ['m', 'k'] },
      ],
    },
  });
}

/** The process-wide session (created once; later callers share it). Rejects when ORT cannot load. */
export function knnSession(): Promise<InferenceSession> {
  sessionPromise ??= loadOrt().then((ort) =>
    ort.InferenceSession.create(knnModel(), {
      intraOpNumThreads: os.availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Idle ORT threads must not spin: between runs the main thread ranks documents in TypeScript.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    }),
  );
  return sessionPromise;
}

/** Whether the ORT kernel can run here (loads onnxruntime-node and builds the session once). */
export async function ortAvailable(): Promise<boolean> {
  try {
    await knnSession();
    return true;
  } catch {
    return false;
  }
}

/** onnxruntime-node rejects SharedArrayBuffer-backed tensors: copy those into a plain buffer. */
function plain(a: Float32Array): Float32Array {
  return a.buffer instanceof ArrayBuffer ? a : new Float32Array(a);
}

export async function createOrtKernel({ queries, docs, out, chunkRows }: KernelInput): Promise<ScoreKernel> {
  const ort = await loadOrt();
  const session = await knnSession();
  const n = docs.rows;
  const d = docs.dim;
  const k = out.k;
  // ~4M floats (16 MB) of scores per chunk: measured fastest (bigger blocks fall out of cache
  // before the rank pass reads them; the Gemm is already large enough to use every core).
  const rowsPerChunk = chunkRows ?? chunkFor(n, 4 << 20, 16, 1024);
  const qData = plain(queries.data);
  const docTensor: Tensor = new ort.Tensor('float32', plain(docs.data), [n, d]);
  const kTensor: Tensor = new ort.Tensor('int64', BigInt64Array.of(BigInt(k)), [1]);
  return {
    backend: 'ort',
    chunkRows: rowsPerChunk,
    async run(first, count, wantScores) {
      const q = new ort.Tensor('float32', qData.subarray(first * d, (first + count) * d), [count, d]);
      const res = await session.run({ Q: q, D: docTensor, K: kTensor }, wantScores ? ['S', 'V', 'I'] : ['V', 'I']);
      out.scores.set(res.V.data as Float32Array, first * k);
      const idx = res.I.data as BigInt64Array;
      // Indices are < 2^31: take the low little-endian word of each int64.
      const words = new Int32Array(idx.buffer, idx.byteOffset, idx.length * 2);
      const o = first * k;
      for (let i = 0; i < idx.length; i++) out.indices[o + i] = words[2 * i];
      return wantScores ? (res.S.data as Float32Array) : undefined;
    },
  };
}
