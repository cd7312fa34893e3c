import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { referenceSearch, search, type DocLabels, type ResolvedBackend, type SearchResult } from '../../../src/core/retrieval';
import { RequestedRanker, scoreBound } from '../../../src/core/retrieval/ranks';
import { TopKSelector } from '../../../src/core/retrieval/topk';
import { dotBlock } from '../../../src/core/retrieval/tsKernel';
import { f16Rows, toF16, toF16Rows, widenF16 } from '../../../src/core/store/rowSource';
import { normalizeRows, type Matrix } from '../../../src/core/vectors';
import { KERNELS } from './kernels';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomUnit(rows: number, dim: number, seed: number): Matrix {
  const r = rng(seed);
  return normalizeRows({ rows, dim, data: Float32Array.from({ length: rows * dim }, () => r() * 2 - 1) });
}

/**
 * The row-at-a-time TypeScript kernel the fused scan replaced: a whole score row (dotBlock, the
 * same arithmetic as the tiled TS scorer), heap top-k and the RequestedRanker over the row.
 */
function rowKernel(Q: Matrix, D: Matrix, k: number, relevant: Int32Array[], docLabels?: DocLabels) {
  const n = D.rows;
  const kk = Math.min(k, n);
  const row = new Float32Array(n);
  const out = { indices: new Int32Array(Q.rows * kk), scores: new Float32Array(Q.rows * kk) };
  const sel = new TopKSelector(kk);
  const ranker = new RequestedRanker(docLabels?.labels, docLabels?.count);
  const ranks: Int32Array[] = [];
  const above: Int32Array[] = [];
  for (let q = 0; q < Q.rows; q++) {
    dotBlock(Q.data, q, 1, D.data, n, D.dim, row);
    sel.select(row, 0, n, out.indices, out.scores, q * kk);
    ranks.push(new Int32Array(relevant[q].length));
    above.push(new Int32Array(relevant[q].length * (docLabels?.count ?? 1)));
    ranker.compute(row, 0, n, relevant[q], ranks[q], docLabels ? above[q] : undefined, { bound: scoreBound(1.01, 1.01, D.dim) });
  }
  return { ...out, ranks, above };
}

function assertSame(res: SearchResult, ref: ReturnType<typeof rowKernel>, labelled: boolean): void {
  assert.deepEqual(Array.from(res.indices), Array.from(ref.indices));
  assert.deepEqual(Array.from(res.scores), Array.from(ref.scores));
  assert.deepEqual(res.relevantRanks?.map((a) => Array.from(a)), ref.ranks.map((a) => Array.from(a)));
  if (labelled) assert.deepEqual(res.aboveByLabel?.map((a) => Array.from(a)), ref.above.map((a) => Array.from(a)));
}

/** Unit vectors with many exact duplicates (ties) and queries close to their first relevant document. */
function pool(n: number, q: number, d: number, per: number, seed: number) {
  const r = rng(seed);
  const D = randomUnit(n, d, seed + 1);
  // Every fifth document repeats an earlier one: exact ties, broken by pool order.
  for (let j = 5; j < n; j += 5) D.data.copyWithin(j * d, Math.floor(r() * j) * d, Math.floor(r() * j) * d + d);
  const relevant = Array.from({ length: q }, () => Int32Array.from({ length: per }, () => Math.floor(r() * n)));
  const Q = randomUnit(q, d, seed + 2);
  // Half the queries sit near a relevant document (few documents above it: the branchy scan),
  // the rest are random (about half the pool above: the branch-free scan).
  for (let i = 0; i < q; i += 2) {
    if (!per) continue;
    const j = relevant[i][0];
    for (let t = 0; t < d; t++) Q.data[i * d + t] = D.data[j * d + t] + 0.3 * Q.data[i * d + t];
  }
  normalizeRows(Q);
  const labels = Uint16Array.from({ length: n }, () => Math.floor(r() * 3));
  return { Q, D, relevant, docLabels: { labels, count: 3 } };
}

