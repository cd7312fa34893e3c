import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readNpy } from '../../../src/core/encoders/npy';
import type { BitextReport, Report } from '../../../src/core/report/schema';
import { startHubServer } from '../../support/hubServer';
import { tinyModel } from '../../support/testModels';

/** The built CLI (`node scripts/build.mjs` first) with the tiny model, as a user runs it. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLE = path.join(ROOT, 'samples', 'xquad-mini');

describe('encoders/transformers: the CLI with a neural model', function () {
  this.timeout(120_000);
  let tmp: string;
  let model: string;
  const xlens = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, XLENS_CACHE_DIR: path.join(tmp, 'cache'), ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const report = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8'));

  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "node scripts/build.mjs" first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-tfcli-'));
    model = tinyModel({ seed: 1 }).dir;
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('eval runs with a model folder, and a second run is served from the embedding cache', () => {
    const args = ['eval', '--data', SAMPLE, '--langs', 'de,zh', '--model', model];
    const r1 = xlens([...args, '--out', path.join(tmp, 'r1.json')]);
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(r1.stdout, /^de\s+74\s/m);
    const a = report<Report>(path.join(tmp, 'r1.json'));
    assert.equal(a.model.dim, 32);
    assert.equal(a.model.settings.pooling, 'mean');
    assert.ok(a.model.stats.encoded > 0 && a.model.stats.cacheHits === 0);
    const r2 = xlens([...args, '--out', path.join(tmp, 'r2.json')]);
    assert.equal(r2.code, 0, r2.stderr);
    const b = report<Report>(path.join(tmp, 'r2.json'));
    assert.deepEqual([b.model.stats.encoded, b.model.stats.cacheHits], [0, a.model.stats.texts]);
    assert.deepEqual(b.overall, a.overall);
  });

  it('bitext runs with a model folder (q8)', () => {
    const r = xlens(['bitext', '--data', SAMPLE, '--langs', 'de,es', '--model', `${model}?dtype=q8`, '--out', path.join(tmp, 'b.json')]);
    assert.equal(r.code, 0, r.stderr);
    const rep = report<BitextReport>(path.join(tmp, 'b.json'));
    assert.deepEqual(Object.keys(rep.pairs).sort(), ['de-en', 'es-en']);
  });

  it('bitext runs with a hub id served by a loopback hub, then offline', async () => {
    const hub = await startHubServer({ 'xlens-test/cli-model': model });
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        // Asynchronous spawn: the hub answers from this process's event loop.
        const child = spawn(process.execPath, [CLI, 'bitext', '--data', SAMPLE, '--langs', 'de', '--model', 'xlens-test/cli-model'], {
          cwd: ROOT,
          env: { ...process.env, XLENS_CACHE_DIR: path.join(tmp, 'cache'), HF_ENDPOINT: hub.url },
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('close', (code: number | null) => resolve({ code, stderr }));
      });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(hub.requests.some((q) => q.url === '/xlens-test/cli-model/resolve/main/onnx/model.onnx'));
    } finally {
      await hub.close();
    }
    const offline = xlens(['bitext', '--data', SAMPLE, '--langs', 'de', '--model', 'xlens-test/cli-model']);
    assert.equal(offline.code, 0, offline.stderr);
    const missing = xlens(['bitext', '--data', SAMPLE, '--langs', 'de', '--model', 'xlens-test/not-there'], { XLENS_OFFLINE: '1' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /not in the model cache[\s\S]*--model \/path\/to\/folder/);
  });

  it('embed exports JSONL that reads back as precomputed: vectors, and .npy with a texts file', () => {
    const jsonl = path.join(tmp, 'v.jsonl');
    const r = xlens(['embed', '--data', SAMPLE, '--langs', 'de,en', '--model', model, '--out', jsonl]);
    assert.equal(r.code, 0, r.stderr);
    const rows = fs.readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; vector: number[]; role?: string; lang: string });
    assert.ok(rows.some((x) => x.role === 'query') && rows.some((x) => x.role === 'passage'));
    assert.ok(rows.every((x) => x.vector.length === 32 && Math.abs(Math.hypot(...x.vector) - 1) < 1e-5));
    const viaModel = xlens(['eval', '--data', SAMPLE, '--langs', 'de', '--model', model, '--out', path.join(tmp, 'm.json')]);
    const viaTable = xlens(['eval', '--data', SAMPLE, '--langs', 'de', '--model', `precomputed:${jsonl}`, '--out', path.join(tmp, 'p.json')]);
    assert.equal(viaTable.code, 0, viaTable.stderr);
    assert.equal(viaModel.code, 0, viaModel.stderr);
    assert.deepEqual(report<Report>(path.join(tmp, 'p.json')).overall, report<Report>(path.join(tmp, 'm.json')).overall);

    const npy = path.join(tmp, 'q.npy');
    const bad = xlens(['embed', '--data', SAMPLE, '--langs', 'de', '--model', model, '--out', npy]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /two roles[\s\S]*--role query/);
    const ok = xlens(['embed', '--data', SAMPLE, '--langs', 'de', '--model', model, '--out', npy, '--role', 'query']);
    assert.equal(ok.code, 0, ok.stderr);
    const texts = fs.readFileSync(path.join(tmp, 'q.txt'), 'utf8').trimEnd().split('\n');
    return readNpy(npy).then((arr) => assert.deepEqual(arr.shape, [texts.length, 32]));
  });
});
