import * as assert from 'node:assert/strict';
import { loadCorpus } from '../../../../src/core/data/load';
import { detectFormat } from '../../../../src/core/data/detect';
import { isRetrievalCorpus, type RetrievalCorpus } from '../../../../src/core/data/corpus';
import { fx } from '../helpers';

async function load(p: string, opts = {}): Promise<RetrievalCorpus> {
  const c = await loadCorpus(p, opts);
  assert.ok(isRetrievalCorpus(c));
  return c;
}

describe('BEIR loader', () => {
  it('is detected from the layout, a folder of language folders too', () => {
    assert.equal(detectFormat(fx('beir-mini')), 'beir');
    assert.equal(detectFormat(fx('beir-langs')), 'beir');
  });

  it('reads corpus, queries and graded qrels of the test split, in file order, with each row\'s language', async () => {
    const c = await load(fx('beir-mini'));
    assert.equal(c.format, 'beir');
    assert.deepEqual(c.docs.map((d) => [d.id, d.lang]), [['d1', 'de'], ['d2', 'en'], ['d3', 'de'], ['d4', 'en'], ['d5', 'zh']]);
    assert.equal(c.docs[0].text, 'Berlin Berlin ist die Hauptstadt Deutschlands.'); // title + " " + text
    assert.equal(c.docs[1].text, 'Paris is the capital of France.');
    assert.deepEqual(c.languages.map((l) => l.code), ['de', 'en', 'zh']);
    assert.deepEqual(c.queries.map((q) => [q.id, q.lang]), [['q1', 'de'], ['q2', 'en'], ['q3', 'de'], ['q4', 'en'], ['q5', 'en']]);
    assert.equal(c.judgements.split, 'test');
    assert.deepEqual(c.judgements.byQuery.get('q1'), [{ doc: 'd1', grade: 2 }, { doc: 'd5', grade: 1 }]);
    assert.deepEqual(c.judgements.byQuery.get('q3'), [{ doc: 'd3', grade: 0 }]);
    assert.deepEqual(c.judgements.byQuery.get('q4'), [{ doc: 'd4', grade: 1 }, { doc: 'd9', grade: 2 }]);
    // q7 is judged but not a query: counted, never scored.
    assert.equal(c.judgements.byQuery.has('q7'), false);
    assert.deepEqual(c.judgements.unknownQueries, { lines: 1, first: ['q7'] });
  });

  it('reads the split asked for', async () => {
    const c = await load(fx('beir-mini'), { split: 'dev' });
    assert.equal(c.judgements.split, 'dev');
    assert.deepEqual([...c.judgements.byQuery.keys()], ['q1']);
  });

  it('gives rows of language folders their folder\'s language and prefixes their ids (gzip corpus)', async () => {
    const c = await load(fx('beir-langs'));
    assert.deepEqual(c.docs.map((d) => [d.id, d.lang, d.text]), [
      ['de/1', 'de', 'Köln Köln liegt am Rhein.'],
      ['de/2', 'de', 'Berlin ist groß.'],
      ['en/1', 'en', 'Cologne is on the Rhine.'],
      ['en/2', 'en', 'London is big.'],
    ]);
    assert.deepEqual(c.queries.map((q) => [q.id, q.lang]), [['de/1', 'de'], ['en/1', 'en']]);
    assert.deepEqual(c.judgements.byQuery.get('en/1'), [{ doc: 'en/1', grade: 2 }, { doc: 'en/2', grade: 0 }]);
    const de = await load(fx('beir-langs'), { langs: ['de'] });
    assert.deepEqual(de.docs.map((d) => d.id), ['de/1', 'de/2']);
  });
});
