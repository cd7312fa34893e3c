import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Report, TrecMetricsReport } from '../../src/core/report/schema';
import type { MtebTaskResult } from '../../src/core/report/mtebResult';
import { CLI, ROOT, SAMPLE, xlens } from './runCli';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'data');

/** samples/xquad-mini German as a TREC-style folder: topics.tsv, qrels.txt, docs.jsonl. */
function xquadDeAsTrec(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const squad = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'xquad.de.json'), 'utf8')) as { data: Array<{ paragraphs: Array<{ context: string; qas: Array<{ id: string; question: string }> }> }> };
  const docs: string[] = [];
  const topics: string[] = [];
  const qrels: string[] = [];
  let p = 0;
  for (const a of squad.data) {
    for (const para of a.paragraphs) {
      const id = `p${p++}`;
      docs.push(JSON.stringify({ docid: id, title: '', text: para.context, lang: 'de' }));
      for (const q of para.qas) {
        topics.push(`${q.id}\t${q.question.replace(/\s+/g, ' ')}`);
        qrels.push(`${q.id} Q0 ${id} 1`);
      }
    }
  }
  fs.writeFileSync(path.join(dir, 'docs.jsonl'), docs.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'topics.tsv'), topics.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'qrels.txt'), qrels.join('\n') + '\n');
}

describe('xlens eval on retrieval datasets', function () {
  this.timeout(120000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-cli-retrieval-'));

  it('--trec-run writes the top 1,000 of every query; xlens metrics on it + the qrels reproduces eval\'s figures; --mteb-out writes a TaskResult', () => {
    const data = path.join(tmp, 'trec-de');
    xquadDeAsTrec(data);
    const run = path.join(tmp, 'run.txt');
    const out = path.join(tmp, 'r.json');
    const mteb = path.join(tmp, 'mteb');
    const r = xlens('eval', '--data', data, '--lang', 'de', '--trec-run', run, '--mteb-out', mteb, '--out', out, '--k', '1,10,100');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /as-given/);
    const report: Report = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(report.scenario, 'as-given');
    assert.equal(report.perQuery, undefined, 'records kept only with --per-query');
    const queries = report.byLanguage.de.queries;
    const lines = fs.readFileSync(run, 'utf8').trim().split('\n');
    // The pool is smaller than 1,000: every query lists the whole pool.
    assert.equal(lines.length, queries * report.pool!.documents);
    assert.match(lines[0], /^\S+ Q0 p\d+ 1 -?\d+\.\d{6} xlens$/);

    const m = path.join(tmp, 'm.json');
    const r2 = xlens('metrics', '--qrels', path.join(data, 'qrels.txt'), '--run', run, '--k', '1,10,100', '--out', m);
    assert.equal(r2.code, 0, r2.stderr);
    const metrics: TrecMetricsReport = JSON.parse(fs.readFileSync(m, 'utf8'));
    assert.equal(metrics.queries, queries);
    for (const key of ['nDCG@10', 'nDCG@1', 'Recall@100', 'MRR@10', 'mAP', 'Complete@10']) {
      assert.ok(Math.abs(metrics.metrics[key] - report.byLanguage.de[key]) < 1e-9, `${key}: metrics ${metrics.metrics[key]} vs eval ${report.byLanguage.de[key]}`);
    }

    const result: MtebTaskResult = JSON.parse(fs.readFileSync(path.join(mteb, 'trec-de.json'), 'utf8'));
    assert.equal(result.task_name, 'trec-de');
    assert.equal(result.kg_co2_emissions, null);
    const [s] = result.scores.test;
    assert.equal(s.hf_subset, 'de');
    assert.deepEqual(s.languages, ['deu-Latn']);
    assert.equal(s.main_score, report.byLanguage.de['nDCG@10']);
    assert.equal(s.ndcg_at_10, report.byLanguage.de['nDCG@10']);
    assert.equal(s.recall_at_100, report.byLanguage.de['Recall@100']);
    assert.equal(s.mrr_at_10, report.byLanguage.de['MRR@10']);
    // One relevant document per query: MAP@10 (trec_eval map_cut_10) equals MRR@10.
    assert.ok(Math.abs((s.map_at_10 as number) - (s.mrr_at_10 as number)) < 1e-12);
    assert.equal(s['xlens_Max@R'], report.byLanguage.de['Max@R']);
  });

  it('as-given prints per-language rows and says what was excluded or missing', () => {
    const r = xlens('eval', '--data', path.join(FIXTURES, 'beir-mini'), '--k', '1,10');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^de\s+1\s/m);
    assert.match(r.stdout, /^en\s+2\s/m);
    assert.match(r.stdout, /note: 1 judged query has no judgement of grade ≥ 1 and is excluded: q3/);
    assert.match(r.stdout, /note: 1 relevant qrels line\(s\) of 1 quer\(ies\) name documents the corpus lacks \(first: d9\)/);
    // English inclination without parallel documents is on by default for as-given (pivot en).
    assert.match(r.stdout, /Max@R\.censored\s+EIR\s+EIR\.excluded/);
    const out = path.join(tmp, 'ag.json');
    assert.equal(xlens('eval', '--data', path.join(FIXTURES, 'beir-mini'), '--k', '1,10', '--out', out).code, 0);
    const report: Report = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(report.byLanguage.en.EIR, undefined, 'no EIR for pivot-language queries');
    assert.ok(report.byLanguage.de.EIR !== undefined || report.byLanguage.de['EIR.excluded'] !== undefined);
  });

  it('--pool-langs and --query-langs; --langs is an alias and the two together are an error', () => {
    const out = path.join(tmp, 'p.json');
    const r = xlens('eval', '--data', path.join(FIXTURES, 'beir-mini'), '--query-langs', 'de', '--pool-langs', 'de,en', '--k', '1,10', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const report: Report = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(report.byLanguage), ['de']);
    assert.deepEqual(report.pool?.languages, { de: 2, en: 2 });
    assert.equal(report.judgements?.outsidePool.lines, 1);
    const both = xlens('eval', '--data', path.join(FIXTURES, 'beir-mini'), '--query-langs', 'de', '--langs', 'de');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /alias/);
  });

  it('multilingual with --langs keeps every corpus language in the pool', () => {
    const out = path.join(tmp, 'ml.json');
    const r = xlens('eval', '--data', SAMPLE, '--scenario', 'multilingual', '--langs', 'de,zh', '--k', '1,10', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const report: Report = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(report.byLanguage), ['de', 'zh']);
    assert.equal(report.byLanguage.de['PoolShare.en'] !== undefined && report.byLanguage.de['PoolShare.ar'] !== undefined, true);
  });

  it('several --data sources and --pool-sample make one composed pool, recorded in the report', () => {
    const out = path.join(tmp, 'c.json');
    const r = xlens('eval', '--data', path.join(FIXTURES, 'beir-mini'), '--data', path.join(FIXTURES, 'beir-langs'), '--pool-sample', 'en=3', '--seed', '5', '--k', '1,10', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const report: Report = JSON.parse(fs.readFileSync(out, 'utf8'));
    const comp = report.pool!.composition!;
    assert.equal(comp.sources.length, 2);
    // All four English documents are judged (en/2 with grade 0): judged documents are always kept.
    assert.deepEqual(comp.sample, { seed: 5, perLang: { en: { kept: 4, of: 4, judged: 4 } } });
    assert.equal(report.pool!.languages.en, 4);
  });
});
