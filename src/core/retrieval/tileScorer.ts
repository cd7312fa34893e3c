import * as os from 'node:os';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { DataType, encodeModel } from '../onnx/model';
import { dotBlock } from './tsKernel';
import type { ResolvedBackend } from './types';

type Ort = typeof import('onnxruntime-node');

/**
 * Scores one tile: `S[i * nt + j] = Q[first + i] · T[j]` for i < mq, j < nt. Per-element
 * arithmetic depends only on the two vectors and on the call's shape (mq, nt), never on where a
 * document falls in the tile, so a search can check that a requested document's score seen in
 * its tile equals the threshold it computed beforehand (see search.ts).
 */
export interface TileScorer {
  readonly backend: ResolvedBackend;
  score(queries: Float32Array, first: number, mq: number, tile: Float32Array, nt: number, dim: number, out: Float32Array): Promise<void>;
}

/** Pure TypeScript: float64 accumulation in ascending t (see dotBlock), one thread. */
export const tsScorer: TileScorer = {
  backend: 'ts',
  async score(queries, first, mq, tile, nt, dim, out) {
    dotBlock(queries, first, mq, tile, nt, dim, out);
  },
};

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

/** `S = Q · Tᵀ` as one Gemm node: MLAS's sgemm, every core. */
function gemmModel(): Uint8Array {
  return encodeModel({
    graph: {
      name: 'xlens_score_tile',
      nodes: [{ op: 'Gemm', inputs: ['Q', 'D'], outputs: ['S'], attrs: { transB: 1 } }],
      inputs: [
        { name: 'Q', type: DataType.FLOAT, shape: ['m', 'd'] },
        { name: 'D', type: DataType.FLOAT, shape: ['n', 'd'] },
      ],
      outputs: [{ name: 'S', type: DataType.FLOAT, shape: ['m', 'n'] }],
    },
  });
}

/** The process-wide Gemm session (created once). Rejects when onnxruntime-node cannot load. */
export function gemmSession(): Promise<InferenceSession> {
  sessionPromise ??= loadOrt().then((ort) =>
    ort.InferenceSession.create(gemmModel(), {
      intraOpNumThreads: os.availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Idle ORT threads must not spin: between tiles this thread scans the scores.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    }),
  );
  return sessionPromise;
}

/** Whether the ORT scorer can run here (loads onnxruntime-node and builds the session once). */
export async function ortAvailable(): Promise<boolean> {
  try {
    await gemmSession();
    return true;
  } catch {
    return false;
  }
}

/**
 * onnxruntime scorer. Scores go straight into the caller's buffer (a pre-allocated output), so a
 * search allocates nothing per tile; inputs must not be SharedArrayBuffer views (copy first).
 */
export async function ortScorer(): Promise<TileScorer> {
  const ort = await loadOrt();
  const session = await gemmSession();
  return {
    backend: 'ort',
    async score(queries, first, mq, tile, nt, dim, out) {
      const q: Tensor = new ort.Tensor('float32', queries.subarray(first * dim, (first + mq) * dim), [mq, dim]);
      const t: Tensor = new ort.Tensor('float32', tile.subarray(0, nt * dim), [nt, dim]);
      const s: Tensor = new ort.Tensor('float32', out.subarray(0, mq * nt), [mq, nt]);
      await session.run({ Q: q, D: t }, { S: s });
    },
  };
}
