import type { Progress } from '../progress';
import type { TrainEvent } from './trainer';
import type { TrainJobResult, TrainRequest } from './trainJob';

/** Messages between a host (the extension, a test) and the training worker thread. */
export type ToTrainWorker = { type: 'start'; request: TrainRequest } | { type: 'cancel' } | { type: 'stop' };

export type FromTrainWorker =
  | { type: 'event'; event: TrainEvent }
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: TrainJobResult }
  | { type: 'failed'; error: { kind: 'user' | 'cancelled' | 'internal'; message: string } };
