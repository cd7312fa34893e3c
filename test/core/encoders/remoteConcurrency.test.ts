import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { postJson, type RetryGate } from '../../../src/core/encoders/remote/http';
import { batchRanges } from '../../../src/core/encoders/remote/remoteEncoder';
import { openEncoder } from '../../../src/core/encoders/sources';
import { CancelledError } from '../../../src/core/errors';
import { FAKE_DIM, fakeEmbedding, startRemoteServer, type RemoteServer } from '../../support/remoteServer';

function assertRowsOf(data: Float32Array, texts: string[]) {
  texts.forEach((t, i) => {
    const v = fakeEmbedding(t);
    const n = Math.hypot(...v);
    for (let j = 0; j < FAKE_DIM; j++) assert.ok(Math.abs(data[i * FAKE_DIM + j] - v[j] / n) < 1e-6, `row ${i} (${t})`);
  });
}

describe('encoders/remote: requests in flight', function () {
  this.timeout(60_000);
  let tmp: string;
  const servers: RemoteServer[] = [];
  const opened: Encoder[] = [];
  const serve = async (load: Parameters<typeof startRemoteServer>[0]) => {
    const s = await startRemoteServer(load);
    servers.push(s);
    return s;
  };
  const open = async (source: string, defaults?: { concurrency?: number }) => {
    const e = await openEncoder(source, { cacheDir: tmp, embeddingCache: false, defaults });
    opened.push(e);
    return e;
  };
  const texts = Array.from({ length: 64 }, (_, i) => `sentence ${i}`);

  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-remote-c-'))));
  after(async () => {
    for (const e of opened) await e.dispose();
    for (const s of servers) await s.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('splits texts into even batches no larger than batch', () => {
    assert.deepEqual(batchRanges(7, 3), [[0, 2], [2, 4], [4, 7]]);
    assert.deepEqual(batchRanges(100, 32).map(([a, b]) => b - a), [25, 25, 25, 25]);
    assert.deepEqual(batchRanges(64, 4).length, 16);
    assert.deepEqual(batchRanges(0, 4), []);
    for (const [n, b] of [[1, 1], [33, 32], [1000, 7]]) {
      const r = batchRanges(n, b);
      assert.equal(r[0][0], 0);
      assert.equal(r[r.length - 1][1], n);
      r.forEach(([s, e], i) => (assert.ok(e - s >= 1 && e - s <= b), i > 0 && assert.equal(s, r[i - 1][1])));
    }
  });

  it('throughput grows with concurrency up to the server limit; order kept; never more in flight than asked', async () => {
    const s = await serve({ load: { latencyMs: 40, maxConcurrent: 8 } });
    const timed = async (c: number) => {
      const enc = await open(`tei:${s.url}?batch=4&concurrency=${c}`);
      s.maxInFlight = 0;
      const t0 = performance.now();
      const m = await enc.encode(texts);
      const ms = performance.now() - t0;
      assertRowsOf(m.data, texts);
      return { ms, most: s.maxInFlight };
    };
    const one = await timed(1);
    const four = await timed(4);
    const sixteen = await timed(16);
    assert.equal(one.most, 1);
    assert.equal(four.most, 4);
    assert.equal(sixteen.most, 8, 'the server computes at most 8 at once; the rest queue');
    // 16 batches × 40 ms: ≥ 640 ms one at a time, ≥ 160 ms four at a time, ≥ 80 ms at the server's 8.
    assert.ok(one.ms >= 600, `c=1 took ${one.ms} ms`);
    assert.ok(one.ms / four.ms > 2, `c=4 should be well over 2× faster: ${one.ms} vs ${four.ms} ms`);
    assert.ok(four.ms / sixteen.ms > 1.2, `c=16 (server limit 8) should beat c=4: ${four.ms} vs ${sixteen.ms} ms`);
  });

  it('--concurrency / xlens.remote.concurrency is a default: the source\'s own concurrency= wins', async () => {
    const s = await serve({});
    assert.equal((await open(`tei:${s.url}`)).info.settings.concurrency, 4);
    assert.equal((await open(`tei:${s.url}`, { concurrency: 16 })).info.settings.concurrency, 16);
    assert.equal((await open(`tei:${s.url}?concurrency=2`, { concurrency: 16 })).info.settings.concurrency, 2);
  });

  it('a full server (503 + Retry-After) is waited for and retried: every vector arrives, in order', async () => {
    const s = await serve({ load: { latencyMs: 20, maxConcurrent: 2, overflow: '503', retryAfterS: 0 } });
    const enc = await open(`openai:${s.url}/v1#m?batch=4&concurrency=8&backoff=10&retries=20`);
    const m = await enc.encode(texts);
    assertRowsOf(m.data, texts);
    assert.ok(s.refused > 0, 'the server did refuse some requests');
    assert.ok(s.maxInFlight <= 2);
  });

  it('a 429 with Retry-After closes the shared gate: later requests of the same encoder wait too', async () => {
    const s = await serve({});
    const gate: RetryGate = { until: 0 };
    s.script.push('429-wait-1s');
    const t0 = Date.now();
    await postJson(`${s.url}/embed`, { inputs: ['a'] }, { timeoutMs: 5000, retries: 2, baseDelayMs: 10, gate });
    assert.ok(gate.until >= t0 + 900, 'Retry-After: 1 holds the gate for a second');
    s.requests.length = 0;
    gate.until = Date.now() + 400;
    const t1 = Date.now();
    await postJson(`${s.url}/embed`, { inputs: ['b'] }, { timeoutMs: 5000, retries: 0, gate });
    assert.ok(Date.now() - t1 >= 380, 'a request waits while the gate is closed');
  });

  it('cancel aborts the requests in flight, not only those not yet sent', async () => {
    const s = await serve({ load: { latencyMs: 3000, maxConcurrent: 16 } });
    const enc = await open(`tei:${s.url}?batch=4&concurrency=4`);
    s.requests.length = 0;
    const ac = new AbortController();
    const t0 = performance.now();
    const p = enc.encode(texts, { signal: ac.signal });
    setTimeout(() => ac.abort(), 150);
    await assert.rejects(p, CancelledError);
    assert.ok(performance.now() - t0 < 1500, 'returns at once, not after the 3 s batches');
    assert.equal(s.requests.length, 4, 'four were in flight, none sent after the cancel');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(s.dropped, 4, 'the server saw all four connections go away');
  });
});
