import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../../../src/core/data/load';
import type { QACorpus } from '../../../../src/core/data/corpus';
import { openEncoder } from '../../../../src/core/encoders/sources';
import type { Encoder } from '../../../../src/core/encoders/encoder';
import { evaluate } from '../../../../src/core/eval/evaluate';
import { requireSharedData } from '../../../support/sharedData';
import { xquadToBeir } from './xquadBeir';

/**
 * The real XQuAD converted on the fly into BEIR folders gives the same numbers through the
 * retrieval loader and `as-given` as the native loader and scenario over the same pool.
 */
describe('XQuAD as a BEIR folder = native XQuAD', function () {
  this.timeout(300000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-xqbeir-'));
  let encoder: Encoder;
  before(async function () {
    requireSharedData(this, 'xquad');
    encoder = await openEncoder('builtin:char-ngram', { cwd: tmp });
  });
  after(async () => encoder?.dispose());
  const k = [1, 10, 100];

  it('mono de: BEIR corpus of de passages, de questions, grade-1 qrels → identical nDCG@10, mAP, Max@R, Complete@10', async () => {
    const dir = path.join(tmp, 'mono-de');
    const native = await xquadToBeir(dir, { poolLangs: ['de'] });
    const beir = (await loadCorpus(dir)) as QACorpus;
    const a = await evaluate(native, encoder, { scenario: 'mono', langs: ['de'], pivot: 'en', k });
    const b = await evaluate(beir, encoder, { scenario: 'as-given', langs: ['de'], pivot: 'en', k });
    assert.equal(b.byLanguage.de.queries, 1190);
    for (const m of ['nDCG@1', 'nDCG@10', 'Recall@100', 'MRR@10', 'mAP', 'Max@R', 'Max@R.median', 'nMax@R', 'Complete@1', 'Complete@10']) {
      assert.equal(b.byLanguage.de[m], a.byLanguage.de[m], m);
    }
    assert.deepEqual(b.pool?.languages, { de: 240 });
    assert.equal(b.judgements?.excluded.count, 0);
    assert.equal(b.judgements?.missingDocs.lines, 0);
  });

  it('mixed de+zh+en pool with languages in a lang field, graded qrels and a gzip corpus = multilingual over de,zh,en (rank-based metrics)', async () => {
    const dir = path.join(tmp, 'mixed');
    const native = await xquadToBeir(dir, { poolLangs: ['de', 'zh', 'en'], ownGrade: 2, otherGrade: 1, gzip: true });
    assert.ok(fs.existsSync(path.join(dir, 'corpus.jsonl.gz')));
    const beir = (await loadCorpus(dir)) as QACorpus;
    assert.equal(beir.judgements?.byQuery.get(beir.queries[0].id)?.length, 3);
    const a = await evaluate(native, encoder, { scenario: 'multilingual', langs: ['de', 'zh', 'en'], poolLangs: ['de', 'zh', 'en'], pivot: 'en', k });
    const b = await evaluate(beir, encoder, { scenario: 'as-given', langs: ['de', 'zh', 'en'], pivot: 'en', k });
    // Grades change only nDCG's gains; every rank-based figure must be equal.
    for (const L of ['de', 'zh', 'en']) {
      assert.equal(b.byLanguage[L].queries, 1190);
      for (const m of ['Recall@10', 'Success@1', 'MRR@10', 'mAP', 'Max@R', 'Max@R.median', 'nMax@R', 'Complete@10', 'Complete@100', 'LangShare@10.en']) {
        assert.equal(b.byLanguage[L][m], a.byLanguage[L][m], `${L} ${m}`);
      }
    }
    assert.deepEqual(b.pool?.languages, { de: 240, zh: 240, en: 240 });
  });
});
