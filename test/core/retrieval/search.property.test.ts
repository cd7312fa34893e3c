import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { referenceSearch, search, type ResolvedBackend } from '../../../src/core/retrieval';
import type { Matrix } from '../../../src/core/vectors';
import { KERNELS } from './kernels';

/** A matrix with entries in {-2..2}: dot products are exact integers, so ties are frequent and exact. */
const intMatrix = (rows: number, dim: number) =>
  fc.array(fc.integer({ min: -2, max: 2 }), { minLength: rows * dim, maxLength: rows * dim }).map((a): Matrix => ({ rows, dim, data: Float32Array.from(a) }));

/** Pool of distinct random vectors (as float32) and a permutation of it. */
const poolAndPermutation = fc
  .record({ n: fc.integer({ min: 1, max: 60 }), q: fc.integer({ min: 1, max: 6 }), seed: fc.integer() })
  .chain(({ n, q, seed }) =>
    fc.record({
      docs: fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: n * 8, maxLength: n * 8 }),
      queries: fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: q * 8, maxLength: q * 8 }),
      perm: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
      requested: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 5 }),
      k: fc.integer({ min: 1, max: n + 2 }),
      seed: fc.constant(seed),
    }),
  );

function hasTiedScores(Q: Matrix, D: Matrix): boolean {
  const ref = referenceSearch(Q, D, { k: D.rows });
  for (let q = 0; q < Q.rows; q++) {
    for (let r = 1; r < ref.k; r++) {
      // Treat near-ties as ties: float32 kernels may order them differently from the float64 reference.
      if (Math.abs(ref.scores[q * ref.k + r] - ref.scores[q * ref.k + r - 1]) < 1e-4) return true;
    }
  }
  return false;
}

const BACKENDS: ResolvedBackend[] = KERNELS;

describe('retrieval/search properties', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: permuting a pool with distinct scores permutes the ranking and keeps every rank`, async () => {
      await fc.assert(
        fc.asyncProperty(poolAndPermutation, async ({ docs, queries, perm, requested, k }) => {
          const n = perm.length;
          const D: Matrix = { rows: n, dim: 8, data: Float32Array.from(docs) };
          const Q: Matrix = { rows: queries.length / 8, dim: 8, data: Float32Array.from(queries) };
          fc.pre(!hasTiedScores(Q, D));
          // Doc j of D becomes doc perm[j] of P.
          const P: Matrix = { rows: n, dim: 8, data: new Float32Array(n * 8) };
          for (let j = 0; j < n; j++) P.data.set(D.data.subarray(j * 8, j * 8 + 8), perm[j] * 8);
          const rel = Array.from({ length: Q.rows }, () => Int32Array.from(requested));
          const relP = rel.map((r) => Int32Array.from(r, (j) => perm[j]));
          const a = await search(Q, D, { k, relevant: rel, backend });
          const b = await search(Q, P, { k, relevant: relP, backend });
          assert.deepEqual(b.relevantRanks, a.relevantRanks);
          assert.deepEqual(Array.from(b.indices), Array.from(a.indices, (j) => perm[j]));
          // The TS kernel's arithmetic does not depend on a document's position: bit-identical scores.
          // MLAS picks its micro-kernel by column position (edge columns take another path), so ORT's
          // float32 scores may differ in the last bits after a permutation: ranks and order must not.
          if (backend === 'ts') assert.deepEqual(b.scores, a.scores);
          else b.scores.forEach((v, i) => assert.ok(Math.abs(v - a.scores[i]) <= 1e-6, `score ${i}: ${v} vs ${a.scores[i]}`));
        }),
        { numRuns: backend === 'ts' ? 150 : 60 },
      );
    });

    it(`${backend}: equals the full-sort reference exactly on tie-heavy integer data`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ q: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 40 }), d: fc.integer({ min: 1, max: 5 }), L: fc.integer({ min: 1, max: 4 }) }).chain(({ q, n, d, L }) =>
            fc.record({
              Q: intMatrix(q, d),
              D: intMatrix(n, d),
              k: fc.integer({ min: 1, max: n + 3 }),
              relevant: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 6 }), { minLength: q, maxLength: q }),
              labels: fc.array(fc.integer({ min: 0, max: L - 1 }), { minLength: n, maxLength: n }),
              L: fc.constant(L),
              chunkRows: fc.integer({ min: 1, max: 4 }),
            }),
          ),
          async ({ Q, D, k, relevant, labels, L, chunkRows }) => {
            const rel = relevant.map((r) => Int32Array.from(r));
            const docLabels = { labels: Uint16Array.from(labels), count: L };
            const res = await search(Q, D, { k, relevant: rel, docLabels, backend, chunkRows });
            const ref = referenceSearch(Q, D, { k, relevant: rel, docLabels });
            assert.deepEqual(Array.from(res.indices), Array.from(ref.indices));
            assert.deepEqual(Array.from(res.scores), Array.from(ref.scores));
            assert.deepEqual(res.relevantRanks, ref.relevantRanks);
            assert.deepEqual(res.aboveByLabel, ref.aboveByLabel);
          },
        ),
        { numRuns: backend === 'ts' ? 150 : 60 },
      );
    });
  }
});
