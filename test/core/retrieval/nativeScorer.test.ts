import * as assert from 'node:assert/strict';
import { nativeAvailable, nativeIsa, nativeScorer, useNativeIsa } from '../../../src/core/retrieval/nativeScorer';
import { BLOCK } from '../../../src/core/retrieval/tileScorer';
import { rng } from '../../../src/core/metrics/stats';

/** Uniform values in [-1, 1), seeded. */
function values(count: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: count }, () => 2 * r() - 1);
}

describe('retrieval/nativeScorer', function () {
  // The build (scripts/build-native.mjs) makes the kernel on every Linux x64 machine with g++:
  // there, its absence is a failure, not a reason to skip.
  before(function () {
    if (process.platform === 'linux' && process.arch === 'x64') assert.ok(nativeAvailable(), 'dist/native/xlens_gemm.node: run `npm run build`');
    else if (!nativeAvailable()) this.skip();
  });
  afterEach(() => useNativeIsa('best'));

  it('scores every shape around the micro-tile edges (12 queries × 32 documents) like a float64 reference', async () => {
    const shapes = [
      [1, 1, 1], [12, 32, 8], [13, 33, 7], [11, 31, 384], [25, 64, 17], [30, 100, 70], [7, 257, 3], [40, 640, 129],
    ];
    for (const [mq, nt, d] of shapes) {
      const Q = values((mq + 2) * d, mq * 1000 + nt);
      const T = values(nt * d, d * 7 + 1);
      const S = new Float32Array(mq * nt).fill(NaN);
      const nb = Math.ceil(nt / BLOCK);
      const M = new Float32Array(mq * nb).fill(NaN);
      // Rows 2.. of Q: the scorer must start at `first`.
      const maxed = await nativeScorer().score(Q, 2, mq, T, nt, d, S, M);
      assert.equal(maxed, true, `${mq}×${nt}×${d}: block maxima`);
      for (let i = 0; i < mq; i++) {
        for (let j = 0; j < nt; j++) {
          let ref = 0;
          for (let t = 0; t < d; t++) ref += Q[(i + 2) * d + t] * T[j * d + t];
          assert.ok(Math.abs(S[i * nt + j] - ref) <= 1e-5 * Math.max(1, Math.sqrt(d)), `${mq}×${nt}×${d}: S[${i}, ${j}] = ${S[i * nt + j]}, expected ${ref}`);
        }
        // Every block, the last one of a row possibly short (its padding never counts).
        for (let b = 0; b < nb; b++) {
          assert.equal(M[i * nb + b], Math.max(...S.subarray(i * nt + b * BLOCK, i * nt + Math.min(nt, (b + 1) * BLOCK))), `${mq}×${nt}×${d}: block ${b} of row ${i}`);
        }
      }
    }
  });

  it('gives a pair the same bits in any tile shape, at any position, on the AVX-512 and AVX2 paths', async () => {
    const d = 96;
    const Q = values(40 * d, 1);
    const T = values(300 * d, 2);
    const whole = new Float32Array(40 * 300);
    await nativeScorer().score(Q, 0, 40, T, 300, d, whole);
    // Documents 100..136 as a tile of their own, for queries 5..11.
    const part = new Float32Array(7 * 37);
    await nativeScorer().score(Q, 5, 7, T.subarray(100 * d, 137 * d), 37, d, part);
    for (let i = 0; i < 7; i++) for (let j = 0; j < 37; j++) assert.equal(part[i * 37 + j], whole[(i + 5) * 300 + 100 + j]);
    const best = nativeIsa();
    if (best === 'avx512') {
      assert.equal(useNativeIsa('avx2'), 'avx2');
      const avx2 = new Float32Array(40 * 300);
      await nativeScorer().score(Q, 0, 40, T, 300, d, avx2);
      assert.deepEqual(avx2, whole);
    }
  });

  it('reuses the packed queries of a chunk and repacks when the chunk changes', async () => {
    const d = 16;
    const Q = values(30 * d, 3);
    const T = values(50 * d, 4);
    const scorer = nativeScorer();
    const a = new Float32Array(10 * 50);
    const b = new Float32Array(10 * 50);
    await scorer.score(Q, 0, 10, T, 50, d, a);
    await scorer.score(Q, 20, 10, T, 50, d, b);
    let ref = 0;
    for (let t = 0; t < d; t++) ref += Q[20 * d + t] * T[t];
    assert.ok(Math.abs(b[0] - ref) < 1e-5);
    assert.notEqual(a[0], b[0]);
  });

  it('returns before scoring: the JavaScript thread is free while the kernel works', async () => {
    const d = 384;
    const Q = values(512 * d, 5);
    const T = values(4096 * d, 6);
    const S = new Float32Array(512 * 4096);
    const scorer = nativeScorer();
    await scorer.score(Q, 0, 512, T, 4096, d, S); // packs this chunk's queries, starts the threads
    // Best of three: a busy machine may pause this thread anywhere.
    let best = Infinity;
    let verdict = '';
    for (let trial = 0; trial < 3; trial++) {
      S.fill(0);
      const t0 = performance.now();
      const pending = scorer.score(Q, 0, 512, T, 4096, d, S);
      const returned = performance.now() - t0;
      await pending;
      const done = performance.now() - t0;
      if (returned / done < best) [best, verdict] = [returned / done, `returned after ${returned.toFixed(2)} ms of ${done.toFixed(2)} ms`];
    }
    // 1.6 GFLOP of scoring against a call that only queues it.
    assert.ok(best < 0.25, verdict);
    assert.ok(Number.isFinite(S[S.length - 1]) && S[S.length - 1] !== 0);
  });
});

