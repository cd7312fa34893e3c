import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AutoModel, AutoTokenizer, env, pipeline, type ProgressInfo, type Tensor } from '@huggingface/transformers';
import { MODEL_CACHE_DIR, SAMPLE_SENTENCES, folderSizes, tinyModel, tinyVocabulary } from '../../support/testModels';

/** Loads a generated tiny model exactly as a user's local model folder is loaded. */
describe('onnx/testModels: tiny model through transformers.js', function () {
  this.timeout(120_000);
  const saved = { allowRemoteModels: env.allowRemoteModels, localModelPath: env.localModelPath, cacheDir: env.cacheDir };
  const texts = SAMPLE_SENTENCES.map((s) => s.text);
  const model = tinyModel({ seed: 7 });

  before(() => {
    env.allowRemoteModels = false; // never reach the Hub
    env.localModelPath = MODEL_CACHE_DIR;
    env.cacheDir = path.join(MODEL_CACHE_DIR, '..', 'transformers-cache');
  });
  after(() => Object.assign(env, saved));

  const embed = async (id: string, dtype: 'fp32' | 'q8', input: string[]) => {
    const extractor = await pipeline('feature-extraction', id, { dtype });
    const out = await extractor(input, { pooling: 'mean', normalize: true });
    await extractor.dispose();
    return { dims: out.dims, data: Float32Array.from(out.data as Float32Array) };
  };
  const row = (d: Float32Array, i: number, h: number) => d.subarray(i * h, (i + 1) * h);
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);

  it('writes a complete folder once and reuses it', () => {
    const files = folderSizes(model.dir);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx', '1_Pooling/config.json'])
      assert.ok(files[f] > 0, f);
    const again = tinyModel({ seed: 7 });
    assert.equal(again.dir, model.dir);
    assert.equal(again.created, false);
    assert.notEqual(tinyModel({ seed: 8 }).dir, model.dir);
    assert.ok(!fs.readdirSync(MODEL_CACHE_DIR).some((d) => d.includes(`.tmp-${process.pid}-`)), 'no temp folders left');
  });

  it('tokenizes every script of the samples without [UNK], with BERT token types', async () => {
    const tok = await AutoTokenizer.from_pretrained(model.dir);
    const unk = tinyVocabulary().indexOf('[UNK]');
    for (const text of texts) assert.ok(!tok.encode(text).includes(unk), text);
    const enc = tok(['hello world'], { text_pair: ['привет мир'] });
    assert.deepEqual(enc.token_type_ids?.tolist(), [[0n, 0n, 0n, 0n, 1n, 1n, 1n]]);
    assert.equal(tok.decode(tok.encode('Der Rhein ist ein Fluss.'), { skip_special_tokens: true }), 'der rhein ist ein fluss.');
  });

  it('feature-extraction: right dims, unit norm, deterministic across loads, distinct texts', async () => {
    const events: string[] = [];
    const extractor = await pipeline('feature-extraction', model.name, {
      dtype: 'fp32',
      progress_callback: (e: ProgressInfo) => events.push(e.status),
    });
    const first = await extractor(texts, { pooling: 'mean', normalize: true });
    await extractor.dispose();
    assert.deepEqual(first.dims, [texts.length, 32]);
    assert.ok(['initiate', 'download', 'progress', 'done', 'ready'].every((s) => events.includes(s)), events.join());

    const a = Float32Array.from(first.data as Float32Array);
    assert.ok(a.every(Number.isFinite));
    for (let i = 0; i < texts.length; i++) assert.ok(Math.abs(dot(row(a, i, 32), row(a, i, 32)) - 1) < 1e-5);

    const second = await embed(model.dir, 'fp32', texts); // by absolute path this time
    assert.deepEqual(second.data, a);

    let maxCos = -1;
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) maxCos = Math.max(maxCos, dot(row(a, i, 32), row(a, j, 32)));
    console.log(`      max cosine between different sample texts (fp32) = ${maxCos.toFixed(4)}`);
    assert.ok(maxCos < 0.999);
  });

  it("dtype 'q8' loads onnx/model_quantized.onnx and agrees with fp32", async () => {
    const events: ProgressInfo[] = [];
    const extractor = await pipeline('feature-extraction', model.name, { dtype: 'q8', progress_callback: (e: ProgressInfo) => events.push(e) });
    const q = await extractor(texts, { pooling: 'mean', normalize: true });
    await extractor.dispose();
    assert.ok(events.some((e) => 'file' in e && e.file === 'onnx/model_quantized.onnx'));
    const f = await embed(model.name, 'fp32', texts);
    const qd = q.data as Float32Array;
    let minCos = 1;
    for (let i = 0; i < texts.length; i++) minCos = Math.min(minCos, dot(row(f.data, i, 32), row(qd, i, 32)));
    console.log(`      min cosine q8 vs fp32 over ${texts.length} sentences = ${minCos.toFixed(5)}`);
    assert.ok(minCos > 0.99, `min cosine ${minCos}`);
  });

  it('AutoModel + AutoTokenizer give the raw onnxruntime output', async () => {
    const tok = await AutoTokenizer.from_pretrained(model.name);
    const bert = await AutoModel.from_pretrained(model.name, { dtype: 'fp32' });
    const inputs = tok(texts.slice(0, 4), { padding: true });
    assert.ok(inputs.token_type_ids, 'a BertTokenizer returns token_type_ids');
    const { last_hidden_state: hidden } = (await bert(inputs)) as { last_hidden_state: Tensor };
    await bert.dispose();
    const [b, s] = inputs.input_ids.dims;
    assert.deepEqual(hidden.dims, [b, s, 32]);

    const session = await ort.InferenceSession.create(path.join(model.dir, 'onnx', 'model.onnx'));
    const feed = (t: Tensor) => new ort.Tensor('int64', t.data as BigInt64Array, t.dims);
    const raw = await session.run({
      input_ids: feed(inputs.input_ids),
      attention_mask: feed(inputs.attention_mask),
      token_type_ids: feed(inputs.token_type_ids as Tensor),
    });
    await session.release();
    assert.deepEqual(Float32Array.from(raw.last_hidden_state.data as Float32Array), Float32Array.from(hidden.data as Float32Array));
  });
});
