import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from '@huggingface/transformers';
import type { Encoder, EncodeOptions } from '../../../src/core/encoders/encoder';
import { openEncoder } from '../../../src/core/encoders/sources';
import { CancelledError, UserError } from '../../../src/core/errors';
import { e5SmallTwinOrSkip, SAMPLE_SENTENCES, tinyModel } from '../../support/testModels';

const TEXTS = SAMPLE_SENTENCES.map((s) => s.text);

/** transformers.js's own feature-extraction output for the same folder (the reference). */
async function reference(dir: string, texts: string[], dtype: 'fp32' | 'q8', pooling: 'mean' | 'cls'): Promise<Float32Array> {
  const extractor = await pipeline('feature-extraction', dir, { dtype });
  try {
    const out = await extractor(texts, { pooling, normalize: true });
    return out.data as Float32Array;
  } finally {
    await extractor.dispose();
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A copy of a model folder with config.json changes and some files left out. */
function copyModel(src: string, dst: string, change: { config?: Record<string, unknown>; drop?: string[] } = {}): string {
  fs.cpSync(src, dst, { recursive: true, filter: (f) => !(change.drop ?? []).some((d) => f === path.join(src, d)) });
  if (change.config) {
    const file = path.join(dst, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), ...change.config }, null, 2));
  }
  return dst;
}

