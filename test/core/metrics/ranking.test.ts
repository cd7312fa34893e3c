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

  it('a never-ranked relevant document: MaxRank censored at pool size + 1, nMax@R 1, Complete@K 0 even for K beyond the pool', () => {
    const r = [2, Infinity]; // pool of 5: censored at 6
    assert.equal(m.censoredMaxRank(r, 6), 6);
    assert.equal(m.isCensored(r), 1);
    assert.equal(m.censoredMaxRank([2, 3], 6), 3);
    assert.equal(m.isCensored([2, 3]), 0);
    assert.equal(m.normalizedMaxRank(r, 5), 1);
    assert.equal(m.completeAt(r, 10), 0); // K = 10 ≥ censored rank 6, still not complete
    assert.equal(m.normalizedMaxRank([Infinity], 1), 1); // pool no larger than |Rel|
  });

  it('graded nDCG (gain = grade, ideal from all judged grades sorted), hand-computed as trec_eval ndcg_cut', () => {
    // Judged: a grade 3 at rank 2, b grade 1 at rank 1, c grade 2 never ranked.
    const ranks = [2, 1, Infinity];
    const gains = [3, 1, 2];
    // DCG@2 = 1/log2(2) + 3/log2(3) = 1 + 1.892789… ; ideal@2 = 3/1 + 2/log2(3) = 4.261859…
    close(m.ndcgAt(ranks, 2, gains), (1 + 3 / Math.log2(3)) / (3 + 2 / Math.log2(3)));
    close(m.ndcgAt(ranks, 2, gains), 2.892789 / 4.261860, 1e-6); // 0.678762
    // @10: the same DCG; ideal = 3 + 2/log2(3) + 1/log2(4) = 4.761859…
    close(m.ndcgAt(ranks, 10, gains), (1 + 3 / Math.log2(3)) / (3 + 2 / Math.log2(3) + 0.5));
    // @1: the top document has grade 1 of a possible 3.
    close(m.ndcgAt(ranks, 1, gains), 1 / 3);
    // All grades 1: the binary formula.
    close(m.ndcgAt([3, 1], 5, [1, 1]), m.ndcgAt([3, 1], 5));
    // Gains ≤ 0 count nothing; no positive gain at all: 0.
    close(m.ndcgAt([1, 2], 5, [0, 2]), (2 / Math.log2(3)) / 2);
    assert.equal(m.ndcgAt([1], 5, [0]), 0);
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
