import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineClient } from '../../../src/workers/engineClient';
import type { JobResult } from '../../../src/workers/protocol';

/** The extension's path (Evaluate… → engine worker) for pool and query languages. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-evalworker-'));
const WORKER = path.join(tmp, 'worker-bootstrap.js');
fs.writeFileSync(WORKER, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(ROOT, 'src', 'workers', 'engineWorker.ts'))});\n`);

const report = (r: JobResult) => {
  assert.equal(r.kind, 'eval');
  return (r as Extract<JobResult, { kind: 'eval' }>).report;
};

describe('eval jobs in the engine worker: pool and query languages', function () {
  this.timeout(120_000);
  const client = new EngineClient(WORKER);
  after(async () => {
    await client.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const base = { kind: 'eval' as const, model: 'builtin:char-ngram?dim=256', pivot: 'en', k: [1, 10], cwd: tmp };

  it('as-given on a BEIR folder with chosen pool and query languages', async () => {
    const r = report(await client.run({ ...base, data: path.join(ROOT, 'test', 'fixtures', 'data', 'beir-mini'), scenario: 'as-given', langs: ['de'], poolLangs: ['de', 'en'] }));
    assert.deepEqual(Object.keys(r.byLanguage), ['de']);
    assert.deepEqual(r.pool?.languages, { de: 2, en: 2 });
    assert.equal(r.judgements?.excluded.count, 1);
  });

  it('multilingual with some query languages keeps every corpus language in the pool', async () => {
    const r = report(await client.run({ ...base, data: path.join(ROOT, 'samples', 'xquad-mini'), scenario: 'multilingual', langs: ['de'] }));
    assert.deepEqual(Object.keys(r.byLanguage), ['de']);
    assert.ok(r.byLanguage.de['PoolShare.ar'] > 0 && r.byLanguage.de['PoolShare.zh'] > 0);
  });
});
