import assert from 'node:assert/strict';
import { UserError } from '../../../src/core/errors';
import { readMtebBaseline, sameDefinitionAsXlens } from '../../../src/core/report/mtebBaseline';
import { mtebTaskResult } from '../../../src/core/report/mtebResult';
import { rec, report } from './fixtures';

/** Hand-written in the shape MTEB (≥ 1.11) writes to results/<org>__<model>/<revision>/<Task>.json. */
const MTEB_FILE = JSON.stringify({
  dataset_revision: '7d4e8c9e',
  task_name: 'XQuADRetrieval',
  mteb_version: '1.12.41',
  scores: {
    validation: [{ hf_subset: 'de', languages: ['deu-Latn'], main_score: 0.1, ndcg_at_10: 0.1 }],
    test: [
      {
        hf_subset: 'de', languages: ['deu-Latn'], main_score: 0.91234,
        ndcg_at_1: 0.8, ndcg_at_10: 0.91234, ndcg_at_1000: 0.92, map_at_10: 0.88, recall_at_100: 0.99, mrr_at_10: 0.885,
        precision_at_1: 0.8, naucs_at_1_max: 0.3,
      },
      { hf_subset: 'default', languages: ['zho-Hans'], main_score: 0.7, ndcg_at_10: 0.7 },
      { hf_subset: 'de-en', languages: ['deu-Latn', 'eng-Latn'], main_score: 0.5, ndcg_at_10: 0.5 },
      { hf_subset: 'mixed', languages: ['deu-Latn', 'eng-Latn'], ndcg_at_10: 0.4 },
    ],
  },
  evaluation_time: 12.5,
  kg_co2_emissions: null,
});

describe('readMtebBaseline (published MTEB TaskResult as a baseline)', () => {
  it('reads MTEB’s own shape: test split, languages canonical, keys mapped, the rest listed as left out', () => {
    const b = readMtebBaseline(MTEB_FILE, '/r/results/intfloat__multilingual-e5-small/abc123/XQuADRetrieval.json');
    assert.equal(b.fileName, 'XQuADRetrieval.json');
    assert.equal(b.model, 'intfloat/multilingual-e5-small');
    assert.equal(b.taskName, 'XQuADRetrieval');
    assert.equal(b.split, 'test');
    assert.deepEqual(Object.keys(b.byLanguage).sort(), ['de', 'de→en', 'zh']);
    assert.deepEqual(b.byLanguage.de, { 'nDCG@1': 0.8, 'nDCG@10': 0.91234, 'nDCG@1000': 0.92, 'MAP@10': 0.88, 'Recall@100': 0.99, 'MRR@10': 0.885, 'P@1': 0.8 });
    // MTEB's map_at_10 is never silently XLens's mAP.
    assert.ok(b.mapped.includes('map_at_10 → MAP@10'));
    assert.ok(!Object.values(b.byLanguage).some((r) => 'mAP' in r));
    assert.ok(b.leftOut.includes('naucs_at_1_max'));
    assert.ok(b.leftOut.some((s) => s.startsWith('main_score')));
    assert.ok(b.leftOut.some((s) => s.startsWith('subset "mixed"')), 'a multi-language subset is not placed on a row, and says so');
    assert.equal(readMtebBaseline(MTEB_FILE, 'x.json', { split: 'validation' }).byLanguage.de['nDCG@10'], 0.1);
    assert.equal(sameDefinitionAsXlens('nDCG@10'), true);
    assert.equal(sameDefinitionAsXlens('MAP@10'), false);
    assert.equal(sameDefinitionAsXlens('P@1'), false);
  });

  it('reads the pre-1.11 form ({mteb_dataset_name, test: {<subset>: {...}}})', () => {
    const b = readMtebBaseline(JSON.stringify({ mteb_dataset_name: 'T', test: { de: { ndcg_at_10: 0.5 }, fr: { ndcg_at_10: 0.6 } } }), 'old.json');
    assert.deepEqual(b.byLanguage, { de: { 'nDCG@10': 0.5 }, fr: { 'nDCG@10': 0.6 } });
  });

  it('round trip: an XLens run → mtebTaskResult (--mteb-out) → readMtebBaseline gives back the run’s per-language nDCG@10, Recall@100, MRR@10', () => {
    const r = report({
      k: [10, 100],
      byLanguage: {
        de: { queries: 2, 'nDCG@10': 0.75, 'Recall@10': 0.5, 'Recall@100': 1, 'MRR@10': 0.625, 'nDCG@100': 0.8, mAP: 0.6 },
        'zh-Hant': { queries: 1, 'nDCG@10': 0.25, 'Recall@100': 0.5, 'MRR@10': 0.2, mAP: 0.1 },
      },
      model: { ...report({}).model, source: 'hf:org/model' },
    });
    const records = [rec('de/q1', 'de→en', [1], 10), rec('de/q2', 'de→en', [3, 200], 300), rec('zh-Hant/q1', 'zh-Hant→en', [7], 10)];
    const json = JSON.stringify(mtebTaskResult(r, { taskName: 'tiny', split: 'test', records, relCount: (id) => (id === 'de/q2' ? 2 : 1) }), null, 2);
    const b = readMtebBaseline(json, '/tmp/out/tiny.json');
    assert.equal(b.model, 'hf:org/model');
    for (const lang of ['de', 'zh-Hant']) for (const key of ['nDCG@10', 'Recall@100', 'MRR@10']) assert.equal(b.byLanguage[lang][key], r.byLanguage[lang][key], `${lang} ${key}`);
    // XLens's uncut mAP is written as xlens_mAP and left out; MAP@10 is the cut AP.
    assert.ok(b.leftOut.includes('xlens_mAP'));
    assert.equal(b.byLanguage.de['MAP@10'], (1 + 1 / 3 / 2) / 2);
  });

  it('bad input: a UserError naming the file and the problem', () => {
    const cases: Array<[string, RegExp]> = [
      ['{not json', /bad\.json: not an MTEB result file: invalid JSON/],
      ['[1]', /bad\.json: .*top level is not a JSON object/],
      ['{"scores": {}}', /bad\.json: .*no "task_name"/],
      ['{"task_name": "T", "scores": {}}', /bad\.json: .*no scores/],
      ['{"task_name": "T", "scores": {"test": [{"hf_subset": "de", "ndcg_at_10": "high"}]}}', /scores\.test\[0\]\.ndcg_at_10 is not a finite number/],
      ['{"task_name": "T", "scores": {"test": [{"hf_subset": "klingon", "ndcg_at_10": 0.5}]}}', /names a language XLens knows/],
    ];
    for (const [text, re] of cases) assert.throws(() => readMtebBaseline(text, 'bad.json'), (e: unknown) => e instanceof UserError && re.test(e.message));
    assert.throws(() => readMtebBaseline('{"task_name": "T", "scores": {"test": [{"hf_subset": "de", "ndcg_at_10": 1}]}}', 'bad.json', { split: 'dev' }), /no split "dev" \(it has test\)/);
  });
});
