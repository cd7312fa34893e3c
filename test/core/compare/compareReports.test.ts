import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { compareReports } from '../../../src/core/compare/compareReports';
import { comparisonCsv, comparisonMarkdown } from '../../../src/core/compare/exportComparison';
import { loadCorpus } from '../../../src/core/data/load';
import type { QACorpus } from '../../../src/core/data/corpus';
import { CharNgramEncoder } from '../../../src/core/encoders/charNgram';
import { evaluate } from '../../../src/core/eval/evaluate';
import type { Report } from '../../../src/core/report/schema';
import { record, records, report } from './helpers';

const close = (x: number, y: number, what: string) => assert.ok(Math.abs(x - y) < 1e-9, `${what}: ${x} ≠ ${y}`);

describe('compare: two reports', () => {
  it('pairs records by (query id, task) and leaves out the unmatched ones', async () => {
    const a = report([record('de', 'q1', 'de+en', { AP: 0.5 }), record('de', 'q2', 'de+en', { AP: 1 }), record('de', 'q3', 'de+en', { AP: 0 })]);
    const b = report([record('de', 'q2', 'de+en', { AP: 0.5 }), record('de', 'q1', 'de+en', { AP: 1 }), record('de', 'q4', 'de+en', { AP: 1 })], {}, 'model-b');
    const c = await compareReports(a, b, { samples: 500 });
    assert.deepEqual(c.pairing, { matched: 2, onlyA: 1, onlyB: 1 });
    const d = c.rows[0].deltas.mAP;
    close(d.a, 0.75, 'a');
    close(d.b, 0.75, 'b');
    assert.equal(d.queries, 2);
    assert.match(c.notes.join(' '), /1 per-query record\(s\) only in A and 1 only in B/);
    assert.deepEqual(c.metrics.map((m) => m.name), ['mAP'], 'only metrics both runs recorded');
  });

  it('marks significant changes better or worse by each metric\'s direction', async () => {
    const n = 30;
    const a = report(records('de', n, (i) => ({ 'nDCG@10': 0.5, MaxRank: 10 + (i % 3), EIR: i % 2 })));
    // B: nDCG@10 up (better), MaxRank up (worse: lower is better), EIR unchanged.
    const b = report(records('de', n, (i) => ({ 'nDCG@10': 0.6, MaxRank: 14 + (i % 3), EIR: i % 2 })), {}, 'model-b');
    const c = await compareReports(a, b, { samples: 1000 });
    const row = c.rows[0].deltas;
    assert.equal(row['nDCG@10'].verdict, 'better');
    assert.equal(row['Max@R'].verdict, 'worse');
    close(row['Max@R'].delta, 4, 'Max@R delta');
    assert.equal(row.EIR.verdict, 'same');
    assert.equal(row.EIR.p, 1);
    assert.deepEqual(c.metrics.find((m) => m.name === 'Max@R'), { name: 'Max@R', perQuery: 'MaxRank', lowerIsBetter: true });
    // The same change the other way round flips the verdicts.
    const back = await compareReports(b, a, { samples: 1000 });
    assert.equal(back.rows[0].deltas['Max@R'].verdict, 'better');
    assert.equal(back.rows[0].deltas['nDCG@10'].verdict, 'worse');
  });

  it('cross: a query\'s value averages its M ≠ L tasks', async () => {
    const rec = (key: string, task: string, v: number) => record('de', key, task, { 'nDCG@10': v });
    const a = report([rec('q1', 'de→de', 1), rec('q1', 'de→en', 0.2), rec('q1', 'de→zh', 0.4)], { scenario: 'cross', pivot: undefined });
    const b = report([rec('q1', 'de→de', 0), rec('q1', 'de→en', 0.6), rec('q1', 'de→zh', 0.6)], { scenario: 'cross', pivot: undefined }, 'model-b');
    const d = (await compareReports(a, b, { samples: 100 })).rows[0].deltas['nDCG@10'];
    close(d.a, 0.3, 'a');
    close(d.b, 0.6, 'b');
    assert.equal(d.queries, 1);
  });

  it('refuses incompatible runs and says exactly what differs', async () => {
    const recs = records('de', 3, () => ({ AP: 1 }));
    const a = report(recs);
    const other = report(records('zh', 3, () => ({ AP: 1 })), {
      scenario: 'cross',
      dataset: { ...a.dataset, name: 'other', path: '/data/other' },
    });
    await assert.rejects(compareReports(a, other), (e: Error) => {
      assert.match(e.message, /not comparable/);
      assert.match(e.message, /dataset: "hand" \(A\) vs "other" \(B\)/);
      assert.match(e.message, /dataset path: \/data\/hand \(A\) vs \/data\/other \(B\)/);
      assert.match(e.message, /scenario: bilingual \(A\) vs cross \(B\)/);
      assert.match(e.message, /query languages: de only in A; zh only in B/);
      return true;
    });
    await assert.rejects(compareReports(a, report(recs, { pivot: 'zh' })), /pivot: en \(A\) vs zh \(B\)/);
    await assert.rejects(compareReports(a, report(recs, { perQuery: undefined })), /run B has no per-query records/);
    // A CLI path as typed and the same folder's absolute path are the same dataset.
    const rel = report(recs, { dataset: { ...a.dataset, path: '../data/hand/' } });
    await compareReports(a, rel, { samples: 10 });
  });

  it('exports Markdown and CSV with every language × metric', async () => {
    const n = 12;
    const a = report([...records('de', n, (i) => ({ AP: i / n, MaxRank: 3 })), ...records('zh', n, (i) => ({ AP: 1 - i / n, MaxRank: 5 }))]);
    const b = report([...records('de', n, (i) => ({ AP: i / n, MaxRank: 2 })), ...records('zh', n, (i) => ({ AP: 1 - i / n, MaxRank: 5 }))], {}, 'model-b');
    const c = await compareReports(a, b, { samples: 500, method: 'paired-bootstrap' });
    assert.deepEqual(c.rows.map((r) => r.lang), ['de', 'zh', 'overall']);
    const md = comparisonMarkdown(c);
    assert.match(md, /## Max@R \(lower is better\)/);
    assert.match(md, /\| de \| 12 \| 3\.0 \| 2\.0 \| -1\.0 \| \[-1\.0, -1\.0\] \| 0\.002 \| ▲ better \|/);
    assert.match(md, /paired bootstrap test, 500 samples, seed 1/);
    const csv = comparisonCsv(c).trim().split('\n');
    assert.equal(csv.length, 1 + 3 * 2);
    assert.equal(csv[0].split(',')[0], 'lang');
  });
});

describe('compare: two char-ngram runs of the XQuAD sample', function () {
  this.timeout(120_000);
  let corpus: QACorpus;
  const run = async (dim: number, scenario: 'bilingual' | 'cross'): Promise<Report> =>
    evaluate(corpus, new CharNgramEncoder({ dim }), { scenario, langs: ['de', 'en', 'zh'], pivot: 'en', k: [1, 10], perQuery: true, backend: 'ts' });

  before(async () => {
    const c = await loadCorpus(join(__dirname, '../../../samples/xquad-mini'));
    assert.equal(c.kind, 'qa');
    corpus = c as QACorpus;
  });

  for (const scenario of ['bilingual', 'cross'] as const) {
    it(`A and B are the reports' own figures, per language and overall (${scenario})`, async () => {
      const [a, b] = [await run(2048, scenario), await run(512, scenario)];
      const c = await compareReports(a, b, { samples: 2000 });
      assert.equal(c.pairing.onlyA + c.pairing.onlyB, 0);
      const names = c.metrics.map((m) => m.name);
      for (const m of ['nDCG@10', 'mAP', 'Max@R', 'Complete@10']) assert.ok(names.includes(m), `${m} in ${names}`);
      if (scenario === 'bilingual') assert.ok(names.includes('EIR') && names.includes('SIR'));
      for (const row of c.rows) {
        const [ra, rb] = row.lang === 'overall' ? [a.overall, b.overall] : [a.byLanguage[row.lang], b.byLanguage[row.lang]];
        for (const m of c.metrics) {
          const d = row.deltas[m.name];
          close(d.a, ra[m.name], `${row.lang} ${m.name} A`);
          close(d.b, rb[m.name], `${row.lang} ${m.name} B`);
          assert.ok(d.p > 0 && d.p <= 1);
          assert.ok(d.ci[0] <= d.delta + 1e-12 && d.delta - 1e-12 <= d.ci[1], `${row.lang} ${m.name}: ${d.delta} outside ${d.ci}`);
        }
      }
      // A run against itself: nothing changes.
      const same = await compareReports(a, a, { samples: 200 });
      for (const row of same.rows) for (const m of same.metrics) assert.equal(row.deltas[m.name].p, 1);
    });
  }
});
