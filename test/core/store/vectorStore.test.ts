import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { encodeNpy } from '../../../src/core/encoders/npy';
import { UserError } from '../../../src/core/errors';
import { search } from '../../../src/core/retrieval';
import { npyRows } from '../../../src/core/store/fileRows';
import { toF16Rows } from '../../../src/core/store/rowSource';
import { encodeToStore, openVectorStore, storeDir } from '../../../src/core/store/vectorStore';
import { atEveryKillPoint } from '../../support/killPoints';
import { stubEncoder } from '../../support/stubEncoder';
import { KERNELS } from '../retrieval/kernels';

const DIM = 8;
const TEXTS = Array.from({ length: 50 }, (_, i) => `text ${i}`);
const VECTORS: Record<string, number[]> = Object.fromEntries(TEXTS.map((t, i) => [t, Array.from({ length: DIM }, (_, d) => Math.sin(i * 7 + d * 3) + (d === i % DIM ? 2 : 0))]));

/** The stub encoder, counting the texts it was asked to encode. */
function counting(): Encoder & { encodedTexts: number } {
  const inner = stubEncoder(VECTORS);
  const enc = {
    info: inner.info,
    encodedTexts: 0,
    async encode(texts: readonly string[]) {
      enc.encodedTexts += texts.length;
      return inner.encode(texts);
    },
    stats: () => inner.stats(),
    dispose: () => inner.dispose(),
  };
  return enc;
}

const all = (src: { rows: number; dim: number; read: (s: number, c: number, x: Float32Array) => Float32Array }) => Array.from(src.read(0, src.rows, new Float32Array(src.rows * src.dim)));

describe('store/vectorStore: encoded vectors on disk, read a tile at a time', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-store-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const dtype of ['f32', 'f16'] as const) {
    it(`${dtype}: rows read back (any window, across shards) equal the encoder's (float16: rounded to nearest even)`, async () => {
      const expected = await stubEncoder(VECTORS).encode(TEXTS);
      const want = dtype === 'f32' ? Array.from(expected.data) : all(toF16Rows(expected));
      const r = await encodeToStore(counting(), TEXTS, { root, dtype, shardRows: 7 });
      assert.deepEqual([r.encoded, r.kept], [50, 0]);
      const store = openVectorStore(r.dir);
      try {
        assert.equal(store.rows, 50);
        assert.equal(store.bytesPerValue, dtype === 'f32' ? 4 : 2);
        assert.deepEqual(all(store), want);
        const scratch = new Float32Array(20 * DIM);
        for (const [s, c] of [[0, 1], [6, 2], [13, 15], [49, 1], [3, 20]]) assert.deepEqual(Array.from(store.read(s, c, scratch)), want.slice(s * DIM, (s + c) * DIM));
      } finally {
        store.close();
      }
    });
  }

  it('a search over the store equals the search over the same vectors in memory, exactly (ts and ort, several tiles)', async () => {
    const Q = await stubEncoder(VECTORS).encode(TEXTS.slice(0, 12));
    const relevant = Array.from({ length: 12 }, (_, i) => Int32Array.of(i, (i * 17) % 50));
    const r = await encodeToStore(counting(), TEXTS, { root, dtype: 'f32', shardRows: 9 });
    const store = openVectorStore(r.dir);
    const D = await stubEncoder(VECTORS).encode(TEXTS);
    try {
      for (const backend of KERNELS) {
        const a = await search(Q, store, { k: 5, relevant, backend, tileRows: 16 });
        const b = await search(Q, D, { k: 5, relevant, backend, tileRows: 16 });
        assert.deepEqual(a, b);
      }
    } finally {
      store.close();
    }
  });

  it('a search over a float16 store equals the search over its widened copy in memory (the native kernel reads the halves itself)', async () => {
    const Q = await stubEncoder(VECTORS).encode(TEXTS.slice(0, 12));
    const relevant = Array.from({ length: 12 }, (_, i) => Int32Array.of(i, (i * 7) % 50));
    const r = await encodeToStore(counting(), TEXTS, { root, dtype: 'f16', shardRows: 9 });
    const store = openVectorStore(r.dir);
    const half = toF16Rows(await stubEncoder(VECTORS).encode(TEXTS));
    const wide = { rows: half.rows, dim: half.dim, data: half.read(0, half.rows, new Float32Array(half.rows * half.dim)).slice() };
    try {
      assert.equal(typeof store.readF16, 'function');
      for (const backend of KERNELS) {
        const a = await search(Q, store, { k: 5, relevant, backend, tileRows: 16 });
        const b = await search(Q, wide, { k: 5, relevant, backend, tileRows: 16 });
        assert.deepEqual(a, b);
      }
    } finally {
      store.close();
    }
  });

  it('resumes after a stop: finished shards are kept, only the rest is encoded', async () => {
    const enc = counting();
    const ctl = new AbortController();
    let shards = 0;
    await assert.rejects(
      encodeToStore(enc, TEXTS, { root, shardRows: 10, signal: ctl.signal, onProgress: () => ++shards === 2 && ctl.abort() }),
      (e: Error) => e.name === 'CancelledError',
    );
    assert.equal(enc.encodedTexts, 20);
    assert.throws(() => openVectorStore(storeDir(root, enc, TEXTS, undefined, 'f16')), (e: unknown) => e instanceof UserError && /unfinished: its shards hold 20 of 50/.test(e.message));
    const again = counting();
    const r = await encodeToStore(again, TEXTS, { root, shardRows: 10 });
    assert.deepEqual([r.encoded, r.kept, again.encodedTexts], [30, 2, 30]);
    const store = openVectorStore(r.dir);
    assert.deepEqual(all(store), all(toF16Rows(await stubEncoder(VECTORS).encode(TEXTS))));
    store.close();
    // A third run has nothing to do.
    const third = counting();
    assert.deepEqual(await encodeToStore(third, TEXTS, { root, shardRows: 10 }), { dir: r.dir, encoded: 0, kept: 5 });
    assert.equal(third.encodedTexts, 0);
  });

  it('another text list, role or encoder has its own folder', () => {
    const enc = counting();
    const a = storeDir(root, enc, TEXTS, 'passage', 'f16');
    assert.notEqual(a, storeDir(root, enc, TEXTS.slice(1), 'passage', 'f16'));
    assert.notEqual(a, storeDir(root, enc, TEXTS, 'query', 'f16'));
    assert.notEqual(a, storeDir(root, enc, TEXTS, 'passage', 'f32'));
    assert.notEqual(a, storeDir(root, { ...enc, info: { ...enc.info, fingerprint: 'other' } }, TEXTS, 'passage', 'f16'));
  });

  it('a damaged shard is refused by name, and rewritten by the next encoding', async () => {
    const r = await encodeToStore(counting(), TEXTS, { root, shardRows: 10 });
    const shard = path.join(r.dir, 'shard-000002.vec');
    const bytes = fs.readFileSync(shard);
    bytes[5] ^= 0x40;
    fs.writeFileSync(shard, bytes);
    assert.throws(() => openVectorStore(r.dir), (e: unknown) => e instanceof UserError && e.message.includes('shard-000002.vec') && /sha256/.test(e.message));
    fs.truncateSync(shard, 7);
    assert.throws(() => openVectorStore(r.dir), (e: unknown) => e instanceof UserError && /shard size 7 bytes/.test(e.message));
    const enc = counting();
    assert.deepEqual(await encodeToStore(enc, TEXTS, { root, shardRows: 10 }), { dir: r.dir, encoded: 10, kept: 4 });
    openVectorStore(r.dir).close();
  });

  it('a write stopped at any step: the store never lists a shard it lacks, and the next run finishes it exactly', async () => {
    const dir = storeDir(root, counting(), TEXTS, undefined, 'f16');
    const want = all(toF16Rows(await stubEncoder(VECTORS).encode(TEXTS)));
    const steps = await atEveryKillPoint(
      () => encodeToStore(counting(), TEXTS, { root, shardRows: 20 }),
      () => fs.rmSync(root, { recursive: true, force: true }),
      async (at) => {
        const manifest = fs.existsSync(path.join(dir, 'manifest.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) : { shards: [] };
        for (const s of manifest.shards) assert.ok(fs.existsSync(path.join(dir, s.file)), `after a stop at ${at.step} of ${path.basename(at.target)} the manifest lists a missing ${s.file}`);
        const enc = counting();
        const r = await encodeToStore(enc, TEXTS, { root, shardRows: 20 });
        assert.equal(r.kept, manifest.shards.length);
        assert.equal(enc.encodedTexts, 50 - 20 * manifest.shards.length);
        const store = openVectorStore(r.dir);
        assert.deepEqual(all(store), want, `after a stop at ${at.step}`);
        store.close();
      },
    );
    assert.ok(steps.some((s) => s.step === 'rename' && s.target.endsWith('manifest.json')));
    assert.ok(steps.some((s) => s.step === 'rename' && s.target.endsWith('shard-000002.vec')));
  });
});

