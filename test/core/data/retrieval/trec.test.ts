import * as assert from 'node:assert/strict';
import { loadCorpus } from '../../../../src/core/data/load';
import { detectFormat } from '../../../../src/core/data/detect';
import { isRetrievalCorpus } from '../../../../src/core/data/corpus';
import { fx, rejectsWith } from '../helpers';

describe('TREC-style loader (topics TSV, TREC qrels, JSONL corpus)', () => {
  it('is detected from the layout', () => {
    assert.equal(detectFormat(fx('trec-mini')), 'trec');
  });

  it('reads a mixed-language corpus (language from the folder, gzip) and NeuCLIR-style qrels.mlir', async () => {
    const c = await loadCorpus(fx('trec-mini'), { lang: 'en' });
    assert.ok(isRetrievalCorpus(c));
    assert.deepEqual(c.docs.map((d) => [d.id, d.lang]), [['f1', 'fa'], ['f2', 'fa'], ['z1', 'zh'], ['z2', 'zh']]);
    assert.equal(c.docs[0].text, 'انتخابات انتخابات ایران');
    assert.deepEqual(c.queries.map((q) => [q.id, q.lang, q.text]), [['T1', 'en', 'Iranian elections'], ['T2', 'en', 'Chinese trade policy'], ['T3', 'en', 'unjudged topic']]);
    assert.deepEqual(c.judgements.byQuery.get('T1'), [{ doc: 'f1', grade: 3 }, { doc: 'z2', grade: 1 }]);
    assert.deepEqual(c.judgements.byQuery.get('T2'), [{ doc: 'z1', grade: 2 }, { doc: 'f2', grade: 0 }]);
  });

  it('a topic without a language (no folder, no --lang) is an error naming file and line', async () => {
    await rejectsWith(loadCorpus(fx('trec-mini')), 'topics.test.tsv:1', 'no language', '--lang');
  });
});
