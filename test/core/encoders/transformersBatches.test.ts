import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { halfToFloat, poolInto } from '../../../src/core/encoders/transformers/pooling';
import { dedupe, planBatches } from '../../../src/core/encoders/transformers/tokenBatches';

describe('encoders/transformers: token batches and pooling', () => {
  it('sorts by length and fills each batch up to the padded-token budget', () => {
    const lengths = [5, 100, 3, 7, 3, 40, 200];
    const batches = planBatches(lengths, { budget: 20 });
    assert.deepEqual(batches.map((b) => b.items), [[2, 4, 0], [3], [5], [1], [6]]);
    assert.deepEqual(batches.map((b) => b.length), [5, 7, 40, 100, 200]);
    assert.deepEqual(planBatches(lengths, { budget: 1000, maxRows: 3 }).map((b) => b.items.length), [3, 3, 1]);
  });

  it('covers every item once, within the budget unless alone, never growing padding by reordering', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 200 }), fc.integer({ min: 1, max: 4096 }), (lengths, budget) => {
        const batches = planBatches(lengths, { budget });
        const seen = batches.flatMap((b) => b.items).sort((a, b) => a - b);
        assert.deepEqual(seen, lengths.map((_, i) => i));
        for (const b of batches) {
          assert.equal(b.length, Math.max(...b.items.map((i) => lengths[i])));
          assert.ok(b.items.length === 1 || b.items.length * b.length <= budget);
        }
        for (let k = 1; k < batches.length; k++) assert.ok(batches[k - 1].length <= lengths[batches[k].items[0]]);
      }),
    );
  });

  it('dedupes in first-seen order', () => {
    const { unique, of } = dedupe(['b', 'a', 'b', 'c', 'a']);
    assert.deepEqual(unique, ['b', 'a', 'c']);
    assert.deepEqual(Array.from(of), [0, 1, 0, 2, 1]);
  });

  it('mean-pools real tokens only, cls takes the first, and normalises', () => {
    // 2 rows × 3 positions × 2 dims; row 1 has one padding position.
    const hidden = new Float32Array([1, 0, 3, 0, 5, 4, /* row 1 */ 0, 2, 0, 4, 100, 100]);
    const out = new Float32Array(6);
    poolInto(hidden, 2, 3, 2, [3, 2], 'mean', false, out, [2, 0]);
    assert.deepEqual(Array.from(out), [0, 3, 0, 0, 3, Math.fround(4 / 3)]);
    poolInto(hidden, 2, 3, 2, [3, 2], 'cls', true, out, [0, 1]);
    assert.deepEqual(Array.from(out.subarray(0, 4)), [1, 0, 0, 1]);
    poolInto(hidden, 1, 3, 2, [3], 'mean', true, out, [0]);
    assert.ok(Math.abs(Math.hypot(out[0], out[1]) - 1) < 1e-6);
  });

  it('reads IEEE half floats', () => {
    assert.deepEqual(Array.from(halfToFloat(new Uint16Array([0x3c00, 0xc000, 0x0000, 0x7bff, 0x0001, 0x3555]))), [1, -2, 0, 65504, 2 ** -24, Math.fround(0.333251953125)]);
  });
});
