import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BitextReport, Report } from '../../src/core/report/schema';
import { CLI, SAMPLE, xlens } from './runCli';

describe('xlens CLI', function () {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-cli-'));

  it('eval writes a report with the stable keys and prints a per-language table', () => {
    const out = path.join(tmp, 'r.json');
    const md = path.join(tmp, 'r.md');
    const r = xlens('eval', '--data', SAMPLE, '--scenario', 'bilingual', '--langs', 'de,zh', '--out', out, '--md', md, '--per-query');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^de\s+74\s/m);
    assert.match(r.stdout, /^overall\s+148\s/m);
    const report: Report = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(report.tool, 'xlens');
    assert.equal(report.scenario, 'bilingual');
    assert.deepEqual(report.k, [1, 5, 10, 20, 100]);
    for (const key of ['Recall@10', 'Success@1', 'MRR@10', 'nDCG@1', 'mAP', 'Max@R', 'Max@R.median', 'nMax@R', 'Complete@10', 'EIR', 'EIR.count', 'SIR', 'LangShare@10.en', 'Alignment'])
      assert.ok(typeof report.byLanguage.de[key] === 'number', `byLanguage.de.${key}`);
    assert.ok(report.definitions['Max@R'] && report.definitions.EIR);
    assert.equal(report.perQuery!.length, 148);
    assert.match(fs.readFileSync(md, 'utf8'), /## Definitions/);
  });

  it('bitext mines the questions of a QA corpus', () => {
    const out = path.join(tmp, 'b.json');
    const r = xlens('bitext', '--data', SAMPLE, '--langs', 'de,es', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const report: BitextReport = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(report.pairs).sort(), ['de-en', 'es-en']);
    assert.ok(report.pairs['de-en'].BitextAcc > 0.3, `de-en accuracy ${report.pairs['de-en'].BitextAcc}`);
  });

  it('metrics scores a TREC run', () => {
    const q = path.join(tmp, 'q.qrels');
    const run = path.join(tmp, 'x.run');
    fs.writeFileSync(q, 'q1 0 a 1\nq2 0 b 1\n');
    fs.writeFileSync(run, 'q1 Q0 a 1 2 t\nq2 Q0 a 1 2 t\nq2 Q0 b 2 1 t\n');
    const out = path.join(tmp, 'm.json');
    const r = xlens('metrics', '--qrels', q, '--run', run, '--k', '1,10', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(m.queries, 2);
    assert.equal(m.metrics['Success@1'], 0.5);
    assert.equal(m.metrics['MRR@10'], 0.75);
  });

  it('metrics scores a judged query the run misses (censored at depth + 1) and refuses a folder as qrels', () => {
    const q = path.join(tmp, 'c.qrels');
    const run = path.join(tmp, 'c.run');
    fs.writeFileSync(q, 'q1 0 a 2\nq2 0 b 1\nq3 0 c 0\n');
    fs.writeFileSync(run, 'q1 Q0 x 1 2 t\nq1 Q0 a 2 1 t\n');
    const out = path.join(tmp, 'c.json');
    const r = xlens('metrics', '--qrels', q, '--run', run, '--k', '1,10', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(m.queries, 2);
    assert.equal(m.metrics['Max@R'], (2 + 3) / 2); // q2 is not in the run: censored at depth 2 + 1
    assert.equal(m.metrics['Max@R.censored'], 0.5);
    assert.deepEqual(m.excluded, ['q3']);
    assert.match(r.stdout, /1 judged query has no relevant document and is excluded: q3/);
    const dir = xlens('metrics', '--qrels', tmp, '--run', run);
    assert.equal(dir.code, 2, dir.stderr);
    assert.match(dir.stderr, /is a folder/);
    assert.doesNotMatch(dir.stderr, /internal error/);
    const thr = xlens('metrics', '--qrels', q, '--run', run, '--rel-threshold', '0.5');
    assert.equal(thr.code, 2);
  });

  it('bad input exits 2 with the file and line; unknown options exit 2', () => {
    const bad = path.join(tmp, 'bad.run');
    fs.writeFileSync(bad, 'q1 Q0 a 1 0.5 t\nq1 Q0 b\n');
    const q = path.join(tmp, 'q2.qrels');
    fs.writeFileSync(q, 'q1 0 a 1\n');
    const r = xlens('metrics', '--qrels', q, '--run', bad);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.run:2: expected 6 fields/);
    const u = xlens('eval', '--data', SAMPLE, '--nope');
    assert.equal(u.code, 2);
    assert.match(u.stderr, /unknown option --nope/);
    const missing = xlens('eval', '--data', path.join(tmp, 'does-not-exist'));
    assert.equal(missing.code, 2, missing.stderr);
  });
});
