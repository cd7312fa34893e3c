import * as assert from 'node:assert/strict';
import { syntheticEmbeddings } from '../../../bench/umapBench';
import { ivfKnn } from '../../../src/core/projection/approxKnn';
import { exactKnn, type Knn } from '../../../src/core/projection/knnGraph';
import { knnRecall } from '../../../src/core/projection/quality';
import { IVF_FROM, umapLayout } from '../../../src/core/projection/umap';
import { rng } from '../../../src/core/metrics/stats';
import { matrix, normalizeRows } from '../../../src/core/vectors';

/** Share of each point's exact neighbours found by the approximate search. */
function recall(exact: Knn, approx: Knn): number {
  let hit = 0;
  for (let i = 0; i < exact.n; i++) {
    const s = new Set(exact.indices.subarray(i * exact.k, (i + 1) * exact.k));
    for (let x = 0; x < approx.k; x++) if (s.has(approx.indices[i * approx.k + x])) hit++;
  }
  return hit / (exact.n * exact.k);
}

/** Unit vectors near a random `intrinsic`-dimensional subspace of R^dim, without clusters. */
function lowRankVectors(n: number, dim: number, intrinsic: number, seed: number) {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
  const basis = Array.from({ length: intrinsic * dim }, gauss);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: intrinsic }, gauss);
    for (let d = 0; d < dim; d++) {
      let x = 0.2 * gauss();
      for (let t = 0; t < intrinsic; t++) x += z[t] * basis[t * dim + d];
      data[i * dim + d] = x;
    }
  }
  return normalizeRows(matrix(n, dim, data));
}

describe('projection: approximate kNN (IVF)', function () {
  this.timeout(120_000);

  it('finds ≥ 0.95 of the exact neighbours of clustered embeddings, ordered as exactKnn, seeded', async () => {
    const v = syntheticEmbeddings(400, 5, 64, 3);
    const exact = await exactKnn(v, 10, { backend: 'ts' });
    const a = await ivfKnn(v, 10, { backend: 'ts', seed: 5 });
    assert.equal(a.k, 10);
    assert.ok(a.lists > 1 && a.lists <= v.rows);
    const r = recall(exact, a);
    assert.ok(r >= 0.95, `recall ${r}`);
    for (let i = 0; i < a.n; i++) {
      const row = a.indices.subarray(i * a.k, (i + 1) * a.k);
      assert.ok(!row.includes(i), `point ${i} is its own neighbour`);
      assert.equal(new Set(row).size, a.k, `duplicate neighbours of ${i}`);
      for (let x = 1; x < a.k; x++) assert.ok(a.distances[i * a.k + x - 1] <= a.distances[i * a.k + x], `row ${i} not nearest first`);
    }
    const again = await ivfKnn(v, 10, { backend: 'ts', seed: 5 });
    assert.deepEqual(again.indices, a.indices);
    assert.deepEqual(again.distances, a.distances);
  });

  it('is exact when every cell is probed, and falls back to exact search for points in tiny cells', async () => {
    const v = syntheticEmbeddings(60, 3, 16, 9);
    const exact = await exactKnn(v, 6, { backend: 'ts' });
    const all = await ivfKnn(v, 6, { backend: 'ts', lists: 7, probes: 7 });
    assert.deepEqual(all.indices, exact.indices);
    // One probe (fixed: no recall target) of 90 cells over 180 points: most cells hold fewer than 7 points.
    const tiny = await ivfKnn(v, 6, { backend: 'ts', lists: 90, probes: 1, targetRecall: 0 });
    assert.equal(tiny.probes, 1);
    assert.ok(tiny.exactRows > 0, 'no point fell back to the exact search');
    assert.ok(tiny.indices.every((j) => j >= 0 && j < v.rows));
    assert.ok(tiny.distances.every(Number.isFinite));
  });

  it('states its recall on a seeded sample and probes more cells until it reaches the target', async () => {
    // Unclustered vectors (intrinsic dimension 12): a few cells find well under 0.9 of the neighbours.
    const v = lowRankVectors(3000, 64, 12, 11);
    const exact = await exactKnn(v, 10, { backend: 'ts' });
    const fixed = await ivfKnn(v, 10, { backend: 'ts', probes: 2, targetRecall: 0, recallSample: 500 });
    assert.equal(fixed.probes, 2);
    assert.equal(fixed.recallSample, 500);
    const low = recall(exact, fixed);
    assert.ok(low < 0.9, `two probes already find ${low}`);
    assert.ok(fixed.recallStdError > 0 && fixed.recallStdError < 0.03, `standard error ${fixed.recallStdError}`);
    assert.ok(Math.abs(fixed.recall - low) < 4 * fixed.recallStdError, `estimate ${fixed.recall} ± ${fixed.recallStdError}, true ${low}`);
    const adaptive = await ivfKnn(v, 10, { backend: 'ts', probes: 2, recallSample: 500 });
    assert.ok(adaptive.probes > 2, `stayed at ${adaptive.probes} probes`);
    assert.ok(adaptive.recall >= 0.9, `estimate ${adaptive.recall}`);
    assert.ok(recall(exact, adaptive) >= 0.88, `true recall ${recall(exact, adaptive)}`);
    // Every point sampled (n ≤ recallSample): the stated recall is the true one.
    const all = await ivfKnn(v, 10, { backend: 'ts', probes: 2, targetRecall: 0, recallSample: v.rows });
    assert.equal(all.recallSample, v.rows);
    assert.ok(Math.abs(all.recall - recall(exact, all)) < 1e-12);
    assert.equal(all.recallStdError, 0);
  });

  it('handles k ≥ n − 1 and a single point', async () => {
    const v = normalizeRows(matrix(4, 3, Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0])));
    const a = await ivfKnn(v, 10, { backend: 'ts' });
    const exact = await exactKnn(v, 10, { backend: 'ts' });
    assert.equal(a.k, 3);
    assert.deepEqual(a.indices, exact.indices);
    const one = await ivfKnn(matrix(1, 3, Float32Array.from([1, 0, 0])), 5, { backend: 'ts' });
    assert.equal(one.k, 0);
  });
});

describe('projection: UMAP with approximate neighbours', function () {
  this.timeout(120_000);

  it('searches exactly below IVF_FROM points by default, and with knnMethod ivf keeps neighbourhoods as well as exact', async () => {
    const v = syntheticEmbeddings(300, 5, 48, 4);
    const exact = await exactKnn(v, 15, { backend: 'ts' });
    const auto = await umapLayout(v, { epochs: 60, backend: 'ts' });
    assert.ok(v.rows < IVF_FROM);
    assert.equal(auto.knnMethod, 'exact');
    const ivf = await umapLayout(v, { epochs: 60, backend: 'ts', knnMethod: 'ivf' });
    assert.equal(ivf.knnMethod, 'ivf');
    assert.ok(ivf.knnRecall && ivf.knnRecall.sample === 300 && ivf.knnRecall.value >= 0.9, `stated recall ${JSON.stringify(ivf.knnRecall)}`);
    assert.equal(auto.knnRecall, undefined);
    const [re, ri] = [knnRecall(exact, auto.coords), knnRecall(exact, ivf.coords)];
    assert.ok(ri >= re - 0.02, `layout recall with ivf ${ri}, exact ${re}`);
    assert.equal((await umapLayout(v, { epochs: 5, backend: 'ts', knn: exact })).knnMethod, 'given');
  });
});
