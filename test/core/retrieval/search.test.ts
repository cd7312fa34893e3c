import * as assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/errors';
import type { Progress } from '../../../src/core/progress';
import { ortAvailable, referenceSearch, search, type ResolvedBackend, type SearchResult } from '../../../src/core/retrieval';
import { nativeAvailable } from '../../../src/core/retrieval/nativeScorer';
import { normalizeRows, type Matrix } from '../../../src/core/vectors';
import { KERNELS } from './kernels';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomUnit(rows: number, dim: number, seed: number): Matrix {
  const r = rng(seed);
  return normalizeRows({ rows, dim, data: Float32Array.from({ length: rows * dim }, () => r() * 2 - 1) });
}

/** Entries in {-1, 0, 1}: every dot product is a small integer, exact in any summation order. */
function ternary(rows: number, dim: number, seed: number): Matrix {
  const r = rng(seed);
  return { rows, dim, data: Float32Array.from({ length: rows * dim }, () => Math.floor(r() * 3) - 1) };
}

function randomRelevant(queries: number, docs: number, per: number, seed: number): Int32Array[] {
  const r = rng(seed);
  return Array.from({ length: queries }, () => Int32Array.from({ length: per }, () => Math.floor(r() * docs)));
}

function labelsFor(docs: number, count: number, seed: number) {
  const r = rng(seed);
  return { labels: Uint16Array.from({ length: docs }, () => Math.floor(r() * count)), count };
}

function assertMatchesReference(res: SearchResult, ref: ReturnType<typeof referenceSearch>, scoreTol: number): void {
  assert.equal(res.k, ref.k);
  assert.deepEqual(Array.from(res.indices), Array.from(ref.indices));
  for (let i = 0; i < ref.scores.length; i++) {
    assert.ok(Math.abs(res.scores[i] - ref.scores[i]) <= scoreTol, `score ${i}: ${res.scores[i]} vs ${ref.scores[i]}`);
  }
  assert.deepEqual(res.relevantRanks?.map((a) => Array.from(a)), ref.relevantRanks?.map((a) => Array.from(a)));
  assert.deepEqual(res.aboveByLabel?.map((a) => Array.from(a)), ref.aboveByLabel?.map((a) => Array.from(a)));
}

const BACKENDS: ResolvedBackend[] = KERNELS;

