import * as os from 'node:os';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { DataType, encodeModel, int64Tensor } from '../onnx/model';
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
  /** True when `score` can also count ranks over the tile it scores (`count`, see TileCount). */
  readonly counts?: boolean;
  /**
   * Fills `out` and returns true when it also filled `blockMax[i * nb + b]` = the largest of
   * `S[i * nt + b * BLOCK ..][0 .. BLOCK)` (the last block of a row may be shorter), where
   * nb = ⌈nt / BLOCK⌉ (ORT: only when nt is a multiple of BLOCK).
   * With `count` (only where `counts`), also tallies the tile's documents into `count.hist`.
   */
  score(queries: Float32Array, first: number, mq: number, tile: Float32Array, nt: number, dim: number, out: Float32Array, blockMax?: Float32Array, count?: TileCount): Promise<boolean>;
  /** Frees what the scorer kept for its last chunk (the native kernel's packed queries) now, not at garbage collection. */
  release?(): void;
  /** As `score`, the tile given as binary16 bit patterns (widened exactly by the kernel): scorers that can. */
  scoreF16?(queries: Float32Array, first: number, mq: number, tile: Uint16Array, nt: number, dim: number, out: Float32Array, blockMax?: Float32Array, count?: TileCount): Promise<boolean>;
}

/**
 * Rank counting fused into a scoring call (ChunkScan's tally, done by the kernel): per query i of
 * the chunk, its requested documents sorted worst first (score ascending, then pool index
 * descending) at `[thrOff[i], thrOff[i + 1])`; a document of the tile that ranks above exactly
 * t ≥ 1 of them (greater score, or equal with a lower pool index) adds one to
 * `hist[histOff[i] + t * L + label]`. `j0` is the pool index of the tile's first document.
 */
export interface TileCount {
  thrScore: Float32Array;
  thrIndex: Int32Array;
  thrOff: Int32Array;
  histOff: Int32Array;
  hist: Int32Array;
  labels: Uint16Array | null;
  L: number;
  j0: number;
}

/** Documents per block maximum: a scan skips a block whose maximum cannot enter any count. */
export const BLOCK = 64;

/** Pure TypeScript: float64 accumulation in ascending t (see dotBlock), one thread. */
export const tsScorer: TileScorer = {
  backend: 'ts',
  async score(queries, first, mq, tile, nt, dim, out) {
    dotBlock(queries, first, mq, tile, nt, dim, out);
    return false;
  },
};

let ortPromise: Promise<Ort> | undefined;
const sessions: Array<Promise<InferenceSession> | undefined> = [];

function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-node').then((m) => {
    // Under a CommonJS loader the namespace may arrive wrapped in `default`.
    const wrapped = m as Ort & { default?: Ort };
    return typeof wrapped.InferenceSession === 'function' ? wrapped : (wrapped.default as Ort);
  });
  return ortPromise;
}

/**
 * `S = Q · Tᵀ` (MLAS's sgemm, every core) and `M` = the maximum of each run of BLOCK scores of
 * a row (vectorised, multithreaded), fetched only when the tile width is a multiple of BLOCK.
 */
export function gemmModel(withMax: boolean): Uint8Array {
  const gemm = { op: 'Gemm', inputs: ['Q', 'D'], outputs: ['S'], attrs: { transB: 1 } };
  const S = { name: 'S', type: DataType.FLOAT, shape: ['m', 'n'] };
  return encodeModel({
    graph: {
      name: 'xlens_score_tile',
      nodes: withMax
        ? [gemm, { op: 'Reshape', inputs: ['S', 'blocks'], outputs: ['SB'] }, { op: 'ReduceMax', inputs: ['SB'], outputs: ['M'], attrs: { axes: [2], keepdims: 0 } }]
        : [gemm],
      initializers: withMax ? [int64Tensor('blocks', [3], [0, -1, BLOCK])] : [],
      inputs: [
        { name: 'Q', type: DataType.FLOAT, shape: ['m', 'd'] },
        { name: 'D', type: DataType.FLOAT, shape: ['n', 'd'] },
      ],
      outputs: withMax ? [S, { name: 'M', type: DataType.FLOAT, shape: ['m', 'b'] }] : [S],
    },
  });
}

/** The process-wide Gemm session, with or without block maxima (each created once). Rejects when onnxruntime-node cannot load. */
export function gemmSession(withMax = false): Promise<InferenceSession> {
  const i = withMax ? 1 : 0;
  sessions[i] ??= loadOrt().then((ort) =>
    ort.InferenceSession.create(gemmModel(withMax), {
      intraOpNumThreads: os.availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Idle ORT threads must not spin: between tiles this thread scans the scores.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    }),
  );
  return sessions[i];
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
  const plain = await gemmSession(false);
  const maxed = await gemmSession(true);
  return {
    backend: 'ort',
    async score(queries, first, mq, tile, nt, dim, out, blockMax) {
      const q: Tensor = new ort.Tensor('float32', queries.subarray(first * dim, (first + mq) * dim), [mq, dim]);
      const t: Tensor = new ort.Tensor('float32', tile.subarray(0, nt * dim), [nt, dim]);
      const s: Tensor = new ort.Tensor('float32', out.subarray(0, mq * nt), [mq, nt]);
      if (!blockMax || nt % BLOCK !== 0) {
        await plain.run({ Q: q, D: t }, { S: s });
        return false;
      }
      const nb = nt / BLOCK;
      const m: Tensor = new ort.Tensor('float32', blockMax.subarray(0, mq * nb), [mq, nb]);
      await maxed.run({ Q: q, D: t }, { S: s, M: m });
      return true;
    },
  };
}
