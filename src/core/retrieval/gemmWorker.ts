import { createRequire } from 'node:module';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { gemmModel } from './tileScorer';

/**
 * The score kernel (the same Gemm + block-maximum model as the in-thread ORT scorer) in a worker
 * thread, so that a search computes tile t + 1 there while its own thread scans tile t:
 * onnxruntime-node's `run` computes on the calling thread, which would otherwise sit in the
 * kernel while the scan waits, and scan while ORT's threads sit idle.
 *
 * Buffers travel, they are not copied: a slot's document tile, score tile and block maxima are
 * transferred to the worker and come back in the reply (new views of the same memory). The
 * worker is inline JavaScript (no extra bundle to ship, as in encoders/transformers/ortWorker.ts).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
const opts = {
  intraOpNumThreads: workerData.threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  extra: { session: { intra_op: { allow_spinning: '0' } } },
};
const ready = Promise.all([ort.InferenceSession.create(workerData.plain, opts), ort.InferenceSession.create(workerData.maxed, opts)]);
const queries = new Map();
parentPort.on('message', async (m) => {
  try {
    const [plain, maxed] = await ready;
    if (m.type === 'queries') {
      if (m.data) queries.set(m.key, m.data);
      else queries.delete(m.key);
      parentPort.postMessage({ id: m.id, ok: true });
      return;
    }
    const { first, mq, nt, dim, tile, S, M, wantMax } = m;
    const Q = queries.get(m.key);
    const q = new ort.Tensor('float32', Q.subarray(first * dim, (first + mq) * dim), [mq, dim]);
    const t = new ort.Tensor('float32', tile.subarray(0, nt * dim), [nt, dim]);
    const s = new ort.Tensor('float32', S.subarray(0, mq * nt), [mq, nt]);
    let withMax = wantMax && nt % workerData.block === 0;
    if (withMax) {
      const b = new ort.Tensor('float32', M.subarray(0, (mq * nt) / workerData.block), [mq, nt / workerData.block]);
      await maxed.run({ Q: q, D: t }, { S: s, M: b });
    } else {
      await plain.run({ Q: q, D: t }, { S: s });
    }
    parentPort.postMessage({ id: m.id, ok: true, tile, S, M, maxed: withMax }, [tile.buffer, S.buffer, M.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, message: e && e.message ? e.message : String(e), tile: m.tile, S: m.S, M: m.M });
  }
});
`;

/** One tile's buffers: documents in (`tile`), scores (`S`) and block maxima (`blockMax`) out. */
export interface ScoreSlot {
  tile: Float32Array;
  /** The tile as binary16 values, for a kernel that widens them itself (allocated on first use). */
  half?: Uint16Array;
  S: Float32Array;
  blockMax: Float32Array;
  /** Whether `blockMax` was filled by the last scoring. */
  maxed: boolean;
}

type Reply =
  | { id: number; ok: true; tile?: Float32Array; S?: Float32Array; M?: Float32Array; maxed?: boolean }
  | { id: number; ok: false; message: string; tile?: Float32Array; S?: Float32Array; M?: Float32Array };

export class GemmWorker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      p.resolve(m);
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', (code) => this.failAll(new Error(`retrieval: the score worker stopped (exit code ${code})`)));
  }

  /** Starts a worker (loads onnxruntime-node there and builds both sessions). */
  static open(block: number): GemmWorker {
    const ortPath = createRequire(__filename).resolve('onnxruntime-node');
    return new GemmWorker(
      new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { ortPath, plain: gemmModel(false), maxed: gemmModel(true), threads: os.availableParallelism(), block },
      }),
    );
  }

  /** Copies query rows to the worker once; later calls name them by the key returned. */
  async addQueries(queries: Float32Array): Promise<number> {
    const key = this.nextId++;
    const r = await this.call({ type: 'queries', key, data: queries.slice() }, []);
    if (!r.ok) throw new Error(`retrieval: ${r.message}`);
    return key;
  }

  /** Frees the query rows of `key` in the worker. */
  async dropQueries(key: number): Promise<void> {
    if (!this.broken) await this.call({ type: 'queries', key }, []);
  }

  get broken(): boolean {
    return this.failure !== undefined;
  }

  /**
   * Scores `slot.tile[0 .. nt · dim)` against rows `[first, first + mq)` of the queries of `key`; the slot's buffers
   * are detached until the returned slot (same memory) arrives.
   */
  async score(key: number, first: number, mq: number, slot: ScoreSlot, nt: number, dim: number, wantMax: boolean): Promise<ScoreSlot> {
    const { tile, S, blockMax } = slot;
    const r = await this.call({ type: 'score', key, first, mq, nt, dim, tile, S, M: blockMax, wantMax }, [tile.buffer as ArrayBuffer, S.buffer as ArrayBuffer, blockMax.buffer as ArrayBuffer]);
    if (!r.ok) throw new Error(`retrieval: ${r.message}`);
    return { tile: r.tile!, S: r.S!, blockMax: r.M!, maxed: r.maxed === true };
  }

  private call(message: Record<string, unknown>, transfer: ArrayBuffer[]): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  private failAll(e: Error): void {
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

let shared: GemmWorker | undefined;

/** The process-wide score worker (started on first use; it keeps the process alive only while a call is pending). */
export function gemmWorker(block: number): GemmWorker {
  if (!shared || shared.broken) shared = GemmWorker.open(block);
  return shared;
}
