import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ComparisonRecord } from '../../src/core/compare/comparisonRecord';
import type { Report } from '../../src/core/report/schema';
import { CLI, SAMPLE, xlens } from './runCli';

/** `xlens compare` end to end through the built CLI: files, exit codes, the CI gate. */
describe('xlens compare', function () {
  this.timeout(120_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-compare-'));
  const file = (name: string) => path.join(tmp, name);

  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    const evalRun = (out: string, ...extra: string[]) => {
      const r = xlens('eval', '--data', SAMPLE, '--langs', 'de,es,zh', '--out', file(out), ...extra);
      assert.equal(r.code, 0, r.stderr);
    };
    evalRun('a.json', '--scenario', 'bilingual', '--per-query');
    evalRun('b.json', '--scenario', 'bilingual', '--per-query', '--model', 'builtin:char-ngram?n=2-4');
    evalRun('mono.json', '--scenario', 'mono', '--per-query');
    evalRun('noq.json', '--scenario', 'bilingual');
    // A planted regression: run a with every question's passage ranks pushed down in B.
    const a: Report = JSON.parse(fs.readFileSync(file('a.json'), 'utf8'));
    const worse = structuredClone(a);
    for (const q of worse.perQuery!) {
      q.metrics.MaxRank += 25;
      q.metrics.AP *= 0.5;
    }
    fs.writeFileSync(file('worse.json'), JSON.stringify(worse));
  });

  it('a run against itself: exit 0, no significant cell, C.json with every cell', () => {
    const r = xlens('compare', file('a.json'), file('a.json'), '--out', file('self.json'), '--md', file('self.md'), '--fail-on-regression', '--samples', '2000');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^0 significant of \d+ cells/m);
    const c: ComparisonRecord = JSON.parse(fs.readFileSync(file('self.json'), 'utf8'));
    assert.equal(c.tool, 'xlens');
    assert.deepEqual([c.test, c.correction, c.alpha, c.samples, c.seed], ['randomization', 'holm', 0.05, 2000, 0]);
    // 3 languages + overall, × every headline metric of a bilingual run.
    assert.equal(c.cells.length, 4 * 10);
    assert.equal(c.family, c.cells.length);
    for (const cell of c.cells) {
      assert.deepEqual([cell.delta, cell.p, cell.pAdjusted, cell.significant, cell.better, cell.wins, cell.losses], [0, 1, 1, false, null, 0, 0]);
      assert.equal(cell.ties, cell.queries);
    }
    assert.deepEqual(c.summary, { cells: 40, significant: 0, betterB: 0, betterA: 0, significantUncorrected: 0 });
    assert.match(fs.readFileSync(file('self.md'), 'utf8'), /^# XLens comparison: xquad, bilingual \(pivot en\)/);
  });

  it('two models: raw and corrected p per cell; Holm flags no more cells than BH, BH no more than none', () => {
    const summaries = (['holm', 'bh', 'none'] as const).map((correction) => {
      const out = file(`ab-${correction}.json`);
      const r = xlens('compare', file('a.json'), file('b.json'), '--correction', correction, '--metrics', 'nDCG@10,mAP,Max@R,EIR', '--test', 'bootstrap', '--samples', '2000', '--seed', '3', '--out', out);
      assert.equal(r.code, 0, r.stderr);
      const c: ComparisonRecord = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.deepEqual([...new Set(c.cells.map((x) => x.metric))], ['nDCG@10', 'mAP', 'Max@R', 'EIR']);
      assert.deepEqual([...new Set(c.cells.map((x) => x.lang))], ['de', 'es', 'zh', 'overall']);
      assert.equal(c.test, 'bootstrap');
      for (const x of c.cells) {
        assert.ok(x.pAdjusted >= x.p && x.pAdjusted <= 1);
        assert.equal(x.significant, x.pAdjusted < 0.05);
        // Lower Max@R and EIR are better: B is the better run when it lowered them.
        if (x.significant) assert.equal(x.better, (x.delta < 0) === x.lowerIsBetter ? 'b' : 'a', `${x.lang} ${x.metric}`);
        assert.equal(x.wins + x.ties + x.losses, x.lang === 'overall' ? 3 * 74 : 74);
      }
      return c.summary;
    });
    const [holm, bh, none] = summaries;
    assert.ok(holm.significant <= bh.significant && bh.significant <= none.significant, JSON.stringify(summaries));
    assert.equal(none.significant, none.significantUncorrected);
    assert.equal(holm.significantUncorrected, none.significantUncorrected);
  });

  it('--fail-on-regression exits 3 when B is significantly worse, 0 when B is better', () => {
    const r = xlens('compare', file('a.json'), file('worse.json'), '--fail-on-regression', '--samples', '2000', '--metrics', 'Max@R,mAP');
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /B is significantly worse than A in 8 cell\(s\): de mAP, de Max@R, es mAP/);
    const back = xlens('compare', file('worse.json'), file('a.json'), '--fail-on-regression', '--samples', '2000', '--metrics', 'Max@R,mAP');
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /^8 significant of 8 cells \(B better in 8, A better in 0\)/m);
    // Without the flag a regression is reported, not failed.
    assert.equal(xlens('compare', file('a.json'), file('worse.json'), '--samples', '500').code, 0);
  });

  it('exit 2 naming the problem: other scenario, no per-query records, unreadable file, bad options', () => {
    const cases: Array<[string[], RegExp]> = [
      [[file('a.json'), file('mono.json')], /not comparable: scenario: bilingual \(A\) vs mono \(B\)/],
      [[file('a.json'), file('noq.json')], /noq\.json has no per-query records/],
      [[file('a.json'), file('missing.json')], /missing\.json: cannot read this run: ENOENT/],
      [[file('a.json'), path.join(SAMPLE, 'xquad.de.json')], /xquad\.de\.json: not an xlens evaluation report/],
      [[file('a.json')], /needs two run files/],
      [[file('a.json'), file('b.json'), '--correction', 'bonferroni'], /--correction must be one of holm, bh, none/],
      [[file('a.json'), file('b.json'), '--test', 'wilcoxon'], /--test must be randomization or bootstrap/],
      [[file('a.json'), file('b.json'), '--alpha', '5'], /--alpha must be a number between 0 and 1/],
      [[file('a.json'), file('b.json'), '--samples', '0'], /--samples must be a whole number/],
      [[file('a.json'), file('b.json'), '--metrics', 'nDCG@10,BLEU'], /--metrics: "BLEU" is not a metric Compare can test/],
    ];
    for (const [args, message] of cases) {
      const r = xlens('compare', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    }
  });

  it('is listed in the help', () => {
    const r = xlens('help');
    assert.match(r.stdout, /xlens compare A\.json B\.json/);
    assert.match(r.stdout, /3 a regression found by\s+"compare --fail-on-regression"/);
  });
});
