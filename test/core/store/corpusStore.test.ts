import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openPrecomputed } from '../../../src/core/encoders/precomputed';
import { UserError } from '../../../src/core/errors';
import { openCorpusStore, writeCorpusStore } from '../../../src/core/store/corpusStore';
import { stubEncoder } from '../../support/stubEncoder';

const DIM = 6;
const vec = (i: number) => Array.from({ length: DIM }, (_, d) => Math.cos(i * 5 + d) + (d === i % DIM ? 1.5 : 0));
const QUERIES = Array.from({ length: 23 }, (_, i) => `question ${i}\nwith a line break`);
const PASSAGES = Array.from({ length: 17 }, (_, i) => `passage ${i}`);
const SHARED = 'same text, two roles';
const VECTORS: Record<string, number[]> = Object.fromEntries([...QUERIES, ...PASSAGES, SHARED].map((t, i) => [t, vec(i)]));

describe('store/corpusStore and precomputed:DIR.xlstore', () => {
  let dir: string;
  beforeEach(() => (dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-cstore-')), 'v.xlstore')));
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  const write = () =>
    writeCorpusStore(dir, stubEncoder(VECTORS), [
      { role: 'query', texts: [...QUERIES, SHARED] },
      { role: 'passage', texts: [...PASSAGES, SHARED] },
    ], { dtype: 'f32', shardRows: 5 });

  it('serves every text of its role with the encoder\'s (unit) vector, in any order, rows read across shards and parts', async () => {
    const r = await write();
    assert.deepEqual(r, { rows: 42, encoded: 42, kept: 0, shards: 5 + 4 });
    const enc = await openPrecomputed(dir);
    const stub = stubEncoder(VECTORS);
    try {
      assert.equal(enc.info.settings.format, 'store');
      assert.equal(enc.info.dim, DIM);
      const asked = [PASSAGES[3], PASSAGES[4], PASSAGES[5], PASSAGES[16], PASSAGES[0], SHARED];
      const got = await enc.encode(asked, { role: 'passage' });
      const want = await stub.encode(asked);
      for (let i = 0; i < got.data.length; i++) assert.ok(Math.abs(got.data[i] - want.data[i]) < 1e-6, `value ${i}`);
      const q = await enc.encode([...QUERIES].reverse(), { role: 'query' });
      assert.deepEqual(Array.from(q.data.subarray(0, DIM)).map((x) => x.toFixed(5)), Array.from((await stub.encode([QUERIES[22]])).data).map((x) => x.toFixed(5)));
      // A passage asked for as a query is missing (no role-less rows here), named with the hint.
      await assert.rejects(enc.encode([PASSAGES[1]], { role: 'query' }), (e: unknown) => e instanceof UserError && /1 text is missing from the vector table, e.g. "passage 1"/.test(e.message) && /only for role passage/.test(e.message));
    } finally {
      await enc.dispose();
    }
  });

  it('the fingerprint follows the content: the same corpus written again opens with the same one', async () => {
    await write();
    const a = await openPrecomputed(dir);
    await a.dispose();
    const again = await write();
    assert.equal(again.kept, 9);
    const b = await openPrecomputed(dir);
    await b.dispose();
    assert.equal(a.info.fingerprint, b.info.fingerprint);
  });

  it('refuses an index naming files outside the store, and texts that do not match the shards', async () => {
    await write();
    const indexFile = path.join(dir, 'xlstore.json');
    const index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
    fs.writeFileSync(indexFile, JSON.stringify({ ...index, parts: [{ ...index.parts[0], texts: '../../etc/passwd' }] }));
    assert.throws(() => openCorpusStore(dir), (e: unknown) => e instanceof UserError && e.file === indexFile && /outside the store folder/.test(e.message));
    // Texts swapped between lines, with the hash in the index updated to match: the shard hashes of
    // the text keys still catch it.
    const texts = [...QUERIES, SHARED];
    [texts[0], texts[1]] = [texts[1], texts[0]];
    const data = texts.map((t) => JSON.stringify(t) + '\n').join('');
    fs.writeFileSync(path.join(dir, index.parts[0].texts), data);
    const sha = (await import('node:crypto')).createHash('sha256').update(data).digest('hex');
    fs.writeFileSync(indexFile, JSON.stringify({ ...index, parts: [{ ...index.parts[0], textsSha256: sha }, index.parts[1]] }));
    assert.throws(() => openCorpusStore(dir), (e: unknown) => e instanceof UserError && /the rows of shard-000000\.vec belong to other texts than lines 1–5 of texts-query\.jsonl/.test(e.message));
  });
});
