import { throwIfAborted, UserError } from '../../errors';
import { fingerprintOf } from '../../util/hash';
import { matrix, type Matrix } from '../../vectors';
import type { BatchSinkOptions, CacheKeyed } from '../cache/hooks';
import { emptyStats, type Encoder, type EncoderInfo, type EncoderStats, type TextRole } from '../encoder';
import { dedupe } from '../transformers/tokenBatches';
import { mapLimit, postJson, type HttpOptions, type RetryGate } from './http';
import { apiKeyFrom, type RemoteOptions } from './remoteOptions';

export const REMOTE_ENCODER_VERSION = 1;
const PROBE_TEXT = 'XLens dimension probe';

/** One server protocol: where to POST, what to send, how to read the vectors back. */
export interface RemoteProtocol {
  kind: 'openai' | 'tei';
  /** The endpoint URL. */
  url: string;
  /** The model name sent to the server (openai), for display and the fingerprint. */
  model?: string;
  body(inputs: string[], o: RemoteOptions): unknown;
  /** The vectors in input order, or a description of what was wrong with the answer. */
  vectors(answer: unknown, n: number): number[][] | string;
}

export interface OpenRemoteOptions {
  source: string;
  name: string;
  options: RemoteOptions;
  signal?: AbortSignal;
}

/**
 * An embedding server as an Encoder. Opening sends one probe request, which checks the URL and
 * the key early and tells the dimension. Texts (with role prefixes) are deduplicated and sent in
 * batches, several requests at a time; the server's vectors are L2-normalised here. Truncation
 * happens on the server and is not counted.
 */
export async function openRemoteEncoder(protocol: RemoteProtocol, opts: OpenRemoteOptions): Promise<RemoteEncoder> {
  const o = opts.options;
  const apiKey = apiKeyFrom(o, opts.source);
  const http: HttpOptions = { timeoutMs: o.timeoutMs, retries: o.retries, baseDelayMs: o.backoffMs, apiKey, keyEnv: o.keyEnv };
  const probe = await call(protocol, [PROBE_TEXT], o, { ...http, signal: opts.signal });
  const dim = probe[0].length;
  const info: EncoderInfo = {
    source: opts.source,
    name: opts.name,
    dim,
    fingerprint: fingerprintOf('remote', `v${REMOTE_ENCODER_VERSION}`, protocol.kind, protocol.url, protocol.model ?? '', o.queryPrefix, o.passagePrefix, o.truncate),
    settings: {
      protocol: protocol.kind,
      endpoint: protocol.url,
      ...(protocol.model ? { model: protocol.model } : {}),
      queryPrefix: o.queryPrefix,
      passagePrefix: o.passagePrefix,
      noRole: 'query prefix',
      batch: o.batch,
      concurrency: o.concurrency,
      apiKey: apiKey ? `from $${o.keyEnv}` : 'none',
      truncation: 'by the server (not counted)',
    },
  };
  return new RemoteEncoder(info, protocol, o, http);
}

export class RemoteEncoder implements Encoder, CacheKeyed {
  private readonly counters: EncoderStats = emptyStats();
  /** One gate for all of this encoder's requests (see HttpOptions.gate). */
  private readonly gate: RetryGate = { until: 0 };

  constructor(
    readonly info: EncoderInfo,
    private readonly protocol: RemoteProtocol,
    private readonly o: RemoteOptions,
    private readonly http: HttpOptions,
  ) {}

  cacheText(text: string, role?: TextRole): string {
    return (role === 'passage' ? this.o.passagePrefix : this.o.queryPrefix) + text;
  }

  async encode(texts: readonly string[], opts: BatchSinkOptions = {}): Promise<Matrix> {
    const { role, signal, onProgress, onBatch } = opts;
    throwIfAborted(signal);
    const dim = this.info.dim;
    const { unique, of } = dedupe(texts.map((t) => this.cacheText(t, role)));
    const firstRow = new Int32Array(unique.length).fill(-1);
    of.forEach((u, i) => {
      if (firstRow[u] < 0) firstRow[u] = i;
    });
    const vectors = new Float32Array(unique.length * dim);
    const batches = batchRanges(unique.length, this.o.batch);
    let done = 0;
    await mapLimit(batches, this.o.concurrency, async ([start, end], _b, inFlight) => {
      const items = unique.slice(start, end);
      const got = await call(this.protocol, items, this.o, { ...this.http, gate: this.gate, signal: inFlight });
      const m = matrix(items.length, dim);
      got.forEach((v, i) => {
        if (v.length !== dim) throw new UserError(`${this.protocol.url} returned a ${v.length}-dimensional vector, expected ${dim} as before`);
        normalizeInto(v, m.data, i * dim);
      });
      vectors.set(m.data, start * dim);
      this.counters.encoded += items.length;
      if (onBatch) await onBatch(items.map((_, i) => firstRow[start + i]), m);
      done += items.length;
      onProgress?.({ phase: `encoding (${this.info.name})`, done, total: unique.length, unit: 'texts' });
    }, signal);
    const out = matrix(texts.length, dim);
    of.forEach((u, i) => out.data.set(vectors.subarray(u * dim, (u + 1) * dim), i * dim));
    this.counters.texts += texts.length;
    return out;
  }

  stats(): EncoderStats {
    return { ...this.counters };
  }

  async dispose(): Promise<void> {}
}

/**
 * `[start, end)` of each request: as few requests as `batch` allows, of even sizes (100 texts at
 * batch 32 go as 25 + 25 + 25 + 25, not 32 + 32 + 32 + 4), so that no request in flight waits
 * on a full one while it carries a few texts.
 */
export function batchRanges(n: number, batch: number): Array<[number, number]> {
  const count = Math.ceil(n / batch);
  return Array.from({ length: count }, (_, b) => [Math.floor((b * n) / count), Math.floor(((b + 1) * n) / count)]);
}

async function call(protocol: RemoteProtocol, inputs: string[], o: RemoteOptions, http: HttpOptions): Promise<number[][]> {
  const answer = await postJson(protocol.url, protocol.body(inputs, o), http);
  const v = protocol.vectors(answer, inputs.length);
  if (typeof v === 'string') throw new UserError(`unexpected answer from ${protocol.url}: ${v}`, { hint: `is this a${protocol.kind === 'openai' ? 'n OpenAI-compatible' : ' text-embeddings-inference'} server?` });
  return v;
}

function normalizeInto(v: number[], out: Float32Array, offset: number): void {
  let ss = 0;
  for (const x of v) ss += x * x;
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  for (let j = 0; j < v.length; j++) out[offset + j] = v[j] * inv;
}

/** Check that `x` is `n` equally long arrays of finite numbers. */
export function numberRows(x: unknown, n: number, what: string): number[][] | string {
  if (!Array.isArray(x)) return `${what} is not an array`;
  if (x.length !== n) return `${x.length} vectors for ${n} texts`;
  for (const [i, row] of x.entries()) {
    if (!Array.isArray(row) || row.length === 0) return `${what}[${i}] is not a non-empty array`;
    if (!row.every((v) => typeof v === 'number' && Number.isFinite(v))) return `${what}[${i}] holds something other than finite numbers`;
  }
  return x as number[][];
}
