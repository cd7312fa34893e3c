import { Worker, type WorkerOptions } from 'node:worker_threads';
import { CancelledError, UserError } from '../errors';
import type { Progress } from '../progress';
import type { TrainEvent } from './trainer';
import type { TrainJobResult, TrainRequest } from './trainJob';
import type { FromTrainWorker, ToTrainWorker } from './workerProtocol';

export interface WorkerRunOptions {
  /** Aborting cancels the run (nothing is written; rejects with CancelledError). */
  signal?: AbortSignal;
  /** Aborting ends training early; the checkpoint of what was trained is still written. */
  stop?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
  onProgress?: (p: Progress) => void;
  /** Extra worker options (e.g. `execArgv` to load TypeScript in tests). */
  workerOptions?: WorkerOptions;
}

/**
 * Run a training request in a worker thread (`workerFile`: the bundled `dist/trainWorker.js`, or
 * src/core/training/worker.ts under tsx), so the extension host stays responsive.
 */
export function runTrainInWorker(workerFile: string, request: TrainRequest, opts: WorkerRunOptions = {}): Promise<TrainJobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, opts.workerOptions);
    const post = (m: ToTrainWorker) => worker.postMessage(m);
    const onAbort = () => post({ type: 'cancel' });
    const onStop = () => post({ type: 'stop' });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    opts.stop?.addEventListener('abort', onStop, { once: true });
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      opts.stop?.removeEventListener('abort', onStop);
      void worker.terminate();
      f();
    };
    worker.on('message', (m: FromTrainWorker) => {
      if (m.type === 'event') opts.onEvent?.(m.event);
      else if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'done') finish(() => resolve(m.result));
      else {
        const { kind, message } = m.error;
        finish(() => reject(kind === 'user' ? new UserError(message) : kind === 'cancelled' ? new CancelledError() : new Error(message)));
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`training worker exited (code ${code}) before finishing`))));
    post({ type: 'start', request });
    if (opts.signal?.aborted) onAbort();
  });
}
