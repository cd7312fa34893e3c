import { parentPort } from 'node:worker_threads';
import { openEncoder } from '../encoders/sources';
import { CancelledError, UserError } from '../errors';
import { runTrainJob } from './trainJob';
import type { FromTrainWorker, ToTrainWorker } from './workerProtocol';

/**
 * Entry of the training worker thread: runs one `runTrainJob` per `start` message, streams its
 * progress and trainer events (a panel draws live curves from them), and obeys `cancel` (abort,
 * nothing written) and `stop` (end early, keep and save what was trained).
 */
const port = parentPort;
if (port) {
  let abort = new AbortController();
  let stop = new AbortController();
  const send = (m: FromTrainWorker) => port.postMessage(m);
  port.on('message', (m: ToTrainWorker) => {
    if (m.type === 'cancel') return abort.abort();
    if (m.type === 'stop') return stop.abort();
    abort = new AbortController();
    stop = new AbortController();
    runTrainJob(m.request, {
      signal: abort.signal,
      stop: stop.signal,
      openEncoder,
      onProgress: (progress) => send({ type: 'progress', progress }),
      onEvent: (event) => send({ type: 'event', event }),
    })
      .then((result) => send({ type: 'done', result }))
      .catch((e: unknown) => {
        const kind = e instanceof UserError ? 'user' : e instanceof CancelledError ? 'cancelled' : 'internal';
        send({ type: 'failed', error: { kind, message: e instanceof Error ? (kind === 'internal' ? (e.stack ?? e.message) : e.message) : String(e) } });
      });
  });
}
