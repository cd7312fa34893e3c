import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AutoTokenizer, env, pipeline, type PreTrainedTokenizer } from '@huggingface/transformers';
import { SAMPLE_SENTENCES, e5SmallTwinOrSkip, folderSizes, type ModelFolder } from '../../support/testModels';

const OPTS = { seed: 1 };
const MB = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/**
 * The multilingual-e5-small shape twin (~600 MB on disk), generated on first use into
 * .cache/models; skipped only when ../shared's model shape is absent.
 */
describe('onnx/testModels: multilingual-e5-small twin', function () {
  this.timeout(600_000);
  const saved = { allowRemoteModels: env.allowRemoteModels };
  let twin: ModelFolder;
  let tok: PreTrainedTokenizer;

  before(async function () {
    env.allowRemoteModels = false;
    twin = e5SmallTwinOrSkip(this, OPTS);
    const sizes = folderSizes(twin.dir);
    console.log(`      twin: model.onnx ${MB(sizes['onnx/model.onnx'])}, model_quantized.onnx ${MB(sizes['onnx/model_quantized.onnx'])}, tokenizer.json ${MB(sizes['tokenizer.json'])}`);
    tok = await AutoTokenizer.from_pretrained(twin.dir);
  });
  after(() => Object.assign(env, saved));

  it('tokenizes like the real XLM-R tokenizer (e5 prefixes, several scripts)', () => {
    const cases: Array<[string, string[]]> = [
      ['query: how much protein should a female eat', ['▁que', 'ry', ':', '▁how', '▁much', '▁protein', '▁should', '▁a', '▁female', '▁eat']],
      ['passage: Рейн — река.', ['▁passage', ':', '▁Рей', 'н', '▁—', '▁река', '.']],
      ['query: नदी कितनी लंबी है?', ['▁que', 'ry', ':', '▁नदी', '▁कितनी', '▁लंबी', '▁है', '?']],
    ];
    for (const [text, tokens] of cases) assert.deepEqual(tok.tokenize(text), tokens);
    assert.deepEqual(tok.encode('Hello world'), [0, 35378, 8999, 2]); // <s> … </s>
    assert.deepEqual(tok.encode('query: ').slice(0, 4), [0, 41, 1294, 12]);
    for (const { text } of SAMPLE_SENTENCES) {
      const back = tok.decode(tok.encode(text), { skip_special_tokens: true });
      assert.equal(back, text.normalize('NFKC'), text); // the Precompiled normaliser is NFKC-like
    }
  });

  it('fp32 and q8 graphs give last_hidden_state [1, seq, 384]; the folder loads in a pipeline', async () => {
    const ids = tok.encode('query: Wie lang ist der Rhein?');
    const t = (v: number[]) => new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), [1, v.length]);
    for (const file of ['model.onnx', 'model_quantized.onnx']) {
      const s = await ort.InferenceSession.create(path.join(twin.dir, 'onnx', file));
      const out = await s.run({ input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(ids.map(() => 0)) });
      await s.release();
      assert.deepEqual(out.last_hidden_state.dims, [1, ids.length, 384]);
      assert.ok((out.last_hidden_state.data as Float32Array).every(Number.isFinite));
    }
    const extractor = await pipeline('feature-extraction', twin.dir, { dtype: 'q8' });
    const e = await extractor(['query: a', 'passage: b'], { pooling: 'mean', normalize: true });
    await extractor.dispose();
    assert.deepEqual(e.dims, [2, 384]);
  });

  it('throughput: batch of 32 mixed sentences, raw InferenceSession, fp32 vs q8', async () => {
    const enc = tok(SAMPLE_SENTENCES.map((s) => `query: ${s.text}`), { padding: true, truncation: true });
    const [b, s] = enc.input_ids.dims;
    const feeds = {
      input_ids: new ort.Tensor('int64', enc.input_ids.data as BigInt64Array, [b, s]),
      attention_mask: new ort.Tensor('int64', enc.attention_mask.data as BigInt64Array, [b, s]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(b * s), [b, s]),
    };
    const pooled: Float32Array[] = [];
    for (const file of ['model.onnx', 'model_quantized.onnx']) {
      const t0 = performance.now();
      const session = await ort.InferenceSession.create(path.join(twin.dir, 'onnx', file));
      const load = performance.now() - t0;
      const first = await session.run(feeds); // warm-up
      const runs = 3;
      const t1 = performance.now();
      for (let i = 0; i < runs; i++) await session.run(feeds);
      const per = (performance.now() - t1) / runs;
      await session.release();
      console.log(`      ${file}: load ${load.toFixed(0)} ms, batch ${b}×${s} in ${per.toFixed(0)} ms = ${((b * 1000) / per).toFixed(1)} sentences/s`);
      pooled.push(meanPool(first.last_hidden_state.data as Float32Array, enc.attention_mask.data as BigInt64Array, b, s, 384));
    }
    let minCos = 1;
    for (let i = 0; i < b; i++) minCos = Math.min(minCos, cos(pooled[0].subarray(i * 384, (i + 1) * 384), pooled[1].subarray(i * 384, (i + 1) * 384)));
    console.log(`      twin q8 vs fp32 mean-pooled min cosine = ${minCos.toFixed(4)}`);
    assert.ok(minCos > 0.9, `min cosine ${minCos}`);
  });
});

function meanPool(h: Float32Array, mask: BigInt64Array, b: number, s: number, d: number): Float32Array {
  const out = new Float32Array(b * d);
  for (let i = 0; i < b; i++) {
    let n = 0;
    for (let t = 0; t < s; t++) {
      if (mask[i * s + t] === 0n) continue;
      n++;
      for (let j = 0; j < d; j++) out[i * d + j] += h[(i * s + t) * d + j];
    }
    for (let j = 0; j < d; j++) out[i * d + j] /= n;
  }
  return out;
}

function cos(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}
