import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback embedding server speaking both remote protocols:
 * - OpenAI-compatible `POST /v1/embeddings` {model, input: [...]} → {data: [{embedding, index}]}
 *   (answered in reverse order, so clients must sort by index);
 * - text-embeddings-inference `POST /embed` {inputs: [...]} → number[][].
 * Vectors are `fakeEmbedding(text)`. `script` lists what the next requests get, one entry each
 * ('429' with Retry-After: 0, '429-wait-1s' with Retry-After: 1, '500', 'slow' = answer after
 * `slowMs`); then requests are answered
 * normally. With `apiKey` set, a request without `Authorization: Bearer <apiKey>` gets 401 and a
 * body that echoes the key it received (as some servers do). 127.0.0.1 only; closes itself after
 * `lifetimeMs`.
 *
 * Load model (for concurrency tests and the bench): with `latencyMs`, each batch takes that long
 * whatever its size; at most `maxConcurrent` batches are computed at once. Requests beyond that
 * wait in a queue (as TEI's queue does), or with `overflow: '503'` are refused with 503 and
 * Retry-After: `retryAfterS`. `inFlight`/`maxInFlight` count requests being computed.
 */
export type Step = '429' | '429-wait-1s' | '500' | 'slow';

export interface RemoteServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: Array<{ path: string; inputs: string[]; auth?: string; model?: string }>;
  script: Step[];
  slowMs: number;
  /** Batches being computed now, and the most ever at once. */
  inFlight: number;
  maxInFlight: number;
  /** Requests refused because the server was full (`overflow: '503'`). */
  refused: number;
  /** Requests whose client went away before the answer. */
  dropped: number;
  close(): Promise<void>;
}

export interface ServerLoad {
  latencyMs?: number;
  maxConcurrent?: number;
  overflow?: 'queue' | '503';
  retryAfterS?: number;
  /** Vector length served (default FAKE_DIM). */
  dim?: number;
}

export const FAKE_DIM = 8;

/** A deterministic, un-normalised vector for a text (from its sha256). */
export function fakeEmbedding(text: string, dim = FAKE_DIM): number[] {
  const h = createHash('sha256').update(text).digest();
  return Array.from({ length: dim }, (_, j) => (h[j % h.length] - 127.5) / 10 + j);
}

export async function startRemoteServer(opts: { apiKey?: string; lifetimeMs?: number; load?: ServerLoad } = {}): Promise<RemoteServer> {
  const state: RemoteServer = { url: '', requests: [], script: [], slowMs: 2000, inFlight: 0, maxInFlight: 0, refused: 0, dropped: 0, close: async () => undefined };
  const load = opts.load ?? {};
  const limit = load.maxConcurrent ?? Infinity;
  const queue: Array<() => void> = [];
  /** Run `work` when a slot is free; it calls `release` when done. */
  const admit = (work: () => void) => (state.inFlight < limit ? start(work) : queue.push(() => start(work)));
  const start = (work: () => void) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    work();
  };
  const release = () => {
    state.inFlight--;
    queue.shift()?.();
  };
  const server = http.createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) state.dropped++;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { input?: unknown; inputs?: unknown; model?: unknown } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('bad json');
        return;
      }
      const inputs = (Array.isArray(body.input) ? body.input : Array.isArray(body.inputs) ? body.inputs : []).map(String);
      const auth = req.headers.authorization;
      state.requests.push({ path: req.url ?? '', inputs, auth, model: typeof body.model === 'string' ? body.model : undefined });
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
      };
      if (opts.apiKey && auth !== `Bearer ${opts.apiKey}`) {
        send(401, { error: { message: `Incorrect API key provided: ${auth?.replace(/^Bearer /, '') ?? '(none)'}` } });
        return;
      }
      const step = state.script.shift();
      if (step === '429') return send(429, { error: 'slow down' }, { 'retry-after': '0' });
      if (step === '429-wait-1s') return send(429, { error: 'slow down' }, { 'retry-after': '1' });
      if (step === '500') return send(500, { error: 'boom' });
      const reply = () => {
        if (req.url === '/v1/embeddings') {
          const data = inputs.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, load.dim) })).reverse();
          send(200, { object: 'list', data, model: body.model });
        } else if (req.url === '/embed') send(200, inputs.map((t) => fakeEmbedding(t, load.dim)));
        else send(404, { error: `no route ${req.url}` });
      };
      const answer = () => {
        if (load.latencyMs === undefined) return reply();
        if (load.overflow === '503' && state.inFlight >= limit) {
          state.refused++;
          return send(503, { error: 'model is overloaded' }, { 'retry-after': String(load.retryAfterS ?? 0) });
        }
        admit(() =>
          setTimeout(() => {
            release();
            reply();
          }, load.latencyMs),
        );
      };
      if (step === 'slow') setTimeout(answer, state.slowMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  let closed: Promise<void> | undefined;
  state.close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  const timer = setTimeout(() => void state.close(), opts.lifetimeMs ?? 300_000);
  timer.unref();
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
