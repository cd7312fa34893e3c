import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { openEncoder } from '../../../src/core/encoders/sources';
import { cudaListed, openOnDevice } from '../../../src/core/encoders/transformers/device';
import { UserError } from '../../../src/core/errors';
import { SAMPLE_SENTENCES, tinyModel } from '../../support/testModels';

describe('encoders/transformers: device (cpu | auto | cuda)', function () {
  this.timeout(120_000);

  describe('openOnDevice', () => {
    const calls: Array<string[] | undefined> = [];
    const open = (cudaWorks: boolean) => async (providers: string[] | undefined) => {
      calls.push(providers);
      if (providers?.includes('cuda') && !cudaWorks) throw new Error('\u001b[1;31mFailed to load library libonnxruntime_providers_cuda.so\nmore log');
      return providers?.includes('cuda') ? 'gpu-session' : 'cpu-session';
    };
    const listed = { listed: true };
    const unlisted = { listed: false, why: 'this onnxruntime-node build has no CUDA execution provider' };
    beforeEach(() => (calls.length = 0));

    it('cpu (the default) never tries CUDA', async () => {
      assert.deepEqual(await openOnDevice('cpu', open(true), () => listed), { session: 'cpu-session', device: 'cpu' });
      assert.deepEqual(calls, [undefined]);
    });
    it('auto uses CUDA when it opens', async () => {
      assert.deepEqual(await openOnDevice('auto', open(true), () => listed), { session: 'gpu-session', device: 'cuda' });
      assert.deepEqual(calls, [['cuda', 'cpu']]);
    });
    it('auto falls back to the CPU with a note saying why (provider not listed, or failing to load)', async () => {
      const a = await openOnDevice('auto', open(true), () => unlisted);
      assert.equal(a.device, 'cpu');
      assert.match(a.note!, /running on the CPU.*no CUDA execution provider/);
      assert.deepEqual(calls, [undefined], 'not listed: no attempt');
      const b = await openOnDevice('auto', open(false), () => listed);
      assert.equal(b.session, 'cpu-session');
      assert.match(b.note!, /did not load: Failed to load library libonnxruntime_providers_cuda\.so\)$/, 'first line, colour codes stripped');
    });
    it('cuda without a usable CUDA is a UserError (CLI exit 2), never a silent CPU run', async () => {
      await assert.rejects(openOnDevice('cuda', open(false), () => listed), (e: unknown) => e instanceof UserError && /device=cuda.*not usable.*did not load/.test(e.message));
      await assert.rejects(openOnDevice('cuda', open(true), () => unlisted), (e: unknown) => e instanceof UserError && /no CUDA execution provider/.test(e.message));
      assert.equal(calls.filter((c) => c === undefined).length, 0, 'no CPU session opened');
    });
  });

  describe('a model folder on this machine', () => {
    let tmp: string;
    let dir: string;
    const opened: Encoder[] = [];
    const open = async (source: string, defaults?: { device?: 'auto' | 'cpu' | 'cuda' }) => {
      const e = await openEncoder(source, { cacheDir: tmp, embeddingCache: false, defaults });
      opened.push(e);
      return e;
    };
    before(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-device-'));
      dir = tinyModel({ seed: 1 }).dir;
    });
    after(async () => {
      for (const e of opened) await e.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });
    const texts = SAMPLE_SENTENCES.slice(0, 6).map((s) => s.text);

    it('runs on the CPU by default, without a note', async () => {
      const enc = await open(dir);
      assert.equal(enc.info.settings.device, 'cpu');
      assert.equal(enc.info.settings.deviceNote, undefined);
    });

    it('auto: CUDA when usable; otherwise the CPU, a note, and the CPU vectors and fingerprint', async () => {
      const cpu = await open(dir);
      const auto = await open(dir, { device: 'auto' });
      if (auto.info.settings.device === 'cuda') {
        assert.notEqual(auto.info.fingerprint, cpu.info.fingerprint, 'GPU vectors get their own cache key');
        return;
      }
      assert.equal(auto.info.settings.device, 'cpu');
      assert.match(String(auto.info.settings.deviceNote), /^device auto: running on the CPU \(CUDA not usable: .+\)$/);
      assert.equal(auto.info.fingerprint, cpu.info.fingerprint);
      assert.deepEqual((await auto.encode(texts)).data, (await cpu.encode(texts)).data);
    });

    it('cuda: opens on CUDA, or fails with a UserError naming the cause; a source\'s ?device= beats the default', async () => {
      const usable = cudaListed().listed && (await open(dir, { device: 'auto' })).info.settings.device === 'cuda';
      if (usable) {
        assert.equal((await open(dir, { device: 'cuda' })).info.settings.device, 'cuda');
      } else {
        await assert.rejects(open(dir, { device: 'cuda' }), (e: unknown) => e instanceof UserError && /device=cuda was asked for, but CUDA is not usable here/.test(e.message));
        await assert.rejects(open(`${dir}?device=cuda`), UserError);
      }
      assert.equal((await open(`${dir}?device=cpu`, { device: 'cuda' })).info.settings.device, 'cpu');
      await assert.rejects(open(`${dir}?device=gpu`), (e: unknown) => e instanceof UserError && /device=cpu, device=auto or device=cuda/.test(String((e as UserError).hint ?? e.message)));
    });
  });
});
