import * as assert from 'node:assert/strict';
import type { QACorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { fx } from './helpers';

describe('Belebele loader (fixture)', () => {
  it('makes passages per link and questions keyed by link#question_number', async () => {
    const qa = (await loadCorpus(fx('belebele'))) as QACorpus;
    assert.equal(qa.format, 'belebele');
    assert.equal(qa.unit, 'passage');
    assert.deepEqual(qa.languages, [
      { code: 'de', label: 'deu_Latn' }, { code: 'en', label: 'eng_Latn' }, { code: 'zh', label: 'zho_Hans' },
    ]);
    assert.equal(qa.docs.length, 9);
    assert.equal(qa.queries.length, 15);
    const link = 'https://example.org/wiki/Bees';
    const q = qa.queries.find((x) => x.id === `zh/${link}#2`);
    assert.equal(q?.key, `${link}#2`);
    assert.equal(q?.text, '舞蹈的角度表示什么？');
    assert.deepEqual(qa.qrels.get('zh')?.get(`${link}#2`), [`zh/${link}`]);
    assert.deepEqual(qa.qrels.get('de')?.get(`${link}#2`), [`de/${link}`]);
    const doc = qa.docs.find((d) => d.id === `de/${link}`);
    assert.equal(doc?.group, link);
    assert.match(doc?.text ?? '', /^Bienen/);
  });

  it('loads one language file and filters languages', async () => {
    const one = (await loadCorpus(fx('belebele', 'eng_Latn.jsonl'))) as QACorpus;
    assert.equal(one.format, 'belebele');
    assert.equal(one.queries.length, 5);
    const two = (await loadCorpus(fx('belebele'), { langs: 'en,zh' })) as QACorpus;
    assert.deepEqual(two.languages.map((l) => l.code), ['en', 'zh']);
  });
});
