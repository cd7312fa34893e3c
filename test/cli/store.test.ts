import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Report } from '../../src/core/report/schema';
import type { CorpusStoreIndex } from '../../src/core/store/corpusStore';
import type { StoreManifest } from '../../src/core/store/vectorStore';
import { CLI, SAMPLE, xlensIn as xlens } from './runCli';

/** The figures of a report: everything but when, which model and how long. */
function figures(file: string): Omit<Report, 'createdAt' | 'model' | 'timings'> {
  const report: Partial<Report> = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete report.createdAt;
  delete report.model;
  delete report.timings;
  return report as Omit<Report, 'createdAt' | 'model' | 'timings'>;
}

/** Every number in `a` equals the one in `b` within `tol` (relative), everything else exactly. */
function closeTo(a: unknown, b: unknown, tol: number, at = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${at}: ${a} vs ${b}`);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), at);
    for (const k of Object.keys(a)) closeTo((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol, `${at}.${k}`);
  } else assert.deepEqual(a, b, at);
}

function parts(store: string): Array<{ dir: string; manifest: StoreManifest }> {
  const index = JSON.parse(fs.readFileSync(path.join(store, 'xlstore.json'), 'utf8')) as CorpusStoreIndex;
  return index.parts.map((p) => ({ dir: path.join(store, p.store), manifest: JSON.parse(fs.readFileSync(path.join(store, p.store, 'manifest.json'), 'utf8')) as StoreManifest }));
}

describe('xlens embed --out DIR.xlstore and precomputed:DIR.xlstore', function () {
  this.timeout(300_000);
  let tmp: string;
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-store-cli-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const evalWith = (model: string, out: string) => {
    const r = xlens(tmp, 'eval', '--data', SAMPLE, '--model', model, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    return figures(path.join(tmp, out));
  };

  it('eval from the store (default f32) gives the figures of the .npy pair exactly, and of the encoder itself', () => {
    const e = xlens(tmp, 'embed', '--data', SAMPLE, '--out', 'v.xlstore', '--shard-rows', '50');
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stderr, /466 vectors \(dim 2048, f32, char-ngram\) in 10 shards written to .*v\.xlstore; encoded 466 texts/);
    assert.deepEqual(parts(path.join(tmp, 'v.xlstore')).map((p) => [p.manifest.role, p.manifest.rows, p.manifest.dtype]), [['query', 436, 'f32'], ['passage', 30, 'f32']]);
    // The .npy pair holds one vector per text (one role); char-ngram encodes both roles alike.
    assert.equal(xlens(tmp, 'embed', '--data', SAMPLE, '--role', 'query', '--out', 'v.npy').code, 0);

    const fromStore = evalWith('precomputed:v.xlstore', 'store.json');
    const fromNpy = evalWith('precomputed:v.npy', 'npy.json');
    const fromEncoder = evalWith('builtin:char-ngram', 'encoder.json');
    // Both precomputed readers L2-normalise the same float32 rows the same way: identical figures.
    assert.deepEqual(fromStore, fromNpy);
    // Against the encoder's own vectors, renormalising moves a value by at most an ulp: every rank
    // metric is equal, the geometric means (Alignment, Uniformity) agree to 1e-9.
    closeTo(fromStore, fromEncoder, 1e-9);
    assert.equal(fromStore.byLanguage.de['nDCG@10'], fromEncoder.byLanguage.de['nDCG@10']);
    assert.equal(fromStore.byLanguage.zh['Max@R'], fromEncoder.byLanguage.zh['Max@R']);
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'store.json'), 'utf8')) as Report;
    assert.equal((report.model as { settings?: Record<string, unknown> }).settings?.format, 'store');
  });

  it('a rerun after a stop keeps the finished shards, says how many, and ends with the same store', () => {
    const store = path.join(tmp, 'resume.xlstore');
    assert.equal(xlens(tmp, 'embed', '--data', SAMPLE, '--out', store, '--shard-rows', '50').code, 0);
    const before = parts(store).map((p) => p.manifest.shards);
    // The state a stop (Ctrl-C) leaves: no index yet, the query part's manifest naming its first 3
    // shards, a shard file it does not name (written, not yet listed) and no later ones.
    const [query] = parts(store);
    fs.rmSync(path.join(store, 'xlstore.json'));
    const m = query.manifest;
    for (const s of m.shards.slice(4)) fs.rmSync(path.join(query.dir, s.file));
    fs.writeFileSync(path.join(query.dir, m.shards[3].file), 'half a shard');
    fs.writeFileSync(path.join(query.dir, 'manifest.json'), JSON.stringify({ ...m, shards: m.shards.slice(0, 3) }));

    const unfinished = xlens(tmp, 'eval', '--data', SAMPLE, '--model', `precomputed:${store}`);
    assert.equal(unfinished.code, 2, unfinished.stderr);
    assert.match(unfinished.stderr, /resume\.xlstore: not a finished XLens store \(no xlstore\.json\)/);

    const r = xlens(tmp, 'embed', '--data', SAMPLE, '--out', store, '--shard-rows', '50');
    assert.equal(r.code, 0, r.stderr);
    // 3 query shards + the passage shard kept; 6 query shards (rows 150..435) encoded again.
    assert.match(r.stderr, /in 10 shards written to .*; kept 4 of 10 shards from an earlier run \(skipped\), encoded 286 texts/);
    assert.deepEqual(parts(store).map((p) => p.manifest.shards), before);
    assert.deepEqual(evalWith(`precomputed:${store}`, 'resumed.json'), evalWith('precomputed:v.xlstore', 'store2.json'));
  });

  it('Ctrl-C during embed: exit 1 with a note, and the rerun keeps what was finished', async () => {
    const store = path.join(tmp, 'sigint.xlstore');
    // One row per shard: hundreds of atomic writes, so the signal lands in the middle.
    const child = spawn(process.execPath, [CLI, 'embed', '--data', SAMPLE, '--out', store, '--shard-rows', '1'], { cwd: tmp });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const hasManifest = () => fs.existsSync(store) && fs.readdirSync(store, { recursive: true }).some((f) => String(f).endsWith('manifest.json'));
    while (!hasManifest()) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    assert.equal(await exited, 1, stderr);
    assert.match(stderr, /stopped: the finished shards stay in .*sigint\.xlstore; run the same command again/);
    assert.ok(!fs.existsSync(path.join(store, 'xlstore.json')));
    const r = xlens(tmp, 'embed', '--data', SAMPLE, '--out', store, '--shard-rows', '1');
    assert.equal(r.code, 0, r.stderr);
    const m = /in 466 shards written to .*; kept (\d+) of 466 shards from an earlier run \(skipped\), encoded (\d+) texts/.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.ok(Number(m[1]) >= 1 && Number(m[1]) < 466 && Number(m[1]) + Number(m[2]) === 466, m[0]);
    assert.deepEqual(evalWith(`precomputed:${store}`, 'sigint.json'), evalWith('precomputed:v.xlstore', 'store3.json'));
  });

  it('a damaged shard or texts file is refused (exit 2) naming the file; embed again repairs the shard', () => {
    const store = path.join(tmp, 'damaged.xlstore');
    assert.equal(xlens(tmp, 'embed', '--data', SAMPLE, '--out', store, '--shard-rows', '50').code, 0);
    const [query] = parts(store);
    const shard = path.join(query.dir, query.manifest.shards[2].file);
    const bytes = fs.readFileSync(shard);
    bytes[1000] ^= 0x40; // one flipped bit, same size
    fs.writeFileSync(shard, bytes);
    const r = xlens(tmp, 'eval', '--data', SAMPLE, '--model', `precomputed:${store}`);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(`${shard}: shard content differs from the sha256 in manifest.json`), r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    // Re-running embed rewrites the damaged shard and nothing else.
    const again = xlens(tmp, 'embed', '--data', SAMPLE, '--out', store, '--shard-rows', '50');
    assert.match(again.stderr, /kept 9 of 10 shards .* encoded 50 texts/);
    assert.equal(xlens(tmp, 'eval', '--data', SAMPLE, '--model', `precomputed:${store}`).code, 0);

    const texts = path.join(store, 'texts-query.jsonl');
    fs.appendFileSync(texts, '"one more"\n');
    const t = xlens(tmp, 'eval', '--data', SAMPLE, '--model', `precomputed:${store}`);
    assert.equal(t.code, 2, t.stderr);
    assert.ok(t.stderr.includes(`${texts}: texts file differs from the sha256 in xlstore.json`), t.stderr);
  });

  it('--dtype f16 writes half-size shards whose figures stay close to float32', () => {
    const e = xlens(tmp, 'embed', '--data', SAMPLE, '--out', 'h.xlstore', '--dtype', 'f16');
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stderr, /466 vectors \(dim 2048, f16, char-ngram\) in 2 shards/);
    const [, p] = parts(path.join(tmp, 'h.xlstore'));
    assert.equal(fs.statSync(path.join(p.dir, p.manifest.shards[0].file)).size, 30 * 2048 * 2);
    const half = evalWith('precomputed:h.xlstore', 'half.json');
    const full = figures(path.join(tmp, 'store.json'));
    // Rounding to binary16 (relative error ≤ 2^-11) may swap near-ties: rank figures move by a few
    // queries at most on this sample.
    for (const lang of Object.keys(full.byLanguage)) {
      for (const key of ['nDCG@10', 'Recall@10', 'Complete@10']) {
        assert.ok(Math.abs(half.byLanguage[lang][key]! - full.byLanguage[lang][key]!) <= 0.02, `${lang} ${key}: ${half.byLanguage[lang][key]} vs ${full.byLanguage[lang][key]}`);
      }
    }
  });

  it('bad flags: --dtype or --shard-rows without a store, an unknown dtype', () => {
    const a = xlens(tmp, 'embed', '--data', SAMPLE, '--out', 'x.jsonl', '--dtype', 'f16');
    assert.equal(a.code, 2);
    assert.match(a.stderr, /--dtype and --shard-rows apply only to a store/);
    const b = xlens(tmp, 'embed', '--data', SAMPLE, '--out', 'x.xlstore', '--dtype', 'f8');
    assert.equal(b.code, 2);
    assert.match(b.stderr, /--dtype must be f32 or f16, not "f8"/);
    const c = xlens(tmp, 'embed', '--data', SAMPLE, '--out', 'x.xlstore', '--shard-rows', '10,20');
    assert.equal(c.code, 2);
    assert.match(c.stderr, /--shard-rows must be a positive whole number, not "10,20"/);
  });
});
