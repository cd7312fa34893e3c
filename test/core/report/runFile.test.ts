import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isRunFileName, runFileName, writeRunFile } from '../../../src/core/report/runFile';
import type { Report } from '../../../src/core/report/schema';
import { atEveryKillPoint } from '../../support/killPoints';
import { report } from './fixtures';

/** What the Runs tree lists: every run file name it accepts, parsed (a half-written file would throw). */
function listRuns(dir: string): Report[] {
  return fs.readdirSync(dir).filter(isRunFileName).sort().map((n) => JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as Report);
}

describe('report/runFile: saved runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-runs-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const older = report({ createdAt: '2025-01-01T00:00:00.000Z', overall: { queries: 1 } });
  const newer = report({ createdAt: '2025-02-02T10:11:12.000Z', overall: { queries: 2 }, notes: ['x'.repeat(50_000)] });

  it('names a run by time, data set, scenario and model', () => {
    assert.equal(runFileName(newer), '2025-02-02_10-11-12-tiny-bilingual-char-ngram.json');
  });

  it('a save stopped at any step keeps the earlier runs, and the listing never sees half a run', async () => {
    const runs = path.join(dir, '.xlens', 'runs');
    const steps = await atEveryKillPoint(
      () => writeRunFile(runs, newer),
      async () => {
        fs.rmSync(runs, { recursive: true, force: true });
        await writeRunFile(runs, older);
      },
      (at) => {
        assert.deepEqual(listRuns(runs).map((r) => r.overall.queries), [1], `after a stop at ${at.step}`);
      },
    );
    assert.deepEqual(steps.map((s) => s.step), ['mkdir', 'open', 'write', 'write', 'sync', 'rename']);
    const file = await writeRunFile(runs, newer);
    assert.equal(path.basename(file), runFileName(newer));
    assert.deepEqual(listRuns(runs).map((r) => r.overall.queries), [1, 2]);
  });

  it('creates the runs folder when missing', async () => {
    const file = await writeRunFile(path.join(dir, 'a', 'b'), older);
    assert.ok(fs.statSync(file).isFile());
  });
});
