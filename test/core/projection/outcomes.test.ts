import * as assert from 'node:assert/strict';
import type { PerQueryRecord } from '../../../src/core/report/schema';
import { outcomeLegend, outcomeOf, pointOutcomes, poolOfTask } from '../../../src/core/projection/outcomes';

const rec = (id: string, task: string, metrics: Record<string, number>, ranks: number[] = []): PerQueryRecord => ({
  id,
  key: id.split('/')[1] ?? id,
  lang: id.split('/')[0],
  task,
  relevant: ranks.map((rank, i) => ({ doc: `d${i}`, lang: 'x', rank })),
  top: [],
  metrics,
});

describe('projection: per-query outcomes of a run', () => {
  it('reads MaxRank, EIR and Success@10 from the records; documents and pivot queries have no value', () => {
    const records = [
      rec('de/1', 'de+en', { MaxRank: 2, 'MaxRank.censored': 0, EIR: 0, 'Success@10': 1 }),
      rec('de/2', 'de+en', { MaxRank: 57, 'MaxRank.censored': 0, EIR: 1, 'Success@10': 0 }),
      rec('de/3', 'de+en', { MaxRank: 141, 'MaxRank.censored': 1, EIR: 1, 'Success@10': 1 }),
    ];
    // Points: three de queries, an English query (no record: the pivot is not scored in bilingual), a passage.
    const ids = ['de/1', 'de/2', 'de/3', 'en/1', 'p/de/1'];
    const kind = [0, 0, 0, 0, 1];
    const [v] = pointOutcomes(records, ids, kind);
    assert.equal(v.pool, '');
    assert.equal(v.queriesWithout, 1);
    const col = Object.fromEntries(v.columns.map((c) => [c.name, c]));
    assert.deepEqual([...col.MaxRank.values.slice(0, 3)], [2, 57, 141]);
    assert.ok(Number.isNaN(col.MaxRank.values[3]) && Number.isNaN(col.MaxRank.values[4]));
    assert.equal(col.MaxRank.defined, 3);
    assert.equal(col.MaxRank.censored, 1);
    assert.deepEqual([...col.EIR.values.slice(0, 3)], [0, 1, 1]);
    assert.deepEqual([...col['Success@10'].values.slice(0, 3)], [1, 0, 1]);
  });

  it('Success@10 without k = 10 in the run: 1 exactly when a relevant document ranks ≤ 10', () => {
    assert.equal(outcomeOf(rec('a', 't', { MaxRank: 40 }, [10, 40]), 'Success@10'), 1);
    assert.equal(outcomeOf(rec('a', 't', { MaxRank: 40 }, [11, 40]), 'Success@10'), 0);
    // EIR is never invented where the run defines none (scenarios without a pivot).
    assert.equal(outcomeOf(rec('a', 't', { MaxRank: 3 }, [1, 3]), 'EIR'), undefined);
    const [v] = pointOutcomes([rec('de/1', 'de', { MaxRank: 3 }, [1, 3])], ['de/1'], [0]);
    assert.deepEqual(v.columns.map((c) => c.name), ['MaxRank', 'Success@10']);
  });

  it('cross runs: one variant per pool language, each query matched in its own pool', () => {
    assert.equal(poolOfTask('de→en'), '→en');
    assert.equal(poolOfTask('de+en'), '');
    const records = [rec('de/1', 'de→en', { MaxRank: 4 }), rec('de/1', 'de→zh', { MaxRank: 9 }), rec('zh/1', 'zh→en', { MaxRank: 1 })];
    const vs = pointOutcomes(records, ['de/1', 'zh/1'], [0, 0]);
    assert.deepEqual(vs.map((v) => v.pool), ['→en', '→zh']);
    assert.deepEqual([...vs[0].columns[0].values], [4, 1]);
    assert.equal(vs[1].columns[0].values[0], 9);
    assert.ok(Number.isNaN(vs[1].columns[0].values[1]));
    assert.equal(vs[1].queriesWithout, 1);
  });

  it('a run without per-query records has no outcomes', () => {
    assert.deepEqual(pointOutcomes(undefined, ['a'], [0]), []);
    assert.deepEqual(pointOutcomes([], ['a'], [0]), []);
  });

  it('legend definitions name what the records hold: the pivot for EIR, censoring for MaxRank', () => {
    assert.match(outcomeLegend('EIR', { scenario: 'bilingual', pivot: 'en' }).definition, /irrelevant en \(pivot\) document ranks above the best-ranked relevant document in the query's language/);
    assert.match(outcomeLegend('EIR', { scenario: 'as-given' }).definition, /non-relevant or unjudged pivot-language document/);
    assert.deepEqual(outcomeLegend('EIR', { scenario: 'bilingual', pivot: 'en' }).levels, ['not inclined', 'inclined']);
    const mr = outcomeLegend('MaxRank', { scenario: 'bilingual' });
    assert.equal(mr.scale, 'log');
    assert.match(mr.definition, /pool size \+ 1/);
    assert.deepEqual(outcomeLegend('Success@10', { scenario: 'mono' }).levels, ['miss', 'hit']);
  });
});
