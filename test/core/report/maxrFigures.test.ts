import * as assert from 'node:assert/strict';
import { completeCurve, maxRankBins, maxRankHistogram, maxrFigures, poolSizeOf, recordsByLanguage } from '../../../src/core/report/maxrFigures';
import { rec, report } from './fixtures';

describe('Max@R figures', () => {
  it('Complete@K curve: fraction of MaxRank values ≤ K, hand-counted', () => {
    // MaxRanks 2, 2, 3, 7: K=2 → 2/4, K=3..6 → 3/4, K=7+ → 1.
    const c = completeCurve([2, 7, 3, 2], 2, 8);
    assert.deepEqual(c.k, [2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(c.complete, [0.5, 0.75, 0.75, 0.75, 0.75, 1, 1]);
  });

  it('Complete@K curve: values beyond kMax never count, K starts at kMin', () => {
    const c = completeCurve([1, 150], 1, 3);
    assert.deepEqual(c.k, [1, 2, 3]);
    assert.deepEqual(c.complete, [0.5, 0.5, 0.5]);
    assert.deepEqual(completeCurve([], 1, 3), { k: [], complete: [] });
  });

  it('histogram bins: one per rank for small pools, powers of two for deep ones', () => {
    assert.deepEqual(maxRankBins(3), [[1, 1], [2, 2], [3, 3]]);
    assert.equal(maxRankBins(24).length, 24);
    assert.deepEqual(maxRankBins(40), [[1, 1], [2, 2], [3, 4], [5, 8], [9, 16], [17, 32], [33, 40]]);
    assert.deepEqual(maxRankBins(32), [[1, 1], [2, 2], [3, 4], [5, 8], [9, 16], [17, 32]]);
  });

  it('histogram counts: hand-counted over log bins', () => {
    const h = maxRankHistogram([1, 2, 3, 4, 4, 9, 40], maxRankBins(40));
    assert.deepEqual(h.map((b) => b.count), [1, 1, 3, 0, 1, 0, 1]);
    assert.equal(h.reduce((s, b) => s + b.count, 0), 7);
  });

  it('recovers the pool size from nMaxRank', () => {
    // |Rel| = 2, MaxRank 6 in a pool of 10 → nMaxRank = 4/8.
    assert.equal(poolSizeOf([rec('de/q1', 'de+en', [1, 6], 10)]), 10);
    // At the optimum nMaxRank is 0 and gives nothing: the deepest rank is the lower bound.
    assert.equal(poolSizeOf([rec('de/q1', 'de+en', [1, 2], 10)]), 2);
  });

  it('uses the pool size the report stores, also when every query is at the optimum', () => {
    const perQuery = [rec('de/q1', 'de+en', [1, 2], 10), rec('zh/q1', 'zh+en', [2, 1], 12)];
    assert.equal(poolSizeOf(perQuery), 2); // inference from nMaxRank has nothing to go on
    assert.equal(maxrFigures(report({ perQuery, pools: { 'de+en': 10, 'zh+en': 12 } })).poolSize, 12);
    assert.equal(maxrFigures(report({ perQuery: perQuery.slice(0, 1), pools: { 'de+en': 10, 'zh+en': 12 } })).poolSize, 10);
    const aggregateOnly = report({ overall: { queries: 2, 'Complete@2': 1 }, pools: { 'de+en': 10 } });
    assert.equal(maxrFigures(aggregateOnly).poolSize, 10);
  });

  it('cross: a language aggregates its pairs L→M with M ≠ L', () => {
    const r = report({
      scenario: 'cross',
      languages: ['de', 'en'],
      perQuery: [rec('de/q1', 'de→de', [1], 5), rec('de/q1', 'de→en', [3], 5), rec('en/q1', 'en→en', [1], 5), rec('en/q1', 'en→de', [2], 5)],
    });
    const by = recordsByLanguage(r);
    assert.deepEqual(by.get('de')!.map((q) => q.task), ['de→en']);
    assert.deepEqual(by.get('en')!.map((q) => q.task), ['en→de']);
  });

  it('per language and all: mean, median, curve and histogram', () => {
    const r = report({
      perQuery: [rec('de/q1', 'de+en', [1, 2], 6), rec('de/q2', 'de+en', [1, 4], 6), rec('zh/q1', 'zh+en', [3, 6], 6)],
    });
    const f = maxrFigures(r);
    assert.equal(f.source, 'perQuery');
    assert.equal(f.poolSize, 6);
    assert.equal(f.maxRelevant, 2);
    assert.deepEqual(f.series.map((s) => s.lang), ['all', 'de', 'zh']);
    const all = f.series[0];
    assert.equal(all.queries, 3);
    assert.equal(all.maxR, 4); // (2 + 4 + 6) / 3
    assert.equal(all.median, 4);
    assert.deepEqual(all.curve.k, [2, 3, 4, 5, 6]);
    assert.deepEqual(all.curve.complete, [1 / 3, 1 / 3, 2 / 3, 2 / 3, 1]);
    assert.deepEqual(all.histogram.map((b) => b.count), [0, 1, 0, 1, 0, 1]);
    const de = f.series[1];
    assert.equal(de.median, 3);
    assert.deepEqual(de.curve.complete, [0.5, 0.5, 1, 1, 1]);
  });

  it('without per-query records falls back to the report’s Complete@K points', () => {
    const r = report({
      byLanguage: { de: { queries: 4, 'Max@R': 3, 'Max@R.median': 2, 'Complete@2': 0.5, 'Complete@5': 0.75, 'Complete@10': 1 } },
      overall: { queries: 4, 'Max@R': 3, 'Max@R.median': 2, 'Complete@2': 0.5, 'Complete@5': 0.75, 'Complete@10': 1 },
    });
    const f = maxrFigures(r);
    assert.equal(f.source, 'aggregate');
    assert.deepEqual(f.series[1].curve, { k: [2, 5, 10], complete: [0.5, 0.75, 1] });
    assert.deepEqual(f.series[1].histogram, []);
  });
});