describe('retrieval/search tiled (fused scan)', () => {
  it('ts: identical to the row-at-a-time kernel for any tile and chunk size (ties, tile boundaries, dense and sparse tallies)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          n: fc.integer({ min: 1, max: 300 }),
          q: fc.integer({ min: 1, max: 9 }),
          per: fc.integer({ min: 0, max: 7 }),
          k: fc.integer({ min: 1, max: 40 }),
          tileRows: fc.integer({ min: 1, max: 320 }),
          chunkRows: fc.integer({ min: 1, max: 10 }),
          labelled: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1e6 }),
        }),
        async ({ n, q, per, k, tileRows, chunkRows, labelled, seed }) => {
          const { Q, D, relevant, docLabels } = pool(n, q, 6, per, seed);
          const res = await search(Q, D, { k, relevant, docLabels: labelled ? docLabels : undefined, backend: 'ts', tileRows, chunkRows });
          assertSame(res, rowKernel(Q, D, k, relevant, labelled ? docLabels : undefined), labelled);
        },
      ),
      { numRuns: 200 },
    );
  });

  const BACKENDS: ResolvedBackend[] = KERNELS;
  for (const backend of BACKENDS) {
    it(`${backend}: equals the full-sort reference on tie-heavy integer data for any tiling`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            n: fc.integer({ min: 1, max: 120 }),
            q: fc.integer({ min: 1, max: 6 }),
            d: fc.integer({ min: 1, max: 5 }),
            k: fc.integer({ min: 1, max: 20 }),
            tileRows: fc.integer({ min: 1, max: 130 }),
            chunkRows: fc.integer({ min: 1, max: 7 }),
            seed: fc.integer({ min: 0, max: 1e6 }),
          }),
          async ({ n, q, d, k, tileRows, chunkRows, seed }) => {
            const r = rng(seed);
            const int = (rows: number): Matrix => ({ rows, dim: d, data: Float32Array.from({ length: rows * d }, () => Math.floor(r() * 5) - 2) });
            const Q = int(q);
            const D = int(n);
            const relevant = Array.from({ length: q }, () => Int32Array.from({ length: Math.floor(r() * 7) }, () => Math.floor(r() * n)));
            const docLabels = { labels: Uint16Array.from({ length: n }, () => Math.floor(r() * 4)), count: 4 };
            const res = await search(Q, D, { k, relevant, docLabels, backend, tileRows, chunkRows });
            const ref = referenceSearch(Q, D, { k, relevant, docLabels });
            assert.deepEqual(Array.from(res.indices), Array.from(ref.indices));
            assert.deepEqual(Array.from(res.scores), Array.from(ref.scores));
            assert.deepEqual(res.relevantRanks, ref.relevantRanks);
            assert.deepEqual(res.aboveByLabel, ref.aboveByLabel);
          },
        ),
        { numRuns: backend === 'ts' ? 150 : 80 },
      );
    });
  }

  it('a 20,000-document pool in many tiles: ts identical to the row kernel; ort equal in ranks and top-k up to float32 near-ties', async () => {
    const { Q, D, relevant, docLabels } = pool(20000, 40, 32, 2, 7);
    const ref = rowKernel(Q, D, 100, relevant, docLabels);
    const ts = await search(Q, D, { k: 100, relevant, docLabels, backend: 'ts', tileRows: 3000, chunkRows: 16 });
    assertSame(ts, ref, true);
    // Default tiling (one chunk, 7 tiles of 2,880 rounded to 16).
    const ort = await search(Q, D, { k: 100, relevant, docLabels, backend: 'ort', tileRows: 2880 });
    // Thresholds scored apart agree with the tiles (a rescan would still be exact, only slower).
    assert.equal(ort.rescannedChunks, undefined);
    let rankDiff = 0;
    ort.relevantRanks!.forEach((r, i) => r.forEach((x, p) => (rankDiff = Math.max(rankDiff, Math.abs(x - ref.ranks[i][p])))));
    // float32 vs float64 accumulation: at most a document or two can swap around a threshold.
    assert.ok(rankDiff <= 2, `ort ranks differ from float64 ones by ${rankDiff}`);
    for (let i = 0; i < ort.scores.length; i++) assert.ok(Math.abs(ort.scores[i] - ref.scores[i]) < 1e-5);
    // The ORT result is self-consistent: ranks of its own top-k members equal their positions.
    const self = await search(Q, D, { k: 100, relevant: Array.from({ length: Q.rows }, (_, i) => ort.indices.slice(i * 100, i * 100 + 100)), backend: 'ort', tileRows: 2880 });
    self.relevantRanks!.forEach((r) => assert.deepEqual(Array.from(r), Array.from({ length: 100 }, (_, p) => p + 1)));
  });

  for (const backend of KERNELS) {
    it(`${backend}: a search aborted while a tile is being scored stops with CancelledError, and the next search is exact`, async () => {
      const { Q, D, relevant, docLabels } = pool(6000, 40, 16, 2, 17);
      const ctl = new AbortController();
      let calls = 0;
      const onProgress = () => ++calls === 2 && ctl.abort();
      await assert.rejects(search(Q, D, { k: 10, relevant, docLabels, backend, tileRows: 512, signal: ctl.signal, onProgress }), (e: Error) => e.name === 'CancelledError');
      assert.equal(calls, 2);
      const a = await search(Q, D, { k: 10, relevant, docLabels, backend, tileRows: 512 });
      const b = await search(Q, D, { k: 10, relevant, docLabels, backend, tileRows: 512 });
      assert.equal(a.overlapped, backend === 'native');
      assert.deepEqual({ ...a, overlapped: undefined }, { ...b, overlapped: undefined });
    });
  }

  it('searches a float16 pool: identical to searching its widened float32 copy', async () => {
    const { Q, D, relevant, docLabels } = pool(3000, 12, 16, 2, 11);
    const half = toF16Rows(D);
    const wide = new Float32Array(D.data.length);
    half.read(0, D.rows, wide);
    for (const backend of KERNELS) {
      const a = await search(Q, half, { k: 10, relevant, docLabels, backend, tileRows: 700 });
      const b = await search(Q, { rows: D.rows, dim: D.dim, data: wide }, { k: 10, relevant, docLabels, backend, tileRows: 700 });
      assert.deepEqual(a, b);
    }
  });

  it('rounds float32 to float16 to nearest even and widens exactly', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [65504, 0x7bff], [65520, 0x7c00], [1e9, 0x7c00],
      [2 ** -24, 0x0001], [2 ** -25, 0x0000], [3 * 2 ** -25, 0x0002], [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [0.1, 0x2e66],
    ];
    for (const [x, h] of cases) assert.equal(toF16(x), h, `toF16(${x})`);
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const wide = new Float32Array(65536);
    widenF16(all, 0, wide);
    for (let h = 0; h < 65536; h++) if (!Number.isNaN(wide[h])) assert.equal(toF16(wide[h]), h);
    assert.throws(() => f16Rows(2, 3, new Uint16Array(5)), RangeError);
  });
});
