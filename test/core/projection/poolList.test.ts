import * as assert from 'node:assert/strict';
import type { PerQueryRecord } from '../../../src/core/report/schema';
import { poolRanking } from '../../../src/core/projection/poolList';

const record: PerQueryRecord = {
  id: 'de/q1',
  key: 'q1',
  lang: 'de',
  task: 'de+en',
  relevant: [
    { doc: 'de/p1', lang: 'de', rank: 2 },
    { doc: 'en/p1', lang: 'en', rank: 14 },
  ],
  top: [
    { doc: 'en/p7', lang: 'en', score: 0.81 },
    { doc: 'de/p1', lang: 'de', score: 0.8 },
    { doc: 'de/p3', lang: 'de', score: 0.5 },
  ],
  metrics: { MaxRank: 14, EIR: 1 },
};

describe('projection: a clicked query among its pool documents', () => {
  // Points: the query, two projected passages (de/p1, en/p7), a second query.
  const points = { ids: ['de/q1', 'de/p1', 'en/p7', 'en/q1'], kind: [0, 1, 1, 0], texts: ['Frage <img src=x>', 'Passage eins', 'passage seven', 'question'] };

  it('lists the run’s top documents with relevance, the lower relevant ones, texts and points', async () => {
    const asked: string[][] = [];
    const list = await poolRanking([record], points, 0, '', async (ids) => {
      asked.push(ids);
      return { texts: Object.fromEntries(ids.map((id) => [id, `corpus ${id}`])) };
    });
    assert.equal(list.task, 'de+en');
    assert.deepEqual(
      list.rows.map((r) => [r.rank, r.doc, r.relevant, r.point, r.text]),
      [
        [1, 'en/p7', false, 2, 'passage seven'],
        [2, 'de/p1', true, 1, 'Passage eins'],
        [3, 'de/p3', false, undefined, 'corpus de/p3'],
      ],
    );
    assert.deepEqual(list.missing.map((r) => [r.rank, r.doc, r.relevant, r.point]), [[14, 'en/p1', true, undefined]]);
    // Only texts the projection lacks are read from the corpus.
    assert.deepEqual(asked, [['de/p3', 'en/p1']]);
  });

  it('refuses documents, queries the run did not score, and runs without records', async () => {
    const none = async () => ({ texts: {} });
    await assert.rejects(poolRanking([record], points, 1, '', none), /only queries/);
    await assert.rejects(poolRanking([record], points, 3, '', none), /no ranking for this query \(en\/q1\)/);
    await assert.rejects(poolRanking(undefined, points, 0, '', none), /without per-query records/);
    await assert.rejects(poolRanking([record], points, 9, '', none), RangeError);
  });

  it('says when the corpus texts are unavailable, keeping the ranking', async () => {
    const list = await poolRanking([record], points, 0, '', async () => ({ texts: {}, unavailable: 'dataset not found' }));
    assert.equal(list.textsUnavailable, 'dataset not found');
    assert.equal(list.rows[2].text, '');
  });
});
