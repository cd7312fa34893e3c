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
    // Family: 2 metrics × (de, zh, overall) = 6 cells; Holm: the two cells at the floor 1/501 → 6/501, 5/501 → 0.012.
    assert.match(md, /\| de \| 12 \| 3\.0 \| 2\.0 \| -1\.0 \| \[-1\.0, -1\.0\] \| 0\.002 \| 0\.012 \| 12\/0\/0 \| ▲ better \|/);
    assert.match(md, /paired bootstrap test, 500 samples, seed 0/);
    assert.match(md, /p adjusted by Holm–Bonferroni over all 6 cells/);
    assert.match(md, /2 significant of 6 cells \(B better in 2, A better in 0\); 2 with uncorrected p < 0\.05/);
    const csv = comparisonCsv(c).trim().split('\n');
    assert.equal(csv.length, 1 + 3 * 2);
    assert.equal(csv[0].split(',')[0], 'lang');
    assert.ok(csv[0].includes(',p,p_adjusted,correction,wins,ties,losses,verdict,'));
  });

  it('corrects over every cell reported: a lone p ≈ 0.02 is significant uncorrected, not after Holm or BH', async () => {
    // de: nDCG@10 rises on 9 of 10 questions and falls on one: exact sign-flip p = 22/1024 ≈ 0.0215.
    // Nine other languages and MaxRank do not change (p = 1). Family: 10 languages + overall, × 2 metrics = 22.
    const langs = ['de', 'es', 'fr', 'it', 'nl', 'pt', 'ru', 'zh', 'ja', 'ko'];
    const rec = (shift: boolean) => langs.flatMap((l) => records(l, 10, (i) => ({ 'nDCG@10': 0.5 + (shift && l === 'de' ? (i === 3 ? -0.1 : 0.1) : 0), MaxRank: 4 + (i % 3) })));
    const a = report(rec(false));
    const b = report(rec(true), {}, 'model-b');
    const raw = await compareReports(a, b, { samples: 20_000, correction: 'none' });
    const holm = await compareReports(a, b, { samples: 20_000 });
    const bh = await compareReports(a, b, { samples: 20_000, correction: 'bh' });
    assert.equal(holm.test.correction, 'holm', 'Holm is the default');
    assert.equal(holm.test.family, 22);
    const de = (c: typeof raw) => c.rows.find((r) => r.lang === 'de')!.deltas['nDCG@10'];
    assert.ok(Math.abs(de(raw).p - 22 / 1024) < 0.005, `p ${de(raw).p}`);
    assert.equal(de(raw).pAdjusted, de(raw).p);
    assert.equal(de(raw).verdict, 'better');
    assert.deepEqual([de(raw).wins, de(raw).ties, de(raw).losses], [9, 0, 1]);
    // Holm: the smallest of 22 p-values times 22; BH: times 22/1 as well (the rest are 1 or larger).
    close(de(holm).pAdjusted, Math.min(1, 22 * de(holm).p), 'Holm');
    assert.equal(de(holm).verdict, 'same');
    assert.equal(de(bh).verdict, 'same');
    assert.ok(de(bh).pAdjusted <= de(holm).pAdjusted);
    // The overall cell (macro mean, Δ = 0.08/10) is in the family too; every other cell has p = 1.
    for (const c of [holm, bh])
      for (const r of c.rows) for (const m of c.metrics) assert.ok(r.deltas[m.name].pAdjusted >= r.deltas[m.name].p && r.deltas[m.name].pAdjusted <= 1);
  });

  it('wins/ties/losses follow each metric\'s direction (lower Max@R is a win for B)', async () => {
    const a = report(records('de', 6, () => ({ MaxRank: 5, 'nDCG@10': 0.5 })));
    const b = report(records('de', 6, (i) => ({ MaxRank: [3, 3, 5, 5, 5, 8][i], 'nDCG@10': [0.6, 0.5, 0.5, 0.4, 0.4, 0.4][i] })), {}, 'model-b');
    const d = (await compareReports(a, b, { samples: 100 })).rows[0].deltas;
    assert.deepEqual([d['Max@R'].wins, d['Max@R'].ties, d['Max@R'].losses], [2, 3, 1]);
    assert.deepEqual([d['nDCG@10'].wins, d['nDCG@10'].ties, d['nDCG@10'].losses], [1, 2, 3]);
  });

  it('says when the samples are too few for any cell to survive the correction', async () => {
    const langs = ['de', 'es', 'fr'];
    const recs = (v: number) => langs.flatMap((l) => records(l, 20, () => ({ 'nDCG@10': v, AP: v, MaxRank: 1 / v })));
    // 3 metrics × 4 rows = 12 cells; 12/(100 + 1) > 0.05.
    const c = await compareReports(report(recs(0.5)), report(recs(0.9), {}, 'model-b'), { samples: 100 });
    assert.match(c.notes.join(' '), /With 100 samples .* none can reach p adj\. < 0\.05: use more samples \(at least 240\)/);
    assert.ok(c.rows.every((r) => Object.values(r.deltas).every((d) => d.verdict === 'same')));
    const more = await compareReports(report(recs(0.5)), report(recs(0.9), {}, 'model-b'), { samples: 1000 });
    assert.ok(more.rows.every((r) => Object.values(r.deltas).every((d) => d.verdict !== 'same')));
  });

  it('refuses runs whose dataset fingerprints differ, when both record one', async () => {
    const recs = records('de', 3, () => ({ AP: 1 }));
    const a = report(recs, { dataset: { ...report(recs).dataset, fingerprint: 'abc' } as Report['dataset'] });
    const b = report(recs, { dataset: { ...report(recs).dataset, fingerprint: 'abd' } as Report['dataset'] });
    await assert.rejects(compareReports(a, b), /dataset fingerprint: abc \(A\) vs abd \(B\)/);
    await compareReports(a, report(recs), { samples: 10 });
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
      // A run against itself: nothing changes and no cell is significant, corrected or not.
      for (const correction of ['holm', 'bh', 'none'] as const) {
        const same = await compareReports(a, a, { samples: 200, correction });
        for (const row of same.rows)
          for (const m of same.metrics) {
            const d = row.deltas[m.name];
            assert.deepEqual([d.p, d.pAdjusted, d.verdict, d.wins, d.losses], [1, 1, 'same', 0, 0]);
            assert.equal(d.ties, d.queries);
          }
      }
    });
  }
});
