import * as assert from 'node:assert/strict';
import { buildRankedList, findRecord, textIdsOf, worstQueries } from '../../../src/core/report/rankedList';
import { rec } from './fixtures';

describe('ranked lists and worst queries', () => {
  const q = rec('de/q1', 'de+en', [2, 7], 10, {
    top: [
      { doc: 'de/p9', lang: 'de', score: 0.9 },
      { doc: 'de/p0', lang: 'de', score: 0.8 },
      { doc: 'en/p3', lang: 'en', score: 0.7 },
    ],
  });

  it('marks relevant rows and lists relevant documents ranked below the shown rows', () => {
    const list = buildRankedList(q, { 'de/p9': 'neun', 'de/p0': 'null', 'en/p1': 'one', 'de/q1': 'ignored: the record has text' }, { 'en/p1': { file: '/d/en.json', line: 4 } });
    assert.equal(list.text, 'question de/q1');
    assert.deepEqual(list.rows.map((r) => [r.rank, r.doc, r.relevant, r.text]), [
      [1, 'de/p9', false, 'neun'],
      [2, 'de/p0', true, 'null'],
      [3, 'en/p3', false, ''],
    ]);
    assert.deepEqual(list.missing, [{ rank: 7, doc: 'en/p1', lang: 'en', text: 'one', source: { file: '/d/en.json', line: 4 } }]);
  });

  it('asks for the query, shown and relevant texts once each', () => {
    assert.deepEqual(textIdsOf(q), ['de/q1', 'de/p9', 'de/p0', 'en/p3', 'en/p1']);
    assert.equal(findRecord([q], 'de/q1', 'de+en'), q);
    assert.equal(findRecord([q], 'de/q1', 'de→en'), undefined);
  });

  it('orders worst queries by AP (ties: deeper MaxRank) or by MaxRank (ties: lower AP)', () => {
    const recs = [
      rec('de/a', 't', [1, 2], 10, { metrics: { AP: 1, MaxRank: 2 } }),
      rec('de/b', 't', [1, 9], 10, { metrics: { AP: 0.5, MaxRank: 9 } }),
      rec('de/c', 't', [3, 4], 10, { metrics: { AP: 0.5, MaxRank: 4 } }),
      rec('de/d', 't', [2, 8], 10, { metrics: { AP: 0.3, MaxRank: 8 } }),
      rec('en/x', 't', [9, 10], 10, { metrics: { AP: 0.1, MaxRank: 10 } }),
    ];
    assert.deepEqual(worstQueries(recs, { lang: 'de', by: 'AP', limit: 10 }).rows.map((r) => r.queryId), ['de/d', 'de/b', 'de/c', 'de/a']);
    const byMax = worstQueries(recs, { lang: 'de', by: 'MaxRank', limit: 2 });
    assert.deepEqual(byMax.rows.map((r) => r.queryId), ['de/b', 'de/d']);
    assert.equal(byMax.total, 4);
    assert.equal(worstQueries(recs, { lang: 'de', by: 'AP', task: 'other', limit: 5 }).total, 0);
  });
});
