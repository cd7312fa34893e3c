import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Encoder } from '../../../src/core/encoders/encoder';
import { UserError } from '../../../src/core/errors';
import { checkpointDirOf, openCheckpointEncoder } from '../../../src/core/training/adapterEncoder';
import { applyDense } from '../../../src/core/training/adapters';
import { ADAPTER_FILE, CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint } from '../../../src/core/training/checkpoint';
import { qaTrainingData } from '../../../src/core/training/data';
import { F32 } from '../../../src/core/training/kernels';
import { decodeSafetensors, encodeSafetensors } from '../../../src/core/training/safetensors';
import { checkpointMeta, prepare, type TrainRequest } from '../../../src/core/training/trainJob';
import { train } from '../../../src/core/training/trainer';
import type { LossKind } from '../../../src/core/training/losses';
import type { AdapterKind } from '../../../src/core/training/adapters';
import { stubEncoder } from '../../support/stubEncoder';
import { plantedCorpus } from './planted';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-ckpt-'));
const { corpus, vectors } = plantedCorpus({ articles: 12 });
const encoder = stubEncoder(vectors);

async function trainAndSave(dir: string, loss: LossKind, adapter: AdapterKind): Promise<void> {
  const split = qaTrainingData(corpus, { langs: ['de', 'zh'], pivot: 'en', seed: 3 });
  const req: TrainRequest = {
    data: 'planted', model: 'stub', langs: ['de', 'zh'], pivot: 'en', loss, adapter, rank: 4, epochs: 2, batchSize: 16,
    lr: 1e-3, weightDecay: 0.01, warmup: 0.1, seed: 3, evalEvery: 5, hardNegatives: 2, hardWindow: [5, 20], out: dir, cwd: tmp,
  };
  const { input, config } = await prepare(req, split, encoder, { openEncoder: async () => encoder });
  const result = await train(input, config);
  await saveCheckpoint(dir, checkpointMeta(req, encoder, input, config, result, split), result.adapter);
}

describe('checkpoints', () => {
  it('safetensors: 8-byte header length, space-padded JSON header, raw little-endian data, round trip', () => {
    const a = Float32Array.from([1, -2, 3.5, 0.25, 5, 6]);
    const b = Float32Array.from([7]);
    const bytes = encodeSafetensors({ w: { shape: [2, 3], data: a }, b: { shape: [1], data: b } }, { format: 'pt' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal((8 + n) % 8, 0);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
    assert.deepEqual(header.b, { dtype: 'F32', shape: [1], data_offsets: [0, 4] });
    assert.deepEqual(header.w, { dtype: 'F32', shape: [2, 3], data_offsets: [4, 28] });
    assert.equal(bytes.length, 8 + n + 28);
    assert.equal(new DataView(bytes.buffer).getFloat32(8 + n + 4 + 8, true), 3.5);
    const back = decodeSafetensors(bytes, 'x.safetensors');
    assert.deepEqual([...back.tensors.w.data], [...a]);
    assert.deepEqual(back.metadata, { format: 'pt' });
    assert.throws(() => decodeSafetensors(bytes.subarray(0, 20), 'x.safetensors'), UserError);
  });

  for (const [loss, adapter] of [['jsd', 'linear'], ['clear', 'lowrank'], ['mimo', 'orthogonal'], ['infonce', 'linear']] as const) {
    it(`determinism: two ${loss} + ${adapter} runs give identical checkpoint bytes`, async () => {
      const a = path.join(tmp, `${loss}-${adapter}-a`);
      const b = path.join(tmp, `${loss}-${adapter}-b`);
      await trainAndSave(a, loss, adapter);
      await trainAndSave(b, loss, adapter);
      for (const f of [ADAPTER_FILE, CHECKPOINT_FILE]) assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), f);
      const meta = JSON.parse(fs.readFileSync(path.join(a, CHECKPOINT_FILE), 'utf8'));
      assert.equal(meta.adapter.kind, adapter);
      assert.equal(meta.loss.kind, loss);
      assert.equal(meta.base.fingerprint, 'stub');
      assert.equal(meta.seed, 3);
      assert.match(meta.data.fingerprint, /^[0-9a-f]{16}$/);
      assert.ok(meta.metrics.heldOut['bilingual.Max@R'] > 0 && meta.metrics.base['bilingual.Max@R'] > 0);
    });
  }

  it('saving over a checkpoint replaces it atomically; a foreign non-empty folder is refused', async () => {
    const dir = path.join(tmp, 'over');
    await trainAndSave(dir, 'infonce', 'linear');
    await trainAndSave(dir, 'infonce', 'lowrank');
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8')).adapter.kind, 'lowrank');
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => /\.(tmp|old)-/.test(f)), []);
    const foreign = path.join(tmp, 'foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    await assert.rejects(trainAndSave(foreign, 'infonce', 'linear'), UserError);
    assert.equal(fs.readFileSync(path.join(foreign, 'notes.txt'), 'utf8'), 'mine');
  });

  it('a checkpoint is a model source: base vectors through the adapter, its own fingerprint', async () => {
    const dir = path.join(tmp, 'source');
    await trainAndSave(dir, 'jsd', 'lowrank');
    assert.equal(checkpointDirOf(dir, '/'), dir);
    assert.equal(checkpointDirOf(`checkpoint:${path.relative(tmp, dir)}`, tmp), dir);
    assert.equal(checkpointDirOf(tmp, '/'), undefined);
    assert.throws(() => checkpointDirOf(`checkpoint:${tmp}`, '/'), UserError);

    const opened: string[] = [];
    const openBase = async (source: string, o: { cwd: string }): Promise<Encoder> => (opened.push(`${source}@${o.cwd}`), encoder);
    const enc = await openCheckpointEncoder(dir, openBase);
    assert.deepEqual(opened, [`stub@${tmp}`]);
    assert.notEqual(enc.info.fingerprint, encoder.info.fingerprint);
    assert.equal(enc.info.dim, encoder.info.dim);
    const texts = ['de q1', 'en p3', 'zh q7'];
    const got = await enc.encode(texts, { role: 'query' });
    const base = await encoder.encode(texts);
    const { adapter } = await loadCheckpoint(dir);
    const want = applyDense(F32, adapter.weight(), { rows: base.rows, cols: base.dim, data: base.data });
    assert.deepEqual([...got.data], [...want.data]);
    for (let i = 0; i < got.rows; i++) assert.ok(Math.abs(Math.hypot(...got.data.subarray(i * got.dim, (i + 1) * got.dim)) - 1) < 1e-5);
    assert.notDeepEqual([...got.data], [...base.data]);

    const other = stubEncoder(vectors);
    const changed: Encoder = { ...other, info: { ...other.info, fingerprint: 'different' } };
    await assert.rejects(openCheckpointEncoder(dir, async () => changed), /not the one this adapter was trained on/);
  });
});
