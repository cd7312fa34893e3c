import { Worker } from 'node:worker_threads';
import { CancelledError, UserError } from '../core/errors';
import type { TaskOptions } from '../core/progress';
import type { FromWorker, JobRequest, JobResult, ToWorker } from './protocol';

/**
 * Runs engine jobs in a worker thread (the bundled `dist/engineWorker.js`). The worker is
 * started on first use and reused; `signal` cancels a job, progress arrives through `onProgress`.
 * Errors come back typed: UserError, CancelledError, or Error for bugs.
 */
export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: JobResult) => void; reject: (e: Error) => void; onProgress?: TaskOptions['onProgress'] }>();

  /** `env`: extra environment of the worker (e.g. XLENS_CACHE_DIR from the settings). */
  constructor(
    private readonly workerFile: string,
    private readonly env: Record<string, string> = {},
  ) {}

  run(request: JobRequest, opts: TaskOptions = {}): Promise<JobResult> {
    if (opts.signal?.aborted) return Promise.reject(new CancelledError());
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<JobResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: opts.onProgress });
      worker.ref(); // keep the process alive while a job runs, not while the worker idles
      opts.signal?.addEventListener('abort', () => this.post({ type: 'cancel', id }), { once: true });
      this.post({ type: 'start', id, request });
    });
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new CancelledError('engine stopped'));
    this.pending.clear();
    await w?.terminate();
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerFile, { env: { ...process.env, ...this.env } });
    w.on('message', (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return p.onProgress?.(m.progress);
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (m.type === 'done') p.resolve(m.result);
      else if (m.error.kind === 'user') p.reject(new UserError(m.error.message));
      else if (m.error.kind === 'cancelled') p.reject(new CancelledError(m.error.message));
      else p.reject(new Error(m.error.message));
    });
    w.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    });
    this.worker = w;
    return w;
  }
}
