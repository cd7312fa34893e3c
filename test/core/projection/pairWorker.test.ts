import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Progress } from '../../../src/core/progress';
import { EngineClient } from '../../../src/workers/engineClient';
import type { JobRequest, JobResult } from '../../../src/workers/protocol';

/** Compare's `projectPair` job through the real engine worker (TypeScript entry via tsx). */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'xquad-mini');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-pair-'));
const WORKER = path.join(tmp, 'worker-bootstrap.js');
fs.writeFileSync(WORKER, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(ROOT, 'src', 'workers', 'engineWorker.ts'))});\n`);

type Pair = Extract<JobRequest, { kind: 'projectPair' }>;
const request = (models: { a: string; b: string }): Pair => ({
  kind: 'projectPair',
  data: SAMPLE,
  models,
  langs: ['de', 'en', 'zh'],
  runs: { a: { uri: 'file:///runs/a.json', label: 'a' }, b: { uri: 'file:///runs/b.json', label: 'b' } },
  cwd: tmp,
});

function asPair(r: JobResult): Extract<JobResult, { kind: 'projectPair' }> {
  assert.equal(r.kind, 'projectPair');
  return r as Extract<JobResult, { kind: 'projectPair' }>;
}

describe('compare projections in the engine worker', function () {
  this.timeout(180_000);
  const client = new EngineClient(WORKER);
  after(async () => {
    await client.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('projectPair: the same points in both layouts, displacement and baseline per point, summary', async () => {
    const phases = new Set<string>();
    const r = asPair(await client.run(request({ a: 'builtin:char-ngram?dim=256', b: 'builtin:char-ngram?dim=256&n=2-4' }), { onProgress: (p: Progress) => phases.add(p.phase.split(':')[0]) }));
    const n = r.a.texts.length;
    assert.ok(n > 100, `${n} points`);
    assert.deepEqual(r.b.texts, r.a.texts);
    assert.deepEqual(Buffer.from(r.b.lang), Buffer.from(r.a.lang));
    assert.equal(r.a.run.uri, 'file:///runs/a.json');
    assert.equal(r.b.run.uri, 'file:///runs/b.json');
    assert.equal(r.displacement.byteLength, 4 * n);
    assert.equal(r.baseline.byteLength, 4 * n);
    const d = new Float32Array(r.displacement);
    const noise = new Float32Array(r.baseline);
    assert.ok(d.every((x) => Number.isFinite(x) && x >= 0) && noise.every((x) => Number.isFinite(x) && x >= 0));
    const s = r.layout.summary;
    assert.equal(s.points, n);
    assert.equal(s.beyondNoise, d.filter((x) => x > s.baseline.p95).length);
    assert.deepEqual([r.layout.method, r.layout.seeds, r.layout.lambda, r.layout.neighbors], ['aligned-umap', [42, 43], 0.01, 15]);
    // Another n-gram range is another model: it moves points more than the seeds alone do.
    assert.ok(s.median > s.baseline.median, `median ${s.median} vs baseline ${s.baseline.median}`);
    for (const phase of ['joint layout of A and B', 'noise baseline (A with itself)']) assert.ok(phases.has(phase), [...phases].join(', '));
  });

  it('projectPair of a model with itself: A → B is the noise baseline', async () => {
    const m = 'builtin:char-ngram?dim=256';
    const r = asPair(await client.run(request({ a: m, b: m })));
    assert.deepEqual(Buffer.from(r.displacement), Buffer.from(r.baseline));
    const s = r.layout.summary;
    // Beyond its own 95th percentile (interpolated): at most ⌈5% of n⌉ points.
    assert.ok(s.beyondNoise <= Math.ceil(0.05 * s.points), `${s.beyondNoise} of ${s.points}`);
    assert.ok(s.baseline.median > 0 && s.baseline.median < 0.5, `baseline median ${s.baseline.median} layout radii`);
  });
});