describe('retrieval/search', () => {
  before(async () => {
    assert.ok(await ortAvailable(), 'onnxruntime-node should load in the test environment');
  });

  for (const backend of BACKENDS) {
    describe(`${backend} backend`, () => {
      it('matches the brute-force reference on random unit vectors (top-k, ranks, per-label counts)', async () => {
        const Q = randomUnit(37, 24, 1);
        const D = randomUnit(301, 24, 2);
        const relevant = randomRelevant(37, 301, 5, 3);
        const docLabels = labelsFor(301, 4, 4);
        const res = await search(Q, D, { k: 10, relevant, docLabels, backend, chunkRows: 8 });
        assert.equal(res.backend, backend);
        assertMatchesReference(res, referenceSearch(Q, D, { k: 10, relevant, docLabels }), 1e-5);
      });

      it('matches the reference on a pool large enough for the bucketed rank pass', async () => {
        const Q = randomUnit(12, 16, 5);
        const D = randomUnit(3000, 16, 6);
        // Random requested docs plus each query's own top 3 (thresholds at both ends of the row).
        const top = referenceSearch(Q, D, { k: 3 }).indices;
        const relevant = randomRelevant(12, 3000, 8, 7).map((r, q) => Int32Array.of(...r, ...top.subarray(q * 3, q * 3 + 3)));
        const docLabels = labelsFor(3000, 11, 8);
        const res = await search(Q, D, { k: 5, relevant, docLabels, backend });
        assertMatchesReference(res, referenceSearch(Q, D, { k: 5, relevant, docLabels }), 1e-5);
      });

      it('breaks exact ties by lower document index (duplicate documents, duplicate queries)', async () => {
        const D = randomUnit(40, 8, 9);
        // Docs 7, 19 and 33 are the same vector; so are 2 and 25.
        D.data.copyWithin(19 * 8, 7 * 8, 8 * 8);
        D.data.copyWithin(33 * 8, 7 * 8, 8 * 8);
        D.data.copyWithin(25 * 8, 2 * 8, 3 * 8);
        // Queries equal to doc 33 and to doc 25, twice each.
        const Q: Matrix = { rows: 4, dim: 8, data: new Float32Array(32) };
        Q.data.set(D.data.subarray(33 * 8, 34 * 8), 0);
        Q.data.set(D.data.subarray(33 * 8, 34 * 8), 8);
        Q.data.set(D.data.subarray(25 * 8, 26 * 8), 16);
        Q.data.set(D.data.subarray(25 * 8, 26 * 8), 24);
        const relevant = [Int32Array.of(33, 19, 7), Int32Array.of(7), Int32Array.of(25, 2), Int32Array.of(2, 25, 2)];
        const res = await search(Q, D, { k: 3, relevant, backend });
        assert.deepEqual(Array.from(res.indices.subarray(0, 3)), [7, 19, 33]);
        assert.deepEqual(Array.from(res.indices.subarray(3, 6)), [7, 19, 33]);
        assert.equal(res.scores[0], res.scores[1]);
        assert.equal(res.scores[1], res.scores[2]);
        assert.deepEqual(Array.from(res.indices.subarray(6, 8)), [2, 25]);
        assert.deepEqual(Array.from(res.indices.subarray(9, 11)), [2, 25]);
        assert.deepEqual(res.relevantRanks?.map((a) => Array.from(a)), [[3, 2, 1], [1], [2, 1], [1, 2, 1]]);
      });

      it('agrees exactly with the reference on integer data full of ties', async () => {
        const Q = ternary(23, 6, 10);
        const D = ternary(157, 6, 11);
        const relevant = randomRelevant(23, 157, 7, 12);
        const docLabels = labelsFor(157, 3, 13);
        const res = await search(Q, D, { k: 157, relevant, docLabels, backend, chunkRows: 5 });
        assertMatchesReference(res, referenceSearch(Q, D, { k: 157, relevant, docLabels }), 0);
      });

      it('clamps k to the pool size', async () => {
        const Q = randomUnit(3, 5, 14);
        const D = randomUnit(4, 5, 15);
        const res = await search(Q, D, { k: 50, backend });
        assert.equal(res.k, 4);
        assert.equal(res.indices.length, 12);
        assertMatchesReference(res, referenceSearch(Q, D, { k: 50 }), 1e-5);
      });

      it('handles an empty query set and an empty pool', async () => {
        const D = randomUnit(9, 4, 16);
        const none: Matrix = { rows: 0, dim: 4, data: new Float32Array(0) };
        const a = await search(none, D, { k: 3, relevant: [], docLabels: labelsFor(9, 2, 1), backend });
        assert.deepEqual([a.k, a.indices.length, a.scores.length], [3, 0, 0]);
        assert.deepEqual(a.relevantRanks, []);
        assert.deepEqual(a.aboveByLabel, []);
        const Q = randomUnit(2, 4, 17);
        const b = await search(Q, { rows: 0, dim: 4, data: new Float32Array(0) }, { k: 3, relevant: [new Int32Array(0), new Int32Array(0)], backend });
        assert.deepEqual([b.k, b.indices.length], [0, 0]);
        assert.deepEqual(b.relevantRanks?.map((r) => r.length), [0, 0]);
      });

      it('reports progress per chunk up to the number of queries', async () => {
        const seen: Progress[] = [];
        await search(randomUnit(50, 8, 18), randomUnit(60, 8, 19), { k: 2, backend, chunkRows: 16, onProgress: (p) => seen.push(p) });
        assert.deepEqual(seen.map((p) => p.done), [16, 32, 48, 50]);
        assert.ok(seen.every((p) => p.total === 50 && p.unit === 'queries'));
      });

      it('stops with CancelledError when aborted before or during the search', async () => {
        const Q = randomUnit(64, 8, 20);
        const D = randomUnit(30, 8, 21);
        const before = new AbortController();
        before.abort();
        await assert.rejects(search(Q, D, { k: 2, backend, signal: before.signal }), CancelledError);
        const during = new AbortController();
        let calls = 0;
        const onProgress = () => {
          calls++;
          during.abort();
        };
        await assert.rejects(search(Q, D, { k: 2, backend, chunkRows: 8, signal: during.signal, onProgress }), CancelledError);
        assert.equal(calls, 1);
      });

      it('accepts SharedArrayBuffer-backed and offset inputs', async () => {
        const Q = randomUnit(6, 8, 22);
        const D = randomUnit(20, 8, 23);
        const shared = new Float32Array(new SharedArrayBuffer(D.data.byteLength));
        shared.set(D.data);
        const padded = new Float32Array(Q.data.length + 8);
        padded.set(Q.data, 8);
        const res = await search({ ...Q, data: padded.subarray(8) }, { ...D, data: shared }, { k: 4, backend });
        assertMatchesReference(res, referenceSearch(Q, D, { k: 4 }), 1e-5);
      });
    });
  }

  it('ORT, native and TypeScript agree on random data (indices equal, scores within 1e-5)', async () => {
    const Q = randomUnit(120, 48, 24);
    const D = randomUnit(900, 48, 25);
    const relevant = randomRelevant(120, 900, 11, 26);
    const docLabels = labelsFor(900, 11, 27);
    const [t, ...others] = await Promise.all(BACKENDS.map((backend) => search(Q, D, { k: 10, relevant, docLabels, backend })));
    assert.equal(t.backend, 'ts');
    for (const o of others) {
      assert.deepEqual(Array.from(o.indices), Array.from(t.indices), o.backend);
      for (let i = 0; i < o.scores.length; i++) assert.ok(Math.abs(o.scores[i] - t.scores[i]) <= 1e-5, o.backend);
      assert.deepEqual(o.relevantRanks, t.relevantRanks, o.backend);
      assert.deepEqual(o.aboveByLabel, t.aboveByLabel, o.backend);
    }
  });

  it('auto picks the native kernel where it is built, else onnxruntime', async () => {
    const res = await search(randomUnit(2, 4, 28), randomUnit(3, 4, 29), { k: 1 });
    assert.equal(res.backend, nativeAvailable() ? 'native' : 'ort');
  });

  it('rejects inconsistent inputs', async () => {
    const Q = randomUnit(2, 4, 30);
    const D = randomUnit(5, 4, 31);
    await assert.rejects(search(Q, randomUnit(5, 3, 32), { k: 1 }), RangeError);
    await assert.rejects(search(Q, D, { k: 0 }), RangeError);
    await assert.rejects(search(Q, D, { k: 1.5 }), RangeError);
    await assert.rejects(search(Q, D, { k: 1, relevant: [Int32Array.of(0)] }), RangeError);
    await assert.rejects(search(Q, D, { k: 1, relevant: [Int32Array.of(0), Int32Array.of(5)] }), RangeError);
    await assert.rejects(search(Q, D, { k: 1, relevant: [Int32Array.of(0), Int32Array.of(1)], docLabels: { labels: new Uint16Array(4), count: 1 } }), RangeError);
    await assert.rejects(search(Q, D, { k: 1, relevant: [Int32Array.of(0), Int32Array.of(1)], docLabels: { labels: Uint16Array.of(0, 0, 2, 0, 0), count: 2 } }), RangeError);
  });
});
