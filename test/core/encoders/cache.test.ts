import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedEncoder } from '../../../src/core/encoders/cache/cachedEncoder';
import { listSegments } from '../../../src/core/encoders/cache/segments';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { openEncoder } from '../../../src/core/encoders/sources';
import { CancelledError } from '../../../src/core/errors';
import { startRemoteServer, type RemoteServer } from '../../support/remoteServer';
import { stubEncoder } from '../../support/stubEncoder';
import { SAMPLE_SENTENCES, tinyModel } from '../../support/testModels';

const TEXTS = SAMPLE_SENTENCES.map((s) => s.text);

function allFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [];
}

describe('encoders/cache: the embedding cache', function () {
  this.timeout(120_000);
  let tmp: string;
  let model: string;
  let server: RemoteServer;
  const opened: Encoder[] = [];
  const open = async (source: string, cacheDir = path.join(tmp, 'c')) => {
    const e = await openEncoder(source, { cacheDir });
    opened.push(e);
    return e;
  };
  const segmentsOf = (e: Encoder, cacheDir = path.join(tmp, 'c')) => listSegments(path.join(cacheDir, 'embeddings', e.info.fingerprint));

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-cache-'));
    model = tinyModel({ seed: 1 }).dir;
    server = await startRemoteServer();
  });
  after(async () => {
    for (const e of opened) await e.dispose();
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves a second run from disk: it encodes nothing and gives the same vectors', async () => {
    const first = await open(model);
    const a = await first.encode(TEXTS, { role: 'passage' });
    assert.deepEqual(first.stats(), { texts: 32, encoded: 32, cacheHits: 0, truncated: 0 });
    const second = await open(model);
    const b = await second.encode([...TEXTS, TEXTS[0]], { role: 'passage' });
    assert.deepEqual(second.stats(), { texts: 33, encoded: 0, cacheHits: 33, truncated: 0 });
    assert.deepEqual(Array.from(b.data.subarray(0, a.data.length)), Array.from(a.data));
    assert.deepEqual(Array.from(b.data.subarray(32 * 32)), Array.from(a.data.subarray(0, 32)));
    const meta = JSON.parse(fs.readFileSync(path.join(tmp, 'c', 'embeddings', first.info.fingerprint, 'meta.json'), 'utf8'));
    assert.deepEqual([meta.fingerprint, meta.dim, meta.source], [first.info.fingerprint, 32, model]);
  });

  it('keys entries by the text the model sees: prefixes per role, and other options elsewhere', async () => {
    const e5 = path.join(tmp, 'e5');
    fs.cpSync(model, e5, { recursive: true, filter: (f) => !f.includes('1_Pooling') && !f.endsWith('modules.json') });
    const cfg = path.join(e5, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ ...JSON.parse(fs.readFileSync(cfg, 'utf8')), _name_or_path: 'intfloat/multilingual-e5-small' }));
    const enc = await open(e5);
    await enc.encode(TEXTS.slice(0, 4), { role: 'query' });
    await enc.encode(TEXTS.slice(0, 4), { role: 'passage' });
    assert.equal(enc.stats().encoded, 8, 'query: and passage: texts differ');
    await enc.encode(TEXTS.slice(0, 4));
    assert.equal(enc.stats().cacheHits, 4, 'no role = the query prefix: same entries');
    const q8 = await open(`${e5}?dtype=q8`);
    await q8.encode(TEXTS.slice(0, 4), { role: 'query' });
    assert.deepEqual([q8.stats().encoded, q8.stats().cacheHits], [4, 0], 'another fingerprint');
    const off = await open(`${e5}?cache=off`);
    await off.encode(TEXTS.slice(0, 4), { role: 'query' });
    assert.deepEqual([off.stats().encoded, off.stats().cacheHits], [4, 0], 'cache=off');
  });

  it('keeps the finished batches of a cancelled run; the next run encodes only the rest', async () => {
    const source = `${model}?batchTokens=40`;
    const dir = path.join(tmp, 'resume');
    const enc = await open(source, dir);
    const ac = new AbortController();
    let batches = 0;
    await assert.rejects(
      enc.encode(TEXTS, { signal: ac.signal, onProgress: (p) => p.phase.startsWith('encoding') && ++batches === 3 && ac.abort() }),
      CancelledError,
    );
    const done = enc.stats().encoded;
    assert.ok(done > 0 && done < TEXTS.length, `${done} encoded before the cancel`);
    assert.equal(segmentsOf(enc, dir).length, 3, 'one segment per finished batch');
    assert.ok(!allFiles(dir).some((f) => f.endsWith('.tmp')), 'no half-written entry');

    const again = await open(source, dir);
    const resumed = await again.encode(TEXTS);
    assert.deepEqual([again.stats().encoded, again.stats().cacheHits], [TEXTS.length - done, done]);
    const fresh = await openEncoder(source, { cacheDir: dir, embeddingCache: false });
    const ref = await fresh.encode(TEXTS);
    await fresh.dispose();
    resumed.data.forEach((x, i) => assert.ok(Math.abs(x - ref.data[i]) < 1e-6, `value ${i}`));
  });

  it('ignores damaged segments, and compacts many small ones', async () => {
    const dir = path.join(tmp, 'compact');
    const enc = await open(`${model}?batchTokens=1`, dir); // one text per batch: one segment each
    const texts = Array.from({ length: 70 }, (_, i) => `text number ${i}`);
    await enc.encode(texts);
    const segs = segmentsOf(enc, dir);
    assert.equal(segs.length, 70);
    fs.writeFileSync(segs[0].replace(/[^/\\]+$/, 'zzz-damaged.seg'), 'XLEMB001 short');
    fs.truncateSync(segs[1], 40);
    const again = await open(`${model}?batchTokens=1`, dir);
    await again.encode(texts);
    assert.deepEqual([again.stats().encoded, again.stats().cacheHits], [1, 69], 'the truncated segment is re-encoded');
    assert.ok(segmentsOf(again, dir).length <= 3, `compacted: ${segmentsOf(again, dir).length} segments`);
    const third = await open(`${model}?batchTokens=1`, dir);
    await third.encode(texts);
    assert.deepEqual([third.stats().encoded, third.stats().cacheHits], [0, 70]);
  });

  it('caches servers too, and encoders without the batch hook', async () => {
    const dir = path.join(tmp, 'remote');
    const a = await open(`tei:${server.url}?batch=2`, dir);
    await a.encode(['r1', 'r2', 'r3']);
    const b = await open(`tei:${server.url}?batch=2`, dir);
    server.requests.length = 0;
    await b.encode(['r3', 'r1', 'r2']);
    assert.deepEqual(server.requests.length, 0);
    assert.equal(b.stats().cacheHits, 3);

    const stub = cachedEncoder(stubEncoder({ x: [1, 0], y: [0, 1] }), { dir: path.join(tmp, 'stub') });
    await stub.encode(['x', 'y', 'x']);
    const stub2 = cachedEncoder(stubEncoder({ x: [1, 0], y: [0, 1] }), { dir: path.join(tmp, 'stub') });
    const m = await stub2.encode(['y', 'x']);
    assert.deepEqual(Array.from(m.data), [0, 1, 1, 0]);
    assert.deepEqual(stub2.stats(), { texts: 2, encoded: 0, cacheHits: 2, truncated: 0 });
  });
});
