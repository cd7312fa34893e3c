import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireSharedData } from '../support/sharedData';
import { xlensIn } from './runCli';

/** `xlens bitext --matrix all` on a real FLORES/SIB-200 excerpt (../shared/data, read in place). */
describe('cli: xlens bitext --matrix', function () {
  let data: string;
  let tmp: string;
  before(function () {
    data = requireSharedData(this, 'flores200-sib');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-bxm-'));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it('mines every ordered pair and writes the matrix as Markdown, CSV and JSON that agree with the report', () => {
    const langs = 'en,de,fr,zh,sw';
    const r = xlensIn(tmp, 'bitext', '--data', data, '--split', 'dev', '--langs', langs, '--matrix', 'all', '--matrix-out', 'm.csv', '--out', 'r.json');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /BitextAcc: source \(rows\) → target \(columns\)/);
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'r.json'), 'utf8'));
    assert.equal(report.matrix, 'all');
    assert.equal(Object.keys(report.pairs).length, 10, 'every unordered pair of five languages, both directions each');
    const csv = fs.readFileSync(path.join(tmp, 'm.csv'), 'utf8').trim().split('\r\n').map((l) => l.split(','));
    const cols = csv[0].slice(2);
    assert.deepEqual([...cols].sort(), ['de', 'en', 'fr', 'sw', 'zh']);
    let checked = 0;
    for (const row of csv.slice(1)) {
      const src = row[0];
      cols.forEach((tgt, j) => {
        const cell = row[j + 2];
        if (src === tgt) return assert.equal(cell, '');
        const fwd = report.pairs[`${src}-${tgt}`]?.BitextAcc;
        const expected = fwd ?? report.pairs[`${tgt}-${src}`]['BitextAcc.reverse'];
        assert.equal(Number(cell), expected, `${src}→${tgt}`);
        checked++;
      });
    }
    assert.equal(checked, 20);

    const md = xlensIn(tmp, 'bitext', '--data', data, '--split', 'dev', '--langs', 'en,de,ace_Arab', '--matrix-out', 'm.md');
    assert.equal(md.code, 0, md.stderr);
    const text = fs.readFileSync(path.join(tmp, 'm.md'), 'utf8');
    assert.match(text, /pivot-centred \(en row and column only\)/);
    assert.match(text, /\| \*\*ace-Arab\*\* \| Acehnese \(Arabic script\) \| – \| – \| \d\.\d{3} \|/); // ace-Arab→de not mined

    const json = xlensIn(tmp, 'bitext', '--data', data, '--split', 'dev', '--langs', 'en,de', '--matrix', 'all', '--matrix-metric', 'margin', '--matrix-out', 'm.json');
    assert.equal(json.code, 0, json.stderr);
    const m = JSON.parse(fs.readFileSync(path.join(tmp, 'm.json'), 'utf8'));
    assert.equal(m.metric, 'margin');
    assert.equal(m.values.length, 2);
  });

  it('refuses a bad --matrix or matrix file name before any work (exit 2)', () => {
    const bad = xlensIn(tmp, 'bitext', '--data', data, '--langs', 'de', '--matrix', 'every');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--matrix must be one of pivot, all, not "every"/);
    const ext = xlensIn(tmp, 'bitext', '--data', data, '--langs', 'de', '--matrix-out', 'm.txt');
    assert.equal(ext.code, 2);
    assert.match(ext.stderr, /--matrix-out .*m\.txt: name a \.md, \.csv or \.json file/);
  });
});
