import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { env, pipeline, type ProgressInfo } from '@huggingface/transformers';
import { startHubServer, type HubServer } from '../../support/hubServer';
import { tinyModel } from '../../support/testModels';

/**
 * transformers.js downloading a model from a loopback server that mimics the Hub layout
 * (`/{model}/resolve/{revision}/{file}`), caching it under env.cacheDir, then loading it offline.
 */
describe('onnx/testModels: tiny model from a loopback hub', function () {
  this.timeout(120_000);
  const saved = {
    allowRemoteModels: env.allowRemoteModels,
    allowLocalModels: env.allowLocalModels,
    localModelPath: env.localModelPath,
    remoteHost: env.remoteHost,
    remotePathTemplate: env.remotePathTemplate,
    cacheDir: env.cacheDir,
  };
  let server: HubServer;
  let requests: HubServer['requests'];
  let tmp: string;
  const repo = 'xlens-test/tiny-bert';

  before(async () => {
    const { dir } = tinyModel({ seed: 7 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-hub-'));
    server = await startHubServer({ [repo]: dir });
    requests = server.requests;
    env.remoteHost = server.url;
    env.remotePathTemplate = '{model}/resolve/{revision}/'; // the default, stated for clarity
    env.localModelPath = path.join(tmp, 'no-local-models');
    env.cacheDir = path.join(tmp, 'cache');
    env.allowRemoteModels = true;
  });

  after(async () => {
    Object.assign(env, saved);
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('downloads with progress events into env.cacheDir, then loads offline', async () => {
    const events: ProgressInfo[] = [];
    const online = await pipeline('feature-extraction', repo, { dtype: 'q8', progress_callback: (e: ProgressInfo) => events.push(e) });
    const a = await online(['hello world'], { pooling: 'mean', normalize: true });
    await online.dispose();

    const onnx = path.join(env.cacheDir ?? '', repo, 'onnx', 'model_quantized.onnx');
    assert.ok(fs.existsSync(onnx), 'cached as <cacheDir>/<model>/<file>');
    assert.ok(requests.some((r) => r.url === `/${repo}/resolve/main/onnx/model_quantized.onnx` && !r.range));
    assert.ok(requests.some((r) => r.range === 'bytes=0-0'), 'metadata probe is a 1-byte Range GET');
    const progress = events.filter((e) => e.status === 'progress' && e.file === 'onnx/model_quantized.onnx');
    const last = progress.at(-1);
    assert.ok(last && last.status === 'progress' && last.loaded === fs.statSync(onnx).size && last.total === last.loaded);
    assert.ok(events.some((e) => e.status === 'progress_total'));
    assert.equal(events.at(-1)?.status, 'ready');

    const seen = requests.map((r) => `${r.range ? 'probe' : 'get'} ${r.url.replace(`/${repo}/resolve/main/`, '')}`);
    console.log(`      requests: ${seen.join(', ')}`);

    env.allowRemoteModels = false;
    const count = requests.length;
    const offline = await pipeline('feature-extraction', repo, { dtype: 'q8' });
    const b = await offline(['hello world'], { pooling: 'mean', normalize: true });
    await offline.dispose();
    assert.equal(requests.length, count, 'no request once cached');
    assert.deepEqual(Array.from(b.data as Float32Array), Array.from(a.data as Float32Array));
  });
});
