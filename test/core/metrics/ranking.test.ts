import * as assert from 'node:assert/strict';
import * as m from '../../../src/core/metrics/ranking';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

describe('ranking metrics (SPEC §3, hand-computed)', () => {
  it('one relevant document at rank 1 scores perfectly', () => {
    const r = [1];
    for (const k of [1, 5, 10]) {
      assert.equal(m.recallAt(r, k), 1);
      assert.equal(m.successAt(r, k), 1);
      assert.equal(m.reciprocalRankAt(r, k), 1);
      assert.equal(m.ndcgAt(r, k), 1);
    }
    assert.equal(m.averagePrecision(r), 1);
    assert.equal(m.maxRank(r), 1);
    assert.equal(m.normalizedMaxRank(r, 100), 0);
    assert.equal(m.completeAt(r, 1), 1);
  });

  it('one relevant document at rank 3', () => {
    const r = [3];
    assert.equal(m.recallAt(r, 1), 0);
    assert.equal(m.recallAt(r, 5), 1);
    assert.equal(m.reciprocalRankAt(r, 2), 0);
    close(m.reciprocalRankAt(r, 10), 1 / 3);
    close(m.ndcgAt(r, 10), 1 / Math.log2(4)); // 0.5
    assert.equal(m.ndcgAt(r, 1), 0);
    close(m.averagePrecision(r), 1 / 3);
    assert.equal(m.maxRank(r), 3);
    close(m.normalizedMaxRank(r, 11), 2 / 10);
  });

  it('|Rel| = 2 at ranks 1 and 4 (bilingual: both translations relevant)', () => {
    const r = [4, 1]; // order of relevant documents does not matter
    assert.equal(m.recallAt(r, 1), 0.5);
    assert.equal(m.recallAt(r, 4), 1);
    assert.equal(m.successAt(r, 1), 1);
    close(m.ndcgAt(r, 5), (1 + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3))); // 0.87722…
    close(m.ndcgAt(r, 1), 1); // nDCG@1 is 1 exactly when the top document is relevant
    close(m.ndcgAt(r, 2), 1 / (1 + 1 / Math.log2(3)));
    close(m.averagePrecision(r), (1 / 1 + 2 / 4) / 2); // 0.75
    assert.equal(m.maxRank(r), 4);
    close(m.normalizedMaxRank(r, 10), (4 - 2) / (10 - 2));
    assert.equal(m.completeAt(r, 2), 0);
    assert.equal(m.completeAt(r, 5), 1);
  });

  it('a relevant document missing from the ranking (rank ∞) counts as not retrieved', () => {
    const r = [2, Infinity];
    assert.equal(m.recallAt(r, 100), 0.5);
    close(m.averagePrecision(r), (1 / 2 + 0) / 2);
    close(m.ndcgAt(r, 10), 1 / Math.log2(3) / (1 + 1 / Math.log2(3)));
    assert.equal(m.completeAt(r, 1000), 0);
    assert.equal(m.maxRank(r), Infinity);
  });

  it('optimum Max@R equals |Rel|, and nMax@R reaches 1 when a relevant document is last', () => {
    assert.equal(m.maxRank([1, 2, 3]), 3);
    assert.equal(m.normalizedMaxRank([1, 2, 3], 50), 0);
    assert.equal(m.normalizedMaxRank([1, 50], 50), 1);
  });

  it('Complete@1 is only offered when every query has one relevant document', () => {
    assert.deepEqual(m.completeKs(1), [1, 2, 5, 10, 20, 100]);
    assert.deepEqual(m.completeKs(2), [2, 5, 10, 20, 100]);
  });
});
