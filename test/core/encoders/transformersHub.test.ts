import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { openEncoder, type SourceOptions } from '../../../src/core/encoders/sources';
import { UserError } from '../../../src/core/errors';
import type { Progress } from '../../../src/core/progress';
import { startHubServer, type HubServer } from '../../support/hubServer';
import { atEveryKillPoint } from '../../support/killPoints';
import { SAMPLE_SENTENCES, tinyModel } from '../../support/testModels';

const TEXTS = SAMPLE_SENTENCES.slice(0, 8).map((s) => s.text);

/**
 * Hugging Face ids end to end: transformers.js downloads from a loopback server with the hub's
 * layout (HF_ENDPOINT points at it) into XLens's cache folder, with byte progress; the cached
 * copy is then used with the server gone.
 */
describe('encoders/transformers: Hugging Face ids through a loopback hub', function () {
  this.timeout(120_000);
  const repo = 'xlens-test/tiny-hub';
  const savedEndpoint = process.env.HF_ENDPOINT;
  let server: HubServer;
  let tmp: string;
  let model: string;
  const opened: Encoder[] = [];
  const open = async (source: string, extra: SourceOptions & { onProgress?: (p: Progress) => void } = {}) => {
    const e = await openEncoder(source, { cacheDir: path.join(tmp, 'cache'), embeddingCache: false, ...extra });
    opened.push(e);
    return e;
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-hubenc-'));
    model = tinyModel({ seed: 3 }).dir;
    server = await startHubServer({ [repo]: model }, { revisions: ['main', 'v1'] });
    process.env.HF_ENDPOINT = server.url;
  });
  after(async () => {
    for (const e of opened) await e.dispose();
    await server.close();
    if (savedEndpoint === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = savedEndpoint;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('downloads into the XLens cache with byte progress, then works with the hub gone', async () => {
    const events: Progress[] = [];
    const online = await open(`${repo}?dtype=q8`, { onProgress: (p) => events.push(p) });
    const cached = path.join(tmp, 'cache', 'models', repo);
    const onnxSize = fs.statSync(path.join(model, 'onnx', 'model_quantized.onnx')).size;
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx', '1_Pooling/config.json', 'modules.json', 'xlens-download.json']) {
      assert.ok(fs.existsSync(path.join(cached, f)), `${f} cached`);
    }
    assert.ok(!fs.existsSync(path.join(cached, 'onnx', 'model.onnx')), 'only the dtype asked for');
    const onnxEvents = events.filter((e) => e.unit === 'bytes' && e.phase === `downloading ${repo}: onnx/model_quantized.onnx`);
    assert.ok(onnxEvents.length > 0, 'byte progress for the ONNX file');
    assert.deepEqual([onnxEvents.at(-1)?.done, onnxEvents.at(-1)?.total], [onnxSize, onnxSize]);
    assert.ok(server.requests.some((r) => r.url === `/${repo}/resolve/main/onnx/model_quantized.onnx` && !r.range));
    assert.equal(online.info.name, repo);
    assert.equal(online.info.settings.poolingFrom, '1_Pooling/config.json', 'sentence-transformers files fetched too');
    const a = await online.encode(TEXTS);

    const local = await open(`${model}?dtype=q8`);
    assert.equal(local.info.fingerprint, online.info.fingerprint, 'same files, same fingerprint');
    assert.deepEqual(Array.from((await local.encode(TEXTS)).data), Array.from(a.data));

    await server.close();
    const offline = await open(`${repo}?dtype=q8`);
    assert.deepEqual(Array.from((await offline.encode(TEXTS)).data), Array.from(a.data));
  });

  it('a download stopped at any of its writes is finished online, refused offline; never used half-fetched', async () => {
    const cache = path.join(tmp, 'killed');
    const hub = await startHubServer({ [repo]: model });
    process.env.HF_ENDPOINT = hub.url;
    try {
      const reference = Array.from((await (await open(`${model}?dtype=q8`)).encode(TEXTS)).data);
      const outcomes = new Set<string>();
      const steps = await atEveryKillPoint(
        () => openEncoder(`${repo}?dtype=q8`, { cacheDir: cache, embeddingCache: false }).then((e) => e.dispose()),
        () => fs.rmSync(cache, { recursive: true, force: true }),
        async (at) => {
          const where = `after a stop at ${at.step} of ${path.basename(at.target)}`;
          try {
            const e = await openEncoder(`${repo}?dtype=q8`, { cacheDir: cache, embeddingCache: false, offline: true });
            opened.push(e);
            assert.deepEqual(Array.from((await e.encode(TEXTS)).data), reference, where);
            outcomes.add('complete');
          } catch (err) {
            const pending = fs.existsSync(path.join(cache, 'models', repo, 'xlens-download.pending'));
            assert.match(String(err), pending ? /not in the model cache .*\(its download was interrupted\)/ : /not in the model cache/, where);
            outcomes.add('refused offline');
          }
          const online = await open(`${repo}?dtype=q8`, { cacheDir: cache });
          assert.deepEqual(Array.from((await online.encode(TEXTS)).data), reference, `${where}: the next online run finishes the download`);
        },
        // The downloaded folder's own writes (the file-hash memo elsewhere is best-effort by design).
        (s) => s.step === 'rename' && s.target.startsWith(path.join(cache, 'models', repo) + path.sep),
      );
      assert.ok(steps.some((s) => s.target.endsWith('xlens-download.json')));
      assert.ok(outcomes.has('refused offline'));
    } finally {
      await hub.close();
      process.env.HF_ENDPOINT = server.url;
    }
  });

  it('says when the hub cannot be reached and the model is not cached, and how to use a folder', async () => {
    // The server is closed by now: its port refuses connections.
    await assert.rejects(open('xlens-test/never-cached'), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /^cannot reach the Hugging Face hub \(http:\/\/127\.0\.0\.1:\d+\/\) to download xlens-test\/never-cached, and it is not in the model cache \(.*never-cached\)/);
      assert.match(e.message, /hint: .*--model \/path\/to\/folder .*config\.json, tokenizer\.json, tokenizer_config\.json and onnx\/model\.onnx/);
      return true;
    });
    await assert.rejects(open('xlens-test/never-cached', { offline: true }), /not in the model cache .* downloads are off \(offline mode\)/);
  });

  it('downloads another dtype and a revision into their own places, and names missing repositories', async () => {
    server = await startHubServer({ [repo]: model }, { revisions: ['main', 'v1'] });
    process.env.HF_ENDPOINT = server.url;
    const fp32 = await open(repo);
    const got = server.requests.filter((r) => !r.range).map((r) => r.url);
    assert.deepEqual(got, [`/${repo}/resolve/main/onnx/model.onnx`], 'config and tokenizer come from the cache');
    assert.equal(fp32.info.settings.dtype, 'fp32');

    const rev = await open(`${repo}@v1`);
    assert.ok(fs.existsSync(path.join(tmp, 'cache', 'models', repo, 'v1', 'onnx', 'model.onnx')));
    assert.equal(rev.info.name, `${repo}@v1`);
    assert.equal(rev.info.fingerprint, fp32.info.fingerprint, 'same bytes');

    await assert.rejects(open('xlens-test/missing'), (e: unknown) => e instanceof UserError && /xlens-test\/missing: a file is missing on the hub/.test(e.message) && /HF_TOKEN/.test(e.message));
    await server.close();
  });
});
