import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { applyDense, createAdapter } from '../../../src/core/training/adapters';
import { type CheckpointMeta, describeAdapter, saveCheckpoint } from '../../../src/core/training/checkpoint';
import { exportCheckpoint } from '../../../src/core/training/export/exportModel';
import { F32 } from '../../../src/core/training/kernels';
import { rng } from '../../../src/core/metrics/stats';
import { MODEL_CACHE_DIR, SAMPLE_SENTENCES, tinyModel } from '../../support/testModels';
import { main } from '../../../src/cli/main';
import { openEncoder } from '../../../src/core/encoders/sources';

async function cli(...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const [o, e] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((x: string) => (err.push(String(x)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

/** Export: the tiny generated model + a linear adapter, loaded back by transformers.js. */
describe('checkpoint export to an ONNX model folder', function () {
  this.timeout(120_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-export-'));
  const saved = { allowRemoteModels: env.allowRemoteModels, localModelPath: env.localModelPath, cacheDir: env.cacheDir };
  const texts = SAMPLE_SENTENCES.map((s) => s.text);
  before(() => {
    env.allowRemoteModels = false;
    env.cacheDir = path.join(MODEL_CACHE_DIR, '..', 'transformers-cache');
  });
  after(() => Object.assign(env, saved));

  async function embed(root: string, id: string, dtype: 'fp32' | 'q8') {
    env.localModelPath = root;
    const extractor = await pipeline('feature-extraction', id, { dtype });
    const out = await extractor(texts, { pooling: 'mean', normalize: true });
    await extractor.dispose();
    return Float32Array.from(out.data as Float32Array);
  }

  it('xlens export --base checks the folder against the checkpoint\'s base fingerprint (exit 2 on a mismatch)', async () => {
    const model = tinyModel({ seed: 7 });
    const other = tinyModel({ seed: 8 });
    const enc = await openEncoder(model.dir, { cwd: tmp, embeddingCache: false });
    const fingerprint = enc.info.fingerprint;
    await enc.dispose();
    const adapter = createAdapter(F32, { kind: 'linear', dim: 32 }, 1);
    const ck = path.join(tmp, 'ck-fingerprint');
    const meta = {
      format: 'xlens-checkpoint', version: 1, xlens: 'test',
      base: { source: model.dir, name: 'tiny', fingerprint, dim: 32, cwd: tmp },
      adapter: describeAdapter(adapter), loss: { kind: 'jsd' }, hyperParameters: {}, seed: 0,
      data: { path: '', kind: 'qa', split: '', fingerprint: '', examples: 0, langs: ['de'], pivot: 'en', hardNegatives: { count: 0, window: [50, 100] } },
      training: { steps: 0, totalSteps: 0, stopReason: 'completed', kernel: F32.gemmName },
    } satisfies CheckpointMeta;
    await saveCheckpoint(ck, meta, adapter);
    const wrong = await cli('export', '--checkpoint', ck, '--base', other.dir, '--out', path.join(tmp, 'exported-wrong'));
    assert.equal(wrong.code, 2, wrong.err);
    assert.match(wrong.err, /is not the one this adapter was trained on/);
    assert.ok(!fs.existsSync(path.join(tmp, 'exported-wrong')));
    const right = await cli('export', '--checkpoint', ck, '--base', model.dir, '--out', path.join(tmp, 'exported-right'));
    assert.equal(right.code, 0, right.err);
    assert.ok(fs.existsSync(path.join(tmp, 'exported-right', 'xlens-export.json')));
  });

  for (const kind of ['linear', 'lowrank'] as const) {
    it(`transformers.js loads the exported ${kind} model; its vectors are base + adapter`, async () => {
      const model = tinyModel({ seed: 7 });
      const dim = 32;
      const adapter = createAdapter(F32, { kind, dim, rank: 4 }, 1);
      const next = rng(2);
      for (const p of adapter.params) for (let i = 0; i < p.value.length; i++) p.value[i] += 0.3 * (next() - 0.5);
      const ck = path.join(tmp, `ck-${kind}`);
      const meta = {
        format: 'xlens-checkpoint', version: 1, xlens: 'test',
        base: { source: model.dir, name: 'tiny', fingerprint: 'tiny', dim, cwd: tmp },
        adapter: describeAdapter(adapter), loss: { kind: 'jsd' }, hyperParameters: {}, seed: 0,
        data: { path: '', kind: 'qa', split: '', fingerprint: '', examples: 0, langs: ['de'], pivot: 'en', hardNegatives: { count: 0, window: [50, 100] } },
        training: { steps: 0, totalSteps: 0, stopReason: 'completed', kernel: F32.gemmName },
      } satisfies CheckpointMeta;
      await saveCheckpoint(ck, meta, adapter);
      const out = path.join(tmp, `exported-${kind}`);
      const res = await exportCheckpoint(ck, kind === 'linear' ? undefined : model.dir, out);
      assert.deepEqual(res.graphs, { 'onnx/model.onnx': ['last_hidden_state'], 'onnx/model_quantized.onnx': ['last_hidden_state'] });
      for (const f of ['config.json', 'tokenizer.json', '1_Pooling/config.json', 'xlens-export.json']) assert.ok(fs.existsSync(path.join(out, f)), f);

      // onnxruntime sees the same inputs and outputs as in the base graph.
      const [a, b] = await Promise.all([ort.InferenceSession.create(path.join(model.dir, 'onnx', 'model.onnx')), ort.InferenceSession.create(path.join(out, 'onnx', 'model.onnx'))]);
      assert.deepEqual(b.inputNames, a.inputNames);
      assert.deepEqual(b.outputNames, a.outputNames);

      for (const dtype of ['fp32', 'q8'] as const) {
        const base = await embed(MODEL_CACHE_DIR, model.name, dtype);
        const got = await embed(tmp, `exported-${kind}`, dtype);
        const want = applyDense(F32, adapter.weight(), { rows: texts.length, cols: dim, data: base }).data;
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
        assert.ok(worst < 1e-5, `${dtype}: max difference ${worst}`);
        assert.ok(Math.abs(got[0] - base[0]) > 1e-4, 'the adapter changed the vectors');
      }
    });
  }
});
