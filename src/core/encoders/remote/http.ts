import { CancelledError, UserError } from '../../errors';

/**
 * JSON over HTTP for embedding servers: a per-request timeout, retries with exponential backoff
 * on 429 and 5xx (and on timeouts and dropped connections) honouring `Retry-After`, and an API
 * key sent as a bearer token. The key never appears in errors: any echo of it in a server's
 * answer is masked.
 */
export interface HttpOptions {
  timeoutMs: number;
  /** Extra attempts after the first. */
  retries: number;
  apiKey?: string;
  /** Name of the variable the key came from, for hints. */
  keyEnv?: string;
  signal?: AbortSignal;
  /** First backoff delay; doubles each retry (with jitter), capped at `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each retry (for logs and tests). */
  onRetry?: (info: { attempt: number; status?: number; delayMs: number; reason: string }) => void;
  /**
   * Shared by the requests of one encoder: a 429 or 503 (the server saying it is full) holds
   * back every request, not only the refused one, until its delay has passed, so that several
   * requests in flight do not keep knocking while the server asks them to wait.
   */
  gate?: RetryGate;
}

/** The time (`Date.now()` ms) before which no request of an encoder is sent. */
export interface RetryGate {
  until: number;
}

/** Statuses by which a server says it is overloaded (wait, then retry): they close the gate. */
const OVERLOAD_STATUS = (s: number | undefined) => s === 429 || s === 503;

const RETRY_STATUS = (s: number) => s === 429 || s >= 500;

export async function postJson(url: string, body: unknown, opts: HttpOptions): Promise<unknown> {
  const payload = JSON.stringify(body);
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 30_000;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new CancelledError();
    const wait = (opts.gate?.until ?? 0) - Date.now();
    if (wait > 0) await sleep(wait, opts.signal);
    let failure: { reason: string; status?: number; retryAfterMs?: number; error: Error };
    try {
      const res = await fetchWithTimeout(url, payload, opts);
      const text = await res.text();
      if (res.ok) return parseJson(text, url);
      failure = { reason: `HTTP ${res.status}`, status: res.status, retryAfterMs: retryAfter(res.headers.get('retry-after')), error: statusError(url, res.status, text, opts) };
      if (!RETRY_STATUS(res.status)) throw failure.error;
    } catch (e) {
      if (e instanceof UserError || e instanceof CancelledError) throw e;
      if (opts.signal?.aborted) throw new CancelledError();
      failure = transportFailure(e, url, opts);
    }
    if (attempt >= opts.retries) throw failure.error;
    const backoff = Math.min(cap, base * 2 ** attempt) * (0.75 + Math.random() / 2);
    const delayMs = Math.min(cap, Math.max(failure.retryAfterMs ?? 0, backoff));
    if (opts.gate && OVERLOAD_STATUS(failure.status)) opts.gate.until = Math.max(opts.gate.until, Date.now() + delayMs);
    opts.onRetry?.({ attempt: attempt + 1, status: failure.status, delayMs, reason: failure.reason });
    await sleep(delayMs, opts.signal);
  }
}

async function fetchWithTimeout(url: string, payload: string, opts: HttpOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  return fetch(url, { method: 'POST', headers, body: payload, signal });
}

function transportFailure(e: unknown, url: string, opts: HttpOptions): { reason: string; error: Error } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return { reason: 'timeout', error: new UserError(`${url} did not answer within ${opts.timeoutMs} ms (after ${opts.retries + 1} attempt(s))`, { hint: 'raise timeout=<ms> in the model source, or send smaller batches with batch=<n>' }) };
  }
  const cause = err.cause instanceof Error ? (err.cause as NodeJS.ErrnoException) : undefined;
  const why = cause?.code ?? (err as NodeJS.ErrnoException).code ?? cause?.message ?? err.message;
  return {
    reason: why,
    error: new UserError(`cannot reach ${url}: ${mask(why, opts.apiKey)}`, { hint: 'is the server running, and is the URL right?' }),
  };
}

function statusError(url: string, status: number, body: string, opts: HttpOptions): UserError {
  const said = mask(body.replace(/\s+/g, ' ').trim().slice(0, 300), opts.apiKey);
  if (status === 401 || status === 403) {
    const where = opts.keyEnv ?? 'XLENS_API_KEY';
    return new UserError(`${url} refused the request (HTTP ${status}${opts.apiKey ? ', the API key was rejected' : ', no API key was sent'})${said ? `: ${said}` : ''}`, {
      hint: opts.apiKey ? `check the key in $${where}` : `put the key in $${where} (or name another variable with keyEnv=<NAME> in the model source)`,
    });
  }
  return new UserError(`${url} answered HTTP ${status}${said ? `: ${said}` : ''}`);
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError(`${url} answered with something that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}

/** `Retry-After` as seconds or an HTTP date, in ms. */
function retryAfter(h: string | null): number | undefined {
  if (!h) return undefined;
  if (/^\d+(\.\d+)?$/.test(h.trim())) return Number(h) * 1000;
  const t = Date.parse(h);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}

export function mask(s: string, key: string | undefined): string {
  return key && key.length >= 4 ? s.split(key).join('***') : s;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(new CancelledError());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Run `fn` over `items` with at most `limit` calls in flight; results in input order. Each call
 * gets a signal that aborts when the caller's `signal` does or when another call failed, so the
 * first failure (or a cancel) stops the requests still in flight, not only the ones not yet sent;
 * the first error is the one thrown.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) stop.abort();
  let next = 0;
  let first: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !stop.signal.aborted) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i, stop.signal);
      } catch (e) {
        first ??= { error: e };
        stop.abort(); // the other calls stop, in flight or not
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (first) throw first.error;
  if (signal?.aborted) throw new CancelledError();
  return out;
}
