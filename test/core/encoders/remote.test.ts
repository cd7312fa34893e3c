import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { postJson } from '../../../src/core/encoders/remote/http';
import { openEncoder } from '../../../src/core/encoders/sources';
import { CancelledError, UserError } from '../../../src/core/errors';
import { createAdapter } from '../../../src/core/training/adapters';
import { saveCheckpoint, type CheckpointMeta } from '../../../src/core/training/checkpoint';
import { F32 } from '../../../src/core/training/kernels';
import { FAKE_DIM, fakeEmbedding, startRemoteServer, type RemoteServer } from '../../support/remoteServer';

/** A loopback port nobody listens on (fetch refuses some low ports outright). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function normalized(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => Math.fround(x / n));
}

function assertRows(data: Float32Array, expected: string[]) {
  expected.forEach((t, i) => {
    const want = normalized(fakeEmbedding(t));
    const got = Array.from(data.subarray(i * FAKE_DIM, (i + 1) * FAKE_DIM));
    got.forEach((x, j) => assert.ok(Math.abs(x - want[j]) < 1e-6, `row ${i} (${t}) col ${j}: ${x} vs ${want[j]}`));
  });
}

describe('encoders/remote: OpenAI-compatible and TEI servers', function () {
  this.timeout(30_000);
  let server: RemoteServer;
  let tmp: string;
  const savedKey = process.env.XLENS_API_KEY;
  const opened: Encoder[] = [];
  const open = async (source: string) => {
    const e = await openEncoder(source, { cacheDir: tmp, embeddingCache: false });
    opened.push(e);
    return e;
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-remote-'));
    server = await startRemoteServer();
    delete process.env.XLENS_API_KEY;
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.script.length = 0;
  });
  after(async () => {
    for (const e of opened) await e.dispose();
    await server.close();
    if (savedKey !== undefined) process.env.XLENS_API_KEY = savedKey;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('openai: batches, keeps order (answers come back reversed), applies prefixes, normalises', async () => {
    const enc = await open(`openai:${server.url}/v1#my-model?batch=3&concurrency=2&queryPrefix=query:%20&passagePrefix=passage:%20`);
    assert.equal(enc.info.dim, FAKE_DIM);
    assert.equal(enc.info.name, 'my-model');
    assert.equal(enc.info.settings.endpoint, `${server.url}/v1/embeddings`);
    const texts = ['a', 'b', 'c', 'a', 'd', 'e', 'f', 'g'];
    const m = await enc.encode(texts, { role: 'passage' });
    assertRows(m.data, texts.map((t) => `passage: ${t}`));
    const calls = server.requests.slice(1); // after the probe
    assert.deepEqual(calls.map((r) => r.inputs.length), [2, 2, 3], '7 distinct texts in 3 even batches of at most 3');
    assert.ok(calls.every((r) => r.model === 'my-model' && r.path === '/v1/embeddings' && r.auth === undefined));
    assertRows((await enc.encode(['x'])).data, ['query: x']);
    assert.deepEqual(enc.stats(), { texts: 9, encoded: 8, cacheHits: 0, truncated: 0 });
  });

  it('openai: a base URL without /v1 gets it added', async () => {
    const enc = await open(`openai:${server.url}#m`);
    assertRows((await enc.encode(['z'])).data, ['z']);
    assert.equal(server.requests.at(-1)?.path, '/v1/embeddings');
  });

  it('tei: POST /embed', async () => {
    const enc = await open(`tei:${server.url}?batch=2`);
    const m = await enc.encode(['p', 'q', 'r']);
    assertRows(m.data, ['p', 'q', 'r']);
    assert.deepEqual(server.requests[0].inputs.length, 1, 'the probe');
    // Two requests in flight at once (arrival order is the server's): 3 texts at batch 2 go as 1 + 2.
    assert.deepEqual(server.requests.slice(1).map((r) => [r.path, r.inputs.length]).sort(), [['/embed', 1], ['/embed', 2]]);
    assert.equal(enc.info.settings.protocol, 'tei');
  });

  it('retries 429 and 500 answers, then succeeds', async () => {
    const enc = await open(`tei:${server.url}?backoff=1`);
    server.script.push('429', '500', '429');
    assertRows((await enc.encode(['retry me'])).data, ['retry me']);
    assert.equal(server.requests.length, 5, 'the probe, 3 refusals, the answer');
    const few = await open(`tei:${server.url}?backoff=1&retries=1`);
    server.script.push('500', '500');
    await assert.rejects(few.encode(['x']), (e: unknown) => e instanceof UserError && /answered HTTP 500: \{"error":"boom"\}/.test(e.message));
  });

  it('waits as long as Retry-After asks', async () => {
    server.script.push('429-wait-1s');
    const delays: number[] = [];
    const t0 = performance.now();
    const answer = await postJson(`${server.url}/embed`, { inputs: ['w'] }, { timeoutMs: 5000, retries: 2, baseDelayMs: 1, onRetry: (r) => delays.push(r.delayMs) });
    assert.deepEqual(answer, [fakeEmbedding('w')]);
    assert.equal(delays.length, 1);
    assert.ok(delays[0] >= 1000 && performance.now() - t0 >= 1000, `waited ${delays[0]} ms`);
  });

  it('gives up on a server slower than the timeout, with a clear message', async () => {
    const enc = await open(`tei:${server.url}?timeout=200&retries=1&backoff=1`);
    server.slowMs = 2000;
    server.script.push('slow', 'slow');
    const t0 = performance.now();
    await assert.rejects(enc.encode(['slow']), (e: unknown) => e instanceof UserError && /did not answer within 200 ms \(after 2 attempt\(s\)\)/.test(e.message));
    assert.ok(performance.now() - t0 < 1500, 'did not wait for the slow answers');
  });

  it('stops waiting when cancelled', async () => {
    const enc = await open(`tei:${server.url}?timeout=5000`);
    server.script.push('slow');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(enc.encode(['c'], { signal: ac.signal }), CancelledError);
  });

  it('sends the API key from XLENS_API_KEY or keyEnv, never shows it, and explains a refusal', async () => {
    const secret = 'sk-right-0123456789';
    const guarded = await startRemoteServer({ apiKey: secret });
    try {
      process.env.XLENS_API_KEY = 'sk-wrong-9876543210';
      await assert.rejects(openEncoder(`openai:${guarded.url}/v1#m?retries=0`, { embeddingCache: false }), (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.match(e.message, /refused the request \(HTTP 401, the API key was rejected\): .*Incorrect API key provided: \*\*\*/);
        assert.match(e.message, /check the key in \$XLENS_API_KEY/);
        assert.ok(!e.message.includes('sk-wrong-9876543210') && !String(e.stack).includes('sk-wrong'));
        return true;
      });
      delete process.env.XLENS_API_KEY;
      await assert.rejects(openEncoder(`tei:${guarded.url}?retries=0`, { embeddingCache: false }), /no API key was sent[\s\S]*put the key in \$XLENS_API_KEY/);
      await assert.rejects(openEncoder(`tei:${guarded.url}?keyEnv=XLENS_TEST_UNSET_KEY`, { embeddingCache: false }), /keyEnv=XLENS_TEST_UNSET_KEY names an environment variable that is not set/);

      process.env.XLENS_TEST_KEY = secret;
      const enc = await openEncoder(`openai:${guarded.url}/v1#m?keyEnv=XLENS_TEST_KEY`, { embeddingCache: false });
      assertRows((await enc.encode(['k'])).data, ['k']);
      assert.equal(guarded.requests.at(-1)?.auth, `Bearer ${secret}`);
      assert.ok(!JSON.stringify(enc.info).includes(secret), 'not in info, settings or fingerprint');
      assert.equal(enc.info.settings.apiKey, 'from $XLENS_TEST_KEY');
      await enc.dispose();
    } finally {
      delete process.env.XLENS_TEST_KEY;
      await guarded.close();
    }
  });

  it('never takes keyEnv from a checkpoint manifest: its base server gets $XLENS_API_KEY, not the variable it names', async () => {
    const secret = 'sk-manifest-chosen-0123456789';
    process.env.XLENS_TEST_MANIFEST_SECRET = secret;
    const dir = path.join(tmp, 'hostile-checkpoint');
    try {
      const meta = {
        format: 'xlens-checkpoint',
        version: 1,
        base: { source: `openai:${server.url}/v1#m?keyEnv=XLENS_TEST_MANIFEST_SECRET&retries=0`, name: 'm', fingerprint: 'other', dim: FAKE_DIM, cwd: tmp },
        adapter: { kind: 'linear', dim: FAKE_DIM, tensors: {}, map: '' },
      } as unknown as CheckpointMeta;
      await saveCheckpoint(dir, meta, createAdapter(F32, { kind: 'linear', dim: FAKE_DIM }));
      // The probe reaches the base server; the fingerprint then differs and the checkpoint is refused.
      await assert.rejects(open(dir), /is not the one this adapter was trained on/);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].auth, undefined, 'XLENS_API_KEY is unset: no key at all');
      process.env.XLENS_API_KEY = 'sk-xlens-default';
      await assert.rejects(open(dir), /is not the one this adapter was trained on/);
      assert.equal(server.requests[1].auth, 'Bearer sk-xlens-default');
      assert.ok(!JSON.stringify(server.requests).includes(secret));
    } finally {
      delete process.env.XLENS_TEST_MANIFEST_SECRET;
      delete process.env.XLENS_API_KEY;
    }
  });

  it('rejects answers that are not embeddings, and servers that are not there', async () => {
    await assert.rejects(open(`tei:${server.url}/nothing-here?retries=0`), /answered HTTP 404/);
    const port = await closedPort();
    await assert.rejects(open(`tei:http://127.0.0.1:${port}?retries=0`), new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}/embed: ECONNREFUSED`));
    await assert.rejects(open(`tei:${server.url}?batch=0`), /bad batch=0/);
  });
});
