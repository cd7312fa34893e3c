import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { RequestedRanker, scoreBound, type RankHints } from '../../../src/core/retrieval/ranks';
import { TopKSelector } from '../../../src/core/retrieval/topk';

/** SPEC §1 ranks and per-label counts by a full sort of the row. */
function reference(row: ArrayLike<number>, req: ArrayLike<number>, labels: Uint16Array, L: number) {
  const n = row.length;
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => row[b] - row[a] || a - b);
  const rank = new Int32Array(n);
  order.forEach((j, r) => (rank[j] = r + 1));
  const ranks = Array.from(req, (j) => rank[j]);
  const above = new Array<number>(req.length * L).fill(0);
  Array.from(req).forEach((j, r) => {
    for (let p = 0; p < rank[j] - 1; p++) above[r * L + labels[order[p]]]++;
  });
  return { order, ranks, above };
}

/** A row of n scores drawn from `levels` distinct values (many exact ties when levels ≪ n). */
const tiedRow = (n: number, levels: number) =>
  fc.array(fc.integer({ min: 0, max: levels - 1 }), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a, (v) => v / levels - 0.5));

describe('retrieval/ranks (RequestedRanker)', () => {
  const cases: Array<{ name: string; n: number; m: number; levels: number; L: number }> = [
    { name: 'short row, few ties', n: 60, m: 5, levels: 1000, L: 3 },
    { name: 'short row, many ties', n: 60, m: 5, levels: 4, L: 3 },
    { name: 'long row, many ties', n: 2100, m: 11, levels: 20, L: 11 },
    { name: 'long row, distinct-ish scores', n: 2100, m: 11, levels: 100000, L: 2 },
    { name: 'more than 32 requested (array sort)', n: 2100, m: 40, levels: 50, L: 4 },
  ];
  for (const c of cases) {
    it(`equals a full sort with every pass and hint: ${c.name}`, () => {
      fc.assert(
        fc.property(
          tiedRow(c.n, c.levels),
          fc.array(fc.integer({ min: 0, max: c.n - 1 }), { minLength: c.m, maxLength: c.m }),
          fc.array(fc.integer({ min: 0, max: c.L - 1 }), { minLength: c.n, maxLength: c.n }),
          (row, reqArr, labelArr) => {
            const req = Int32Array.from(reqArr);
            const labels = Uint16Array.from(labelArr);
            const ref = reference(row, req, labels, c.L);
            // Put the row at an offset inside a larger buffer, as in a score block.
            const block = new Float32Array(c.n + 7);
            block.set(row, 7);
            const maxAbs = row.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
            const hintSets: RankHints[] = [
              {},
              { bound: maxAbs }, // tight: the extreme scores land in the first and last buckets
              { bound: maxAbs * 3 },
              { bound: maxAbs / 2 }, // wrong bound: must be detected and fall back
              { bound: maxAbs, kthScore: -1 },
              { bound: maxAbs, kthScore: 1 },
            ];
            const ranker = new RequestedRanker(labels, c.L); // reused, as in a search
            const bare = new RequestedRanker();
            for (const hints of hintSets) {
              const ranks = new Int32Array(c.m);
              const above = new Int32Array(c.m * c.L);
              ranker.compute(block, 7, c.n, req, ranks, above, hints);
              assert.deepEqual(Array.from(ranks), ref.ranks, JSON.stringify(hints));
              assert.deepEqual(Array.from(above), ref.above, JSON.stringify(hints));
              const onlyRanks = new Int32Array(c.m);
              bare.compute(block, 7, c.n, req, onlyRanks, undefined, hints);
              assert.deepEqual(Array.from(onlyRanks), ref.ranks, JSON.stringify(hints));
            }
          },
        ),
        { numRuns: c.n > 1000 ? 25 : 100 },
      );
    });
  }

  it('gives the best and worst documents ranks 1 and n; repeated requests share a rank', () => {
    const row = Float32Array.of(0.1, 0.9, 0.1, -0.3, 0.9);
    const ranks = new Int32Array(5);
    new RequestedRanker().compute(row, 0, 5, Int32Array.of(4, 1, 3, 2, 4), ranks);
    assert.deepEqual(Array.from(ranks), [2, 1, 5, 4, 2]);
  });
});

describe('retrieval/ranks scoreBound', () => {
  it('bounds float32 dot products of unit vectors', () => {
    const d = 384;
    const a = new Float32Array(d).fill(1 / Math.sqrt(d));
    let s = Math.fround(0);
    for (let t = 0; t < d; t++) s = Math.fround(s + Math.fround(a[t] * a[t]));
    assert.ok(Math.abs(s) <= scoreBound(1, 1, d));
    assert.ok(scoreBound(0, 1, d) > 0);
  });
});

describe('retrieval/topk (TopKSelector)', () => {
  it('returns the first k of a full sort with the tie rule', () => {
    fc.assert(
      fc.property(tiedRow(50, 6), fc.integer({ min: 1, max: 50 }), (row, k) => {
        const ref = reference(row, [], new Uint16Array(50), 1).order.slice(0, k);
        const idx = new Int32Array(k + 3);
        const sc = new Float32Array(k + 3);
        const selector = new TopKSelector(k);
        selector.select(row.slice().reverse(), 0, 50, idx, sc, 3); // reused across rows, as in the kernel
        selector.select(row, 0, 50, idx, sc, 3);
        assert.deepEqual(Array.from(idx.subarray(3)), ref);
        assert.deepEqual(Array.from(sc.subarray(3)), ref.map((j) => row[j]));
      }),
    );
  });
});
