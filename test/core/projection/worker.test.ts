import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancelledError } from '../../../src/core/errors';
import type { Progress } from '../../../src/core/progress';
import { EngineClient } from '../../../src/workers/engineClient';
import type { JobRequest, JobResult } from '../../../src/workers/protocol';
import { requireSharedData } from '../../support/sharedData';

/** The `project` and `neighbours` jobs through the real engine worker (a thread running the TypeScript entry via tsx). */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'xquad-mini');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-projection-'));
const WORKER = path.join(tmp, 'worker-bootstrap.js');
fs.writeFileSync(WORKER, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(ROOT, 'src', 'workers', 'engineWorker.ts'))});\n`);

type Project = Extract<JobRequest, { kind: 'project' }>;
const request = (over: Partial<Project> = {}): Project => ({
  kind: 'project',
  data: SAMPLE,
  model: 'builtin:char-ngram?dim=256',
  langs: ['de', 'en', 'zh'],
  seed: 3,
  run: { uri: 'file:///runs/a.json', label: 'xquad-mini · char-ngram' },
  cwd: tmp,
  ...over,
});

function asProject(r: JobResult): Extract<JobResult, { kind: 'project' }> {
  assert.equal(r.kind, 'project');
  return r as Extract<JobResult, { kind: 'project' }>;
}

describe('projection jobs in the engine worker', function () {
  this.timeout(120_000);
  const client = new EngineClient(WORKER);
  after(async () => {
    await client.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('project: fills every field of ProjectionPoints, reports progress, same seed → same layout', async () => {
    const phases = new Set<string>();
    const a = asProject(await client.run(request({ includePassages: true }), { onProgress: (p: Progress) => phases.add(p.phase) }));
    const p = a.points;
    const n = p.texts.length;
    assert.ok(n > 50, `${n} points`);
    assert.deepEqual(p.run, { uri: 'file:///runs/a.json', label: 'xquad-mini · char-ngram' });
    assert.deepEqual(p.languages, ['de', 'en', 'zh']);
    assert.equal(p.coords.byteLength, 8 * n);
    assert.equal(p.lang.byteLength, 2 * n);
    assert.equal(p.group.byteLength, 4 * n);
    assert.equal(p.kind.byteLength, n);
    assert.equal(a.ids.length, n);
    assert.deepEqual(p.layout, { method: 'umap', neighbors: 15, minDist: 0.1, seed: 3, dim: 256 });
    assert.ok(new Float32Array(p.coords).every(Number.isFinite));
    assert.ok(new Uint16Array(p.lang).every((l) => l < 3));
    const kinds = new Uint8Array(p.kind);
    assert.ok(kinds.includes(0) && kinds.includes(1), 'questions and passages');
    assert.ok(phases.has('exact nearest neighbours') && phases.has('layout epochs'), [...phases].join(', '));

    const b = asProject(await client.run(request({ includePassages: true })));
    assert.deepEqual(Buffer.from(b.points.coords), Buffer.from(p.coords));
    assert.notEqual(b.projectionId, a.projectionId);
  });

  it('neighbours: rank, language and cosine of the nearest projected points; expired ids say so', async () => {
    const a = asProject(await client.run(request()));
    const r = await client.run({ kind: 'neighbours', projectionId: a.projectionId, index: 0, k: 5 });
    assert.equal(r.kind, 'neighbours');
    if (r.kind !== 'neighbours') return;
    assert.equal(r.expired, false);
    assert.deepEqual(r.neighbours.map((x) => x.rank), [1, 2, 3, 4, 5]);
    for (let i = 1; i < 5; i++) assert.ok(r.neighbours[i - 1].similarity >= r.neighbours[i].similarity);
    for (const x of r.neighbours) {
      assert.ok(x.index !== 0 && x.index < a.ids.length);
      assert.equal(x.lang, a.points.languages[new Uint16Array(a.points.lang)[x.index]]);
    }
    const gone = await client.run({ kind: 'neighbours', projectionId: 987654, index: 0, k: 5 });
    assert.deepEqual(gone, { kind: 'neighbours', projectionId: 987654, index: 0, neighbours: [], expired: true });
  });

  it('project: a parallel sentence set without a run (Project Sentences…): sentences only, whole groups under the cap', async function () {
    const flores = requireSharedData(this, 'flores200-sib');
    const r = asProject(await client.run(request({ data: flores, langs: ['en', 'de', 'fr'], maxPoints: 120, run: undefined, includePassages: true })));
    const p = r.points;
    assert.deepEqual(p.run, { uri: '', label: 'sib200 · char-ngram' }); // the worker's default label: corpus name · model
    assert.deepEqual(p.languages, ['de', 'en', 'fr']);
    assert.equal(p.texts.length, 120);
    assert.ok(new Uint8Array(p.kind).every((k) => k === 1), 'sentences only');
    const sizes = new Map<number, number>();
    for (const g of new Uint32Array(p.group)) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    assert.ok([...sizes.values()].every((n) => n === 3), 'each sentence with its two translations');
    assert.ok(new Float32Array(p.coords).every(Number.isFinite));
  });

  it('project: a bad language is a user error; cancelling stops the job', async () => {
    await assert.rejects(client.run(request({ langs: ['xx'] })), (e: Error) => e.name === 'UserError');
    const abort = new AbortController();
    const job = client.run(request({ langs: undefined }), {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'layout epochs') abort.abort();
      },
    });
    await assert.rejects(job, CancelledError);
  });
});
