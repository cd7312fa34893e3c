import * as assert from 'node:assert/strict';
import { irrelevantAbove, labelShareAt } from '../../../src/core/metrics/inclination';

// Labels: 0 = query language L, 1 = pivot (English).
describe('English inclination (EIR / SIR)', () => {
  it('counts irrelevant pivot documents above the relevant L document, not the relevant pivot one', () => {
    // Ranking: [L irrelevant, p_en, en irrelevant, p_L, ...]
    const pEn = { rank: 2, label: 1, above: [1, 0] };
    const pL = { rank: 4, label: 0, above: [1, 2] };
    assert.equal(irrelevantAbove([pL, pEn], 0, 1), 1); // EIR count: 2 English above p_L, one of them relevant
    assert.equal(irrelevantAbove([pL, pEn], 1, 0), 1); // SIR count: the irrelevant L document above p_en
  });

  it('is zero when both relevant documents lead the ranking', () => {
    const pL = { rank: 1, label: 0, above: [0, 0] };
    const pEn = { rank: 2, label: 1, above: [1, 0] };
    assert.equal(irrelevantAbove([pL, pEn], 0, 1), 0);
    assert.equal(irrelevantAbove([pL, pEn], 1, 0), 0); // p_L above p_en is relevant, not counted
  });

  it('is undefined without a relevant document of that language', () => {
    assert.equal(irrelevantAbove([{ rank: 1, label: 1, above: [0, 0] }], 0, 1), undefined);
  });

  it('language share of the top k', () => {
    assert.deepEqual(Array.from(labelShareAt([1, 1, 0, 1], 4, 2)), [0.25, 0.75]);
    assert.deepEqual(Array.from(labelShareAt([1, 0], 10, 3)), [0.5, 0.5, 0]); // fewer documents than k
  });
});