describe('store/fileRows: a .npy table read a tile at a time', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-npyrows-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const wide of [false, true]) {
    it(`${wide ? 'float64 (narrowed to float32)' : 'float32'}: any window equals the table`, () => {
      const values = Array.from({ length: 13 * 5 }, (_, i) => Math.cos(i) / 3);
      const file = path.join(root, 't.npy');
      fs.writeFileSync(file, encodeNpy(wide ? Float64Array.from(values) : Float32Array.from(values), [13, 5]));
      const rows = npyRows(file);
      try {
        assert.deepEqual([rows.rows, rows.dim], [13, 5]);
        const f32 = Array.from(Float32Array.from(values));
        const scratch = new Float32Array(13 * 5);
        for (const [s, c] of [[0, 13], [4, 3], [12, 1]]) assert.deepEqual(Array.from(rows.read(s, c, scratch)), f32.slice(s * 5, (s + c) * 5));
        assert.throws(() => rows.read(10, 4, scratch), RangeError);
      } finally {
        rows.close();
      }
    });
  }

  it('refuses a 1-D table, a truncated one and a missing file with a UserError naming it', () => {
    const file = path.join(root, 'bad.npy');
    fs.writeFileSync(file, encodeNpy(new Float32Array(6), [6]));
    assert.throws(() => npyRows(file), (e: unknown) => e instanceof UserError && e.message.includes('bad.npy') && /2-D/.test(e.message));
    const bytes = encodeNpy(new Float32Array(12), [3, 4]);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 4));
    assert.throws(() => npyRows(file), (e: unknown) => e instanceof UserError && /truncated/.test(e.message));
    assert.throws(() => npyRows(path.join(root, 'none.npy')), (e: unknown) => e instanceof UserError);
  });
});