describe('retrieval/nativeScorer counting', function () {
  before(function () {
    if (!nativeAvailable()) this.skip();
  });

  it('refuses counting offsets that would write outside the tallies', async () => {
    const d = 4;
    const Q = values(2 * d, 7);
    const T = values(8 * d, 8);
    const S = new Float32Array(2 * 8);
    const good = {
      thrScore: Float32Array.of(0, 0),
      thrIndex: Int32Array.of(1, 2),
      thrOff: Int32Array.of(0, 1, 2),
      histOff: Int32Array.of(0, 2, 4),
      hist: new Int32Array(4),
      labels: null,
      L: 1,
      j0: 0,
    };
    await nativeScorer().score(Q, 0, 2, T, 8, d, S, undefined, good);
    for (const bad of [
      { ...good, histOff: Int32Array.of(0, 2, 5) },
      { ...good, histOff: Int32Array.of(0, 1, 2) },
      { ...good, thrOff: Int32Array.of(0, 3, 2) },
      { ...good, labels: new Uint16Array(8).fill(1) },
      { ...good, labels: new Uint16Array(4), L: 1 },
    ]) {
      await assert.rejects(nativeScorer().score(Q, 0, 2, T, 8, d, S, undefined, bad), TypeError);
    }
  });

  it('tallies a tile as ChunkScan does: above each threshold, per label, ties broken by pool index', async () => {
    // One query, d = 1: scores are the document values themselves.
    const Q = Float32Array.of(1);
    const T = Float32Array.of(0.5, 0.9, 0.5, 0.1, 0.7, 0.5);
    const S = new Float32Array(6);
    const labels = Uint16Array.of(9, 9, 0, 1, 1, 0, 1, 0, 9); // the tile starts at pool index 2
    // Thresholds worst first: the document at pool 4 (0.5) and at pool 6 (0.7).
    const count = { thrScore: Float32Array.of(0.5, 0.7), thrIndex: Int32Array.of(4, 6), thrOff: Int32Array.of(0, 2), histOff: Int32Array.of(0, 6), hist: new Int32Array(6), labels, L: 2, j0: 2 };
    await nativeScorer().score(Q, 0, 1, T, 6, 1, S, undefined, count);
    // Pool 2 (0.5, before 4: beats it), pool 3 (0.9: beats both), pool 4 itself and pool 7 (0.5,
    // after 4) beat nothing, pool 5 (0.1) nothing, pool 6 (0.7) beats 4 only.
    // hist[t * L + label]: t = 1 ← pool 2 (label 0) and pool 6 (label 1); t = 2 ← pool 3 (label 1).
    assert.deepEqual(Array.from(count.hist), [0, 0, 1, 1, 0, 1]);
  });
});

describe('retrieval/nativeScorer release', function () {
  before(function () {
    if (!nativeAvailable()) this.skip();
  });

  it('frees a chunk’s packed queries on release and packs again when used after it', async () => {
    const d = 8;
    const Q = values(5 * d, 9);
    const T = values(7 * d, 10);
    const a = new Float32Array(5 * 7);
    const b = new Float32Array(5 * 7);
    const scorer = nativeScorer();
    await scorer.score(Q, 0, 5, T, 7, d, a);
    scorer.release?.();
    await scorer.score(Q, 0, 5, T, 7, d, b);
    assert.deepEqual(b, a);
    scorer.release?.();
    scorer.release?.();
  });
});
