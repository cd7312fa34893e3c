import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';

/**
 * An ONNX Runtime session living in a worker thread. onnxruntime-node's `session.run` computes
 * on the calling JS thread (it is only deferred by a setImmediate), so a batch would freeze the
 * event loop for its whole duration; here the main thread stays free (progress, cancellation,
 * the extension's messages) while the worker's thread and ORT's pool compute.
 *
 * The worker is inline JavaScript (no separate bundle to ship) that loads onnxruntime-node from
 * the path the main thread resolves. It keeps the process alive only while a call is pending.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session;
parentPort.on('message', async (m) => {
  try {
    if (m.type === 'open') {
      session = await ort.InferenceSession.create(m.file, m.options);
      parentPort.postMessage({ id: m.id, ok: true, value: { inputNames: session.inputNames, outputNames: session.outputNames } });
    } else if (m.type === 'run') {
      const feeds = {};
      for (const [name, t] of Object.entries(m.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      const out = (await session.run(feeds, [m.output]))[m.output];
      const data = out.data.slice();
      parentPort.postMessage({ id: m.id, ok: true, value: { type: out.type, dims: out.dims, data } }, [data.buffer]);
    } else if (m.type === 'close') {
      if (session) await session.release();
      session = undefined;
      parentPort.postMessage({ id: m.id, ok: true, value: null });
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, message: e && e.message ? e.message : String(e) });
  }
});
`;

export interface WorkerTensor {
  type: 'int64';
  data: BigInt64Array;
  dims: number[];
}

export interface WorkerOutput {
  type: string;
  dims: number[];
  data: Float32Array | Uint16Array;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export class OrtWorkerSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  inputNames: readonly string[] = [];
  outputNames: readonly string[] = [];

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.message));
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', (code) => this.failAll(new Error(`the ONNX Runtime worker stopped (exit code ${code})`)));
  }

  static async open(file: string, options: InferenceSession.SessionOptions): Promise<OrtWorkerSession> {
    const ortPath = createRequire(__filename).resolve('onnxruntime-node');
    const s = new OrtWorkerSession(new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath } }));
    try {
      const names = (await s.call({ type: 'open', file, options })) as { inputNames: string[]; outputNames: string[] };
      s.inputNames = names.inputNames;
      s.outputNames = names.outputNames;
      return s;
    } catch (e) {
      await s.worker.terminate();
      throw e;
    }
  }

  /** Run with int64 feeds and fetch one output; the feeds' buffers are handed to the worker. */
  async run(feeds: Record<string, WorkerTensor>, output: string): Promise<WorkerOutput> {
    const transfer = Object.values(feeds).map((t) => t.data.buffer as ArrayBuffer);
    return (await this.call({ type: 'run', feeds, output }, transfer)) as WorkerOutput;
  }

  async dispose(): Promise<void> {
    try {
      await this.call({ type: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private call(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
