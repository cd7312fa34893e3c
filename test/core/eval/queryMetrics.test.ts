import * as assert from 'node:assert/strict';
import { aggregateQueries, macroAverage, medianMaxRank } from '../../../src/core/eval/aggregate';
import { hasRelevant, scoreQuery, type ScoredQuery } from '../../../src/core/eval/queryMetrics';
import { TOP1_KEYS } from '../../../src/core/metrics/inclination';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);
const hit = (rank: number, label = -1, above: number[] = []) => ({ rank, label, above });

describe('scoreQuery: graded relevance and relevant documents outside the pool (SPEC §3)', () => {
  const opts = { ks: [1, 10], completeKs: [2, 5, 10], poolLangs: ['de'] };

  it('a judged relevant document missing from a pool of 8: no gain, no precision, Complete@K 0, MaxRank censored at 9', () => {
    // Relevant: grade 2 at rank 1, grade 1 at rank 3, grade 3 never in the pool.
    const q: ScoredQuery = { relevant: [hit(1), hit(3)], grades: [2, 1], missing: [3], topLabels: [], poolSize: 8, censorAt: 9 };
    const v = scoreQuery(q, opts);
    close(v['Recall@10'], 2 / 3);
    assert.equal(v['Success@1'], 1);
    close(v.AP, (1 / 1 + 2 / 3 + 0) / 3);
    assert.equal(v.MaxRank, 9);
    assert.equal(v['MaxRank.censored'], 1);
    assert.equal(v.nMaxRank, 1);
    assert.equal(v['Complete@10'], 0);
    // DCG@10 = 2/1 + 1/log2(4) = 2.5; ideal = 3/1 + 2/log2(3) + 1/log2(4) = 4.761859…
    close(v['nDCG@10'], 2.5 / (3 + 2 / Math.log2(3) + 0.5));
    close(v['nDCG@1'], 2 / 3);
  });

  it('binary relevance without missing documents keeps the binary figures and an uncensored MaxRank', () => {
    const v = scoreQuery({ relevant: [hit(2), hit(4)], topLabels: [], poolSize: 10, censorAt: 11 }, opts);
    assert.equal(v.MaxRank, 4);
    assert.equal(v['MaxRank.censored'], 0);
    close(v.nMaxRank, (4 - 2) / (10 - 2));
    close(v['nDCG@10'], (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3)));
  });

  it('documents below the relevance threshold earn their grade in nDCG only', () => {
    // Threshold 2: d1 grade 2 at rank 2 is relevant; d2 grade 1 at rank 1 is not, but has gain 1.
    const v = scoreQuery({ relevant: [hit(2)], grades: [2], belowThreshold: [{ rank: 1, grade: 1 }], topLabels: [], censorAt: 11 }, opts);
    assert.equal(v['Success@1'], 0);
    assert.equal(v['MRR@10'], 0.5);
    close(v.AP, 1 / 2);
    close(v['nDCG@10'], (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)));
    assert.equal(v.nMaxRank, undefined); // no pool size (a run): not reported
  });

  it('a query without relevant documents is recognised (callers exclude it)', () => {
    assert.equal(hasRelevant({ relevant: [], missing: [] }), false);
    assert.equal(hasRelevant({ relevant: [], missing: [1] }), true);
  });
});

describe('scoreQuery: English inclination without parallel documents and the top-1 decomposition', () => {
  // Pool labels: 0 = de, 1 = en (pivot), 2 = fr.
  const opts = { ks: [1], completeKs: [2], poolLangs: ['de', 'en', 'fr'], inclinationWithoutParallel: { pivot: 1 } };

  it('EIR counts non-relevant or unjudged pivot documents above the best relevant document in the query language', () => {
    // de query: relevant de doc at rank 4 with 2 en docs above it, one of which (rank 2) is relevant.
    const relevant = [hit(4, 0, [1, 2, 0]), hit(2, 1, [1, 0, 0])];
    const v = scoreQuery({ relevant, topLabels: [0, 1, 1, 0], censorAt: 5, queryLabel: 0 }, opts);
    assert.equal(v.EIR, 1);
    assert.equal(v['EIR.count'], 1);
    assert.equal(v['EIR.excluded'], 0);
    // Top document: de, not relevant → non-relevant, own language.
    assert.deepEqual(TOP1_KEYS.map((k) => v[k]), [0, 0, 1, 0]);
  });

  it('a query without a relevant document in its language is excluded from EIR and counted', () => {
    const v = scoreQuery({ relevant: [hit(1, 1, [0, 0, 0])], topLabels: [1, 0], censorAt: 3, queryLabel: 2 }, opts);
    assert.equal(v.EIR, undefined);
    assert.equal(v['EIR.excluded'], 1);
    assert.deepEqual(TOP1_KEYS.map((k) => v[k]), [0, 1, 0, 0]); // relevant, other language
  });

  it('pivot-language queries get no EIR; the four top-1 shares of a group sum to 1', () => {
    const a = scoreQuery({ relevant: [hit(1, 1, [0, 0, 0])], topLabels: [1], censorAt: 2, queryLabel: 1 }, opts);
    assert.equal(a.EIR, undefined);
    assert.equal(a['EIR.excluded'], undefined);
    const b = scoreQuery({ relevant: [hit(3, 0, [1, 1, 0])], topLabels: [2, 1, 0], censorAt: 4, queryLabel: 0 }, opts);
    const c = scoreQuery({ relevant: [hit(2, 2, [0, 1, 0])], topLabels: [1, 2], censorAt: 4, queryLabel: 2 }, opts);
    const agg = aggregateQueries([a, b, c]);
    assert.deepEqual(TOP1_KEYS.map((k) => agg[k]), [1 / 3, 0, 0, 2 / 3]);
    close(TOP1_KEYS.reduce((s, k) => s + agg[k], 0), 1);
    assert.equal(agg['EIR.excluded'], 0); // summed, not averaged
    assert.equal(agg.EIR, 1); // b and c: an irrelevant en document above their best own-language document
  });
});

describe('aggregation', () => {
  it('Max@R.median over all queries is not the mean of per-language medians', () => {
    const de = [{ MaxRank: 2 }, { MaxRank: 4 }, { MaxRank: 6 }]; // median 4
    const zh = [{ MaxRank: 100 }]; // median 100
    const byLang = [aggregateQueries(de), aggregateQueries(zh)];
    assert.equal(macroAverage(byLang)['Max@R.median'], 52); // what the macro average would say
    assert.equal(medianMaxRank([...de, ...zh]), 5); // median of 2, 4, 6, 100
  });

  it('Max@R.censored is the share of queries with a censored MaxRank; EIR.excluded is summed over languages', () => {
    const a = aggregateQueries([{ MaxRank: 3, 'MaxRank.censored': 0, 'EIR.excluded': 1 }, { MaxRank: 9, 'MaxRank.censored': 1, 'EIR.excluded': 1 }]);
    assert.equal(a['Max@R.censored'], 0.5);
    assert.equal(a['EIR.excluded'], 2);
    const b = aggregateQueries([{ MaxRank: 1, 'MaxRank.censored': 0, 'EIR.excluded': 1 }]);
    assert.equal(macroAverage([a, b])['EIR.excluded'], 3);
  });
});