describe('encoders/transformers: local model folders', function () {
  this.timeout(120_000);
  let tmp: string;
  let dir: string;
  const opened: Encoder[] = [];
  /** Open without the embedding cache (tests of the cache live in cache.test.ts). */
  const open = async (source: string, cwd?: string) => {
    const e = await openEncoder(source, { cwd, cacheDir: path.join(tmp, 'xlens-cache'), embeddingCache: false });
    opened.push(e);
    return e;
  };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-tf-'));
    dir = tinyModel({ seed: 1 }).dir;
  });
  after(async () => {
    for (const e of opened) await e.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('gives the vectors of transformers.js feature-extraction (mean, normalize) within 1e-5, fp32 and q8', async () => {
    // q8 graphs quantise activations per tensor (DynamicQuantizeLinear), so a text's vector
    // depends on its batch at the ~1e-3 level: compare q8 on the pipeline's batch (all texts).
    for (const dtype of ['fp32', 'q8'] as const) {
      const enc = await open(`${dir}?dtype=${dtype}${dtype === 'q8' ? '&batchTokens=100000' : ''}`);
      const m = await enc.encode(TEXTS);
      assert.equal(m.rows, TEXTS.length);
      assert.equal(m.dim, 32);
      const diff = maxAbsDiff(m.data, await reference(dir, TEXTS, dtype, 'mean'));
      assert.ok(diff < 1e-5, `${dtype}: max |Δ| = ${diff}`);
      assert.equal(enc.info.settings.dtype, dtype);
      assert.equal(enc.info.settings.poolingFrom, '1_Pooling/config.json');
    }
  });

  it('returns rows in input order, encodes duplicates once, and counts what it did', async () => {
    const enc = await open(dir);
    const texts = [TEXTS[3], TEXTS[0], TEXTS[3], TEXTS[5], TEXTS[0]];
    const m = await enc.encode(texts);
    const single = await enc.encode([TEXTS[3]]);
    assert.ok(maxAbsDiff(m.data.subarray(0, 32), single.data) < 1e-6);
    assert.deepEqual(Array.from(m.data.subarray(0, 32)), Array.from(m.data.subarray(64, 96)));
    assert.deepEqual(enc.stats(), { texts: 6, encoded: 4, cacheHits: 0, truncated: 0 });
    for (let r = 0; r < m.rows; r++) {
      const n = Math.hypot(...m.data.subarray(r * 32, (r + 1) * 32));
      assert.ok(Math.abs(n - 1) < 1e-5, `row ${r} has norm ${n}`);
    }
  });

  it('batches by token budget without changing vectors', async () => {
    const small = await open(`${dir}?batchTokens=24`);
    const big = await open(`${dir}?batchTokens=100000`);
    const progress: number[] = [];
    const a = await small.encode(TEXTS, { onProgress: (p) => p.phase.startsWith('encoding') && progress.push(p.done) });
    const b = await big.encode(TEXTS);
    assert.ok(maxAbsDiff(a.data, b.data) < 1e-5);
    assert.ok(progress.length > 5, `one progress report per batch (${progress.length})`);
    assert.equal(progress.at(-1), TEXTS.length);
  });

  it('cuts texts at maxLength keeping the closing token, and counts them', async () => {
    const enc = await open(`${dir}?maxLength=8`);
    const long = 'the city and the river and the water of the world is in the history of music';
    const m = await enc.encode([long, 'hello', long]);
    assert.equal(enc.stats().truncated, 1, 'one distinct text cut');
    assert.equal(enc.info.settings.maxLength, 8);
    // Same as feeding the model the first 7 tokens + [SEP]: transformers.js on the shortened text.
    const extractor = await pipeline('feature-extraction', dir, { dtype: 'fp32' });
    const ids = extractor.tokenizer.encode(long);
    const cut = extractor.tokenizer.decode(ids.slice(1, 7), { skip_special_tokens: true });
    assert.deepEqual(extractor.tokenizer.encode(cut), [...ids.slice(0, 7), ids.at(-1)]);
    const ref = (await extractor([cut], { pooling: 'mean', normalize: true })).data as Float32Array;
    await extractor.dispose();
    assert.ok(maxAbsDiff(m.data.subarray(0, 32), ref) < 1e-5);
    const full = await open(dir);
    await full.encode([long]);
    assert.equal(full.stats().truncated, 0);
  });

  it('reads pooling from 1_Pooling, else a family preset (e5 prefixes, LaBSE cls), else the options', async () => {
    const e5 = await open(copyModel(dir, path.join(tmp, 'e5'), { config: { _name_or_path: 'intfloat/multilingual-e5-small' }, drop: ['1_Pooling', 'modules.json'] }));
    assert.equal(e5.info.settings.family, 'e5');
    assert.equal(e5.info.settings.pooling, 'mean');
    assert.equal(e5.info.settings.queryPrefix, 'query: ');
    assert.equal(e5.info.settings.passagePrefix, 'passage: ');
    const q = await e5.encode(TEXTS.slice(0, 4), { role: 'query' });
    const p = await e5.encode(TEXTS.slice(0, 4), { role: 'passage' });
    const none = await e5.encode(TEXTS.slice(0, 4));
    assert.ok(maxAbsDiff(q.data, await reference(dir, TEXTS.slice(0, 4).map((t) => `query: ${t}`), 'fp32', 'mean')) < 1e-5);
    assert.ok(maxAbsDiff(p.data, await reference(dir, TEXTS.slice(0, 4).map((t) => `passage: ${t}`), 'fp32', 'mean')) < 1e-5);
    assert.deepEqual(Array.from(none.data), Array.from(q.data), 'no role = the query prefix (symmetric use)');

    const labse = await open(copyModel(dir, path.join(tmp, 'labse'), { config: { _name_or_path: 'sentence-transformers/LaBSE' }, drop: ['1_Pooling', 'modules.json'] }));
    assert.deepEqual([labse.info.settings.pooling, labse.info.settings.poolingFrom, labse.info.settings.queryPrefix], ['cls', 'LaBSE preset', '']);
    assert.ok(maxAbsDiff((await labse.encode(TEXTS)).data, await reference(dir, TEXTS, 'fp32', 'cls')) < 1e-5);

    // 1_Pooling beats the preset; options beat both (prefixes percent-decoded).
    const e5WithPooling = await open(copyModel(dir, path.join(tmp, 'e5-pooling'), { config: { _name_or_path: 'intfloat/multilingual-e5-base' } }));
    assert.deepEqual([e5WithPooling.info.settings.pooling, e5WithPooling.info.settings.poolingFrom], ['mean', '1_Pooling/config.json']);
    const over = await open(`${path.join(tmp, 'e5')}?pooling=cls&queryPrefix=q%3A%20&passagePrefix=`);
    assert.deepEqual([over.info.settings.pooling, over.info.settings.queryPrefix, over.info.settings.passagePrefix], ['cls', 'q: ', '']);
    assert.ok(maxAbsDiff((await over.encode(['abc'], { role: 'query' })).data, await reference(dir, ['q: abc'], 'fp32', 'cls')) < 1e-5);

    const bge = await open(copyModel(dir, path.join(tmp, 'bge'), { config: { _name_or_path: 'BAAI/bge-m3' }, drop: ['1_Pooling', 'modules.json'] }));
    assert.equal(bge.info.settings.pooling, 'cls');
    const mini = await open(copyModel(dir, path.join(tmp, 'mini'), { config: { _name_or_path: 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2' }, drop: ['1_Pooling'] }));
    assert.deepEqual([mini.info.settings.pooling, mini.info.settings.queryPrefix], ['mean', '']);

    // A pooling XLens does not do is an error naming the file, unless an option chooses one.
    const maxPool = copyModel(dir, path.join(tmp, 'max'));
    fs.writeFileSync(path.join(maxPool, '1_Pooling', 'config.json'), JSON.stringify({ pooling_mode_max_tokens: true, pooling_mode_mean_tokens: false }));
    await assert.rejects(open(maxPool), (e: unknown) => e instanceof UserError && e.file === path.join(maxPool, '1_Pooling', 'config.json') && /pooling max_tokens is not supported/.test(e.message));
    assert.equal((await open(`${maxPool}?pooling=mean`)).info.settings.poolingFrom, 'option');
  });

  it('changes the fingerprint with everything that changes the vectors, and only with that', async () => {
    const fp = async (s: string) => (await open(s)).info.fingerprint;
    const base = await fp(dir);
    assert.equal(await fp(`${dir}?batchTokens=64&threads=1`), base);
    const others = await Promise.all([`${dir}?dtype=q8`, `${dir}?pooling=cls`, `${dir}?maxLength=64`, `${dir}?queryPrefix=x`, `${dir}?normalize=false`].map(fp));
    assert.equal(new Set([base, ...others]).size, 6);
    const seed2 = tinyModel({ seed: 2 }).dir;
    assert.notEqual(await fp(seed2), base, 'other weights');
  });

  it('stops between batches when cancelled', async () => {
    const enc = await open(`${dir}?batchTokens=24`);
    const ac = new AbortController();
    const opts: EncodeOptions = { signal: ac.signal, onProgress: (p) => p.phase.startsWith('encoding') && p.done > 0 && ac.abort() };
    await assert.rejects(enc.encode(TEXTS, opts), CancelledError);
    const done = enc.stats().encoded;
    assert.ok(done > 0 && done < TEXTS.length, `encoded ${done} before stopping`);
  });

  it('lists the expected layout and what is missing in an incomplete folder', async () => {
    const broken = copyModel(dir, path.join(tmp, 'broken'), { drop: ['tokenizer.json', 'onnx/model.onnx'] });
    await assert.rejects(open(broken), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.file, broken);
      assert.match(e.message, /not a complete transformers\.js model folder for dtype fp32: missing tokenizer\.json, onnx\/model\.onnx/);
      assert.match(e.message, /expected layout:[\s\S]*config\.json[\s\S]*tokenizer_config\.json[\s\S]*onnx\/model_quantized\.onnx/);
      assert.match(e.message, /onnx\/model_quantized\.onnx is there: add \?dtype=q8/);
      return true;
    });
    await assert.rejects(open(`${dir}?dtype=fp16`), /missing onnx\/model_fp16\.onnx/);
    const badJson = copyModel(dir, path.join(tmp, 'bad-json'));
    fs.writeFileSync(path.join(badJson, 'config.json'), '{ nope');
    await assert.rejects(open(badJson), (e: unknown) => e instanceof UserError && e.file === path.join(badJson, 'config.json') && /bad JSON/.test(e.message));
    const badOnnx = copyModel(dir, path.join(tmp, 'bad-onnx'));
    fs.writeFileSync(path.join(badOnnx, 'onnx', 'model.onnx'), 'not a model');
    await assert.rejects(open(badOnnx), (e: unknown) => e instanceof UserError && e.file === path.join(badOnnx, 'onnx', 'model.onnx') && /cannot load the ONNX model/.test(e.message));
    await assert.rejects(open(`${dir}?pooling=max`), /bad pooling=max/);
    await assert.rejects(open(`${dir}?colour=red`), /unknown option "colour"[\s\S]*dtype=fp32\|fp16\|q8/);
  });
});

describe('encoders/transformers: inference off the main thread (e5-small twin)', function () {
  this.timeout(300_000);
  let twinDir: string;
  before(function () {
    twinDir = e5SmallTwinOrSkip(this, { seed: 1 }).dir;
  });

  it('keeps the event loop running while a large batch computes', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-twin-'));
    const enc = await openEncoder(`${twinDir}?batchTokens=100000&maxLength=256`, { cacheDir, embeddingCache: false });
    try {
      const texts = Array.from({ length: 48 }, (_, i) => `${SAMPLE_SENTENCES[i % 32].text} `.repeat(8) + i);
      let last = performance.now();
      let worst = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 5);
      const t0 = performance.now();
      await enc.encode(texts);
      const took = performance.now() - t0;
      clearInterval(tick);
      assert.ok(took > 500, `one batch of 48 × 256 tokens took ${took.toFixed(0)} ms`);
      // One ORT call computes the whole batch (batchTokens 100k), so a blocking encoder stalls the
      // loop for about the whole encode; a fixed bound in ms would fail on a loaded machine, where
      // the scheduler alone delays a tick by hundreds of ms.
      assert.ok(worst < took / 3, `the event loop stalled ${worst.toFixed(0)} ms during ${took.toFixed(0)} ms of encoding`);
    } finally {
      await enc.dispose();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
