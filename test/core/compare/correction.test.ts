import * as assert from 'node:assert/strict';
import { adjustPValues } from '../../../src/core/compare/correction';
import { rng } from '../../../src/core/metrics/stats';

const near = (got: number[], want: number[]) => {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.ok(Number.isNaN(want[i]) ? Number.isNaN(g) : Math.abs(g - want[i]) < 1e-12, `[${i}] ${g} ≠ ${want[i]} (got ${got.join(', ')})`));
};

describe('compare: multiple-comparison correction', () => {
  // Sorted: 0.005 (#3), 0.01 (#0), 0.03 (#2), 0.04 (#1); m = 4.
  const p = [0.01, 0.04, 0.03, 0.005];

  it('Holm by hand: (m − j + 1)·p₍ⱼ₎, then the running maximum', () => {
    // 4·0.005 = 0.02; 3·0.01 = 0.03; 2·0.03 = 0.06; 1·0.04 = 0.04 → max so far 0.06.
    near(adjustPValues(p, 'holm'), [0.03, 0.06, 0.06, 0.02]);
  });

  it('Benjamini–Hochberg by hand: m·p₍ⱼ₎/j, then the running minimum from the top', () => {
    // 4·0.005/1 = 0.02; 4·0.01/2 = 0.02; 4·0.03/3 = 0.04; 4·0.04/4 = 0.04.
    near(adjustPValues(p, 'bh'), [0.02, 0.04, 0.04, 0.02]);
  });

  it('enforces monotonicity in the sorted order and caps at 1', () => {
    // BH raw ratios 0.02, 0.011 are not monotone: the smaller p gets the later minimum.
    near(adjustPValues([0.01, 0.011], 'bh'), [0.011, 0.011]);
    // Holm raw products 0.02, 0.011: the larger p keeps the earlier maximum.
    near(adjustPValues([0.01, 0.011], 'holm'), [0.02, 0.02]);
    near(adjustPValues([0.5, 0.6, 0.9], 'holm'), [1, 1, 1]);
    near(adjustPValues([0.5, 0.6, 0.9], 'bh'), [0.9, 0.9, 0.9]);
    near(adjustPValues([1, 1], 'bh'), [1, 1]);
  });

  it('a cell without a p-value is outside the family (m counts the finite ones)', () => {
    near(adjustPValues([NaN, 0.02, 0.04], 'holm'), [NaN, 0.04, 0.04]);
    near(adjustPValues([0.02, Infinity, 0.04], 'bh'), [0.04, NaN, 0.04]);
    near(adjustPValues([0.02, NaN], 'none'), [0.02, NaN]);
    assert.deepEqual(adjustPValues([], 'holm'), []);
  });

  it('on random families: raw ≤ BH ≤ Holm ≤ 1, and both keep the order of the raw p-values', () => {
    const random = rng(7);
    for (let t = 0; t < 200; t++) {
      const m = 1 + Math.floor(random() * 60);
      const raw = Array.from({ length: m }, () => (random() < 0.2 ? random() * 0.01 : random()));
      const holm = adjustPValues(raw, 'holm');
      const bh = adjustPValues(raw, 'bh');
      const order = raw.map((_, i) => i).sort((i, j) => raw[i] - raw[j]);
      for (let r = 0; r < m; r++) {
        const i = order[r];
        assert.ok(raw[i] <= bh[i] + 1e-15 && bh[i] <= holm[i] + 1e-15 && holm[i] <= 1, `cell ${i}: ${raw[i]} ${bh[i]} ${holm[i]}`);
        if (r > 0) {
          const prev = order[r - 1];
          assert.ok(holm[prev] <= holm[i] && bh[prev] <= bh[i], 'monotone');
        }
      }
      // Holm with one test, and BH's largest p, are the raw p-values.
      if (m === 1) assert.equal(holm[0], raw[0]);
      assert.equal(bh[order[m - 1]], raw[order[m - 1]]);
    }
  });
});
